/**
 * Random sandbox worlds, node inputs and options from a seed (the same seed gives the same case on every
 * machine), for the invariant test of runInvites. Worlds mix every invite outcome, 64-bit ids, all three batch
 * modes, USERS_TOO_MUCH, PEER_FLOOD and faults the node must survive (flood waits, server hiccups).
 */
import type { InviteOptions } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/types';
import type { Fault, WorldChat, WorldFile, WorldUser } from '../../../../sandbox/world/worldFile';
import { INVITE_METHOD } from './sandboxInviteRun';

/** mulberry32: small, and the same sequence for the same seed everywhere. */
export class SeededRandom {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	uint32(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + (this.uint32() % (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.uint32() / 0x1_0000_0000 < probability;
	}

	pick<T>(values: readonly T[]): T {
		return values[this.int(0, values.length - 1)];
	}

	subset<T>(values: readonly T[], probability: number): T[] {
		return values.filter(() => this.chance(probability));
	}

	uint64(): bigint {
		return (BigInt(this.uint32()) << 32n) | BigInt(this.uint32());
	}
}

export interface RandomInviteCase {
	seed: number;
	world: WorldFile;
	items: Array<{ call: string; users: string | string[] }>;
	/** How many user tokens each item holds (every one must end up with exactly one result). */
	tokenCounts: number[];
	options: Partial<InviteOptions>;
}

/** Tokens that never name a user of a generated world (ids there are ≥ 1000, phones start with 1556). */
const GARBAGE = ['bad!', '@nobody_here', '999', '+15559999999', 'hello?', '@ab', 'tg://user?id=0'];

export function randomInviteCase(seed: number): RandomInviteCase {
	const random = new SeededRandom(seed);
	const takenIds = new Set<string>();
	const newUserId = (): string => {
		for (;;) {
			// Small ids and ids beyond 2^53: 64-bit values must never pass through a JS number.
			const id = random.chance(0.3) ? (2n ** 53n + (random.uint64() % 2n ** 62n)).toString() : String(random.int(1000, 99_999));
			if (!takenIds.has(id)) {
				takenIds.add(id);
				return id;
			}
		}
	};
	const newHash = (): string => {
		for (;;) {
			const value = random.uint64() - 2n ** 63n;
			if (value !== 0n) return value.toString();
		}
	};
	const phones = new Set<string>();
	const newPhone = (): string => {
		for (;;) {
			const phone = `1556${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
			if (!phones.has(phone)) {
				phones.add(phone);
				return phone;
			}
		}
	};

	const meId = String(random.int(100, 900));
	takenIds.add(meId);
	const users: WorldUser[] = [];
	for (let index = 0, count = random.int(5, 14); index < count; index++) {
		const user: WorldUser = { id: newUserId(), accessHash: newHash(), firstName: `User ${index}` };
		const kind = random.int(0, 9);
		if (kind === 0) user.bot = true;
		else if (kind === 1) user.deleted = true;
		if (random.chance(0.1)) user.inviteRestricted = true;
		if (!user.deleted) {
			if (random.chance(0.75)) user.username = `${random.pick(['amy', 'ben', 'cat', 'dan', 'eve'])}${index}_${random.int(100, 999)}`;
			if (!user.bot && random.chance(0.4)) user.phone = newPhone();
		}
		users.push(user);
	}
	const userIds = users.map((user) => user.id);

	const chats: WorldChat[] = [];
	const chatIds = new Set<string>();
	for (let index = 0, count = random.int(1, 3); index < count; index++) {
		const kind = random.pick(['supergroup', 'supergroup', 'group', 'channel'] as const);
		let id: string;
		do id = String(random.int(2_000, 999_999_999));
		while (chatIds.has(id) || id.startsWith('100'));
		chatIds.add(id);
		const members = [...(random.chance(0.95) ? [meId] : []), ...random.subset(userIds, 0.75)];
		const chat: WorldChat = { id, kind, title: `Chat ${index}`, members };
		if (kind !== 'group') {
			chat.accessHash = newHash();
			if (random.chance(0.8)) chat.username = `room${index}_${random.int(1000, 9999)}`;
		}
		if (random.chance(0.93)) {
			const roll = random.int(0, 99);
			const state = roll < 86 ? 'active' : roll < 93 ? 'scheduled' : 'ended';
			chat.call = {
				id: (random.uint64() % (2n ** 63n - 1n) + 1n).toString(),
				accessHash: newHash(),
				state,
				participants: state === 'active' ? random.subset([meId, ...userIds], 0.15) : [],
				invited: random.subset(userIds, 0.1),
				joinedAs: random.chance(0.05) ? 'channel' : 'self',
			};
			if (state === 'scheduled') chat.call.scheduleDate = 2_000_000_000;
		}
		chats.push(chat);
	}

	const faults: Fault[] = [];
	const faultCalls = new Set<number>();
	for (let count = random.chance(0.4) ? random.int(1, 3) : 0; count > 0; count--) {
		const call = random.int(1, 6);
		if (faultCalls.has(call)) continue;
		faultCalls.add(call);
		faults.push(
			random.chance(0.6)
				? { method: INVITE_METHOD, call, action: 'floodWait', seconds: random.pick([2, 30, 3600]) }
				: { method: INVITE_METHOD, call, action: 'error', code: 500, message: 'INTERNAL' },
		);
	}
	if (random.chance(0.15)) faults.push({ method: 'contacts.resolveUsername', call: random.int(1, 4), action: 'floodWait', seconds: random.pick([5, 3600]) });

	const world: WorldFile = {
		version: 1,
		apiId: 12345,
		apiHash: '0123456789abcdef0123456789abcdef',
		me: { id: meId, firstName: 'Me', username: `me_owner${seed % 1000}`, phone: '15550001000' },
		users,
		chats,
		behaviour: {
			batch: random.pick(['atomic', 'partial', 'lenient'] as const),
			maxUsersPerInvite: random.chance(0.2) ? random.int(2, 4) : 10,
			latencyMs: 0,
			faults,
		},
	};
	if (random.chance(0.2)) world.behaviour.peerFloodAfterInvites = random.int(0, 5);

	const callReference = (chat: WorldChat): string => {
		const forms = [chat.kind === 'group' ? `-${chat.id}` : `-100${chat.id}`];
		if (chat.username !== undefined) forms.push(`@${chat.username}`, `https://t.me/${chat.username}?videochat`);
		if (chat.call !== undefined) forms.push(`${chat.call.id}:${chat.call.accessHash}`);
		return random.pick(forms);
	};
	const mixCase = (text: string): string => [...text].map((char) => (random.chance(0.3) ? char.toUpperCase() : char)).join('');
	const userToken = (user: { id: string; username?: string; phone?: string }): string => {
		const forms = [user.id];
		if (user.username !== undefined) forms.push(`@${mixCase(user.username)}`, `https://t.me/${user.username}`, user.username);
		if (user.phone !== undefined) forms.push(`+${user.phone}`);
		return random.pick(forms);
	};

	const items: RandomInviteCase['items'] = [];
	const tokenCounts: number[] = [];
	const written: string[] = [];
	for (let itemIndex = 0, itemCount = random.int(1, 4); itemIndex < itemCount; itemIndex++) {
		const tokens: string[] = [];
		for (let count = random.int(0, 10); count > 0; count--) {
			const roll = random.int(0, 99);
			if (roll < 72) tokens.push(userToken(random.pick(users)));
			else if (roll < 78 && written.length + tokens.length > 0) tokens.push(random.pick([...written, ...tokens]));
			else if (roll < 82) tokens.push(userToken({ id: meId, username: world.me.username, phone: world.me.phone }));
			else if (roll < 85 && chats.some((chat) => chat.username !== undefined)) {
				tokens.push(`@${chats.find((chat) => chat.username !== undefined)?.username ?? ''}`);
			} else tokens.push(random.pick(GARBAGE));
		}
		const roll = random.int(0, 99);
		const call = roll < 4 ? '@no_such_chat' : roll < 7 ? 'nonsense!' : callReference(random.pick(chats));
		items.push({ call, users: random.chance(0.5) ? tokens : tokens.join(random.pick([' ', ',', ';', '\n', ', '])) });
		tokenCounts.push(tokens.length);
		written.push(...tokens);
	}

	const options: Partial<InviteOptions> = {
		batchSize: random.int(1, 10),
		pauseMs: random.pick([0, 0, 100]),
		alreadyInvitedCountsAsSuccess: random.chance(0.5),
		skipUsersAlreadyInCall: random.chance(0.5),
		dryRun: random.chance(0.1),
	};
	return { seed, world, items, tokenCounts, options };
}
