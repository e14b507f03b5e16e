/**
 * Random sandbox worlds and node inputs from a seed (same seed, same case, on every machine), for the
 * invariant tests of docs/decisions/0002-batch-attribution.md.
 */
import type { IDataObject } from 'n8n-workflow';

import type { WorldChat, WorldFile, WorldUser } from '../../../../sandbox/world/worldFile';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
class Random {
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

	/** A 64-bit value as a decimal string (never through a JS number). */
	uint64(): bigint {
		return (BigInt(this.uint32()) << 32n) | BigInt(this.uint32());
	}
}

export interface RandomCase {
	seed: number;
	world: WorldFile;
	items: Array<{ call: string; users: string | string[] }>;
	/** Every token of each item, as the node must echo it in `user`. */
	tokens: string[][];
	options: IDataObject & { batchSize: number };
}

/** Positive, unique ids: small ones and ones beyond 2^53 (64-bit values must survive end to end). */
function newId(random: Random, taken: Set<string>, small: [number, number]): string {
	for (;;) {
		const id = random.chance(0.35) ? (2n ** 53n + (random.uint64() % 2n ** 61n)).toString() : String(random.int(small[0], small[1]));
		if (!taken.has(id)) {
			taken.add(id);
			return id;
		}
	}
}

/** A signed 64-bit access hash or call id, never "0". */
function newHash(random: Random): string {
	for (;;) {
		const value = random.uint64() - 2n ** 63n;
		if (value !== 0n) return value.toString();
	}
}

export function randomCase(seed: number): RandomCase {
	const random = new Random(seed);
	const userIds = new Set<string>();
	const phones = new Set<string>(['15550001000']);
	const newPhone = (): string => {
		for (;;) {
			const phone = `1556${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
			if (!phones.has(phone)) {
				phones.add(phone);
				return phone;
			}
		}
	};
	const meId = newId(random, userIds, [100, 999]);
	const users: WorldUser[] = [];
	const userCount = random.int(5, 14);
	for (let index = 0; index < userCount; index++) {
		const user: WorldUser = { id: newId(random, userIds, [1000, 999_999]), accessHash: newHash(random), firstName: `User ${index}` };
		const flag = random.uint32() % 10;
		if (flag === 0) user.bot = true;
		else if (flag === 1) user.deleted = true;
		if (random.chance(0.1)) user.inviteRestricted = true;
		if (!user.deleted) {
			if (random.chance(0.75)) user.username = `${random.pick(['amy', 'ben', 'cat', 'dan', 'eve', 'fox', 'gus'])}${index}_${random.int(100, 999)}`;
			if (!user.bot && random.chance(0.4)) {
				user.phone = newPhone();
				if (random.chance(0.5)) user.contact = true;
			}
		}
		users.push(user);
	}
	const everyone = [meId, ...users.map((user) => user.id)];
	const chatIds = new Set<string>();
	const chats: WorldChat[] = [];
	const chatCount = random.int(1, 3);
	for (let index = 0; index < chatCount; index++) {
		const kind = random.pick(['supergroup', 'supergroup', 'group', 'channel'] as const);
		let id: string;
		do id = String(random.int(2_000, 999_999_999));
		while (chatIds.has(id) || id.startsWith('100'));
		chatIds.add(id);
		const members = random.chance(0.95) ? [meId] : [];
		members.push(...random.subset(users.map((user) => user.id), 0.8));
		const chat: WorldChat = { id, kind, title: `Chat ${index}`, members };
		if (kind !== 'group') {
			chat.accessHash = newHash(random);
			if (random.chance(0.8)) chat.username = `room${index}_${random.int(1000, 9999)}`;
		}
		if (random.chance(0.92)) {
			const state = random.pick(['active', 'active', 'active', 'active', 'active', 'active', 'active', 'active', 'scheduled', 'ended'] as const);
			chat.call = {
				id: newHash(random).replace('-', ''),
				accessHash: newHash(random),
				state,
				participants: state === 'active' ? random.subset(everyone, 0.15) : [],
				invited: random.subset(users.map((user) => user.id), 0.1),
				joinedAs: random.chance(0.05) ? 'channel' : 'self',
			};
			if (state === 'scheduled') chat.call.scheduleDate = 2_000_000_000;
		}
		chats.push(chat);
	}
	const world: WorldFile = {
		version: 1,
		apiId: 12345,
		apiHash: '0123456789abcdef0123456789abcdef',
		me: { id: meId, firstName: 'Me', username: `me_owner${seed % 1000}`, phone: '15550001000' },
		users,
		chats,
		behaviour: {
			batch: random.pick(['atomic', 'partial', 'lenient'] as const),
			maxUsersPerInvite: random.chance(0.2) ? random.int(2, 5) : 10,
			latencyMs: 0,
			faults: [],
		},
	};
	if (random.chance(0.2)) world.behaviour.peerFloodAfterInvites = random.int(0, 6);

	const callReference = (chat: WorldChat): string => {
		const forms: string[] = [chat.kind === 'group' ? `-${chat.id}` : `-100${chat.id}`];
		if (chat.username) forms.push(`@${chat.username}`, `https://t.me/${chat.username}?videochat`);
		if (chat.call) forms.push(`${chat.call.id}:${chat.call.accessHash}`);
		return random.pick(forms);
	};
	const mixCase = (text: string): string => [...text].map((char) => (random.chance(0.3) ? char.toUpperCase() : char)).join('');
	const userToken = (user: { id: string; username?: string; phone?: string }): string => {
		const forms: string[] = [user.id, `tg://user?id=${user.id}`];
		if (user.username) forms.push(`@${mixCase(user.username)}`, `https://t.me/${user.username}`, `t.me/${user.username}`, user.username);
		if (user.phone) forms.push(`+${user.phone}`, `+${user.phone.slice(0, 1)}-${user.phone.slice(1, 4)}-${user.phone.slice(4)}`);
		return random.pick(forms);
	};
	const garbage = ['bad!', '@ab', 'hello?', '-5', '0', '99999999999999999999999', '@nobody_here_x', '+1999000111', 'tg://resolve?domain=', '12345678901'];

	const items: RandomCase['items'] = [];
	const tokens: string[][] = [];
	const itemCount = random.int(1, 4);
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const itemTokens: string[] = [];
		const tokenCount = random.int(1, 12);
		for (let tokenIndex = 0; tokenIndex < tokenCount; tokenIndex++) {
			const roll = random.uint32() % 100;
			const earlier = tokens.flat().concat(itemTokens);
			if (roll < 70) itemTokens.push(userToken(random.pick(users)));
			else if (roll < 80 && earlier.length > 0) itemTokens.push(random.pick(earlier));
			else if (roll < 83) itemTokens.push(userToken({ id: meId, username: world.me.username, phone: world.me.phone }));
			else if (roll < 85 && chats.some((chat) => chat.username)) itemTokens.push(`@${chats.find((chat) => chat.username)?.username ?? ''}`);
			else itemTokens.push(random.pick(garbage));
		}
		const call = random.chance(0.05) ? '@no_such_chat' : callReference(random.pick(chats));
		const asArray = random.chance(0.5);
		const usersValue = asArray ? itemTokens : itemTokens.join(random.pick([' ', ',', ';', '\n', ', ', ' ;\n']));
		items.push({ call, users: usersValue });
		tokens.push(itemTokens);
	}
	const options = {
		batchSize: random.int(1, 10),
		alreadyInvitedCountsAsSuccess: random.chance(0.3),
		skipUsersAlreadyInCall: random.chance(0.3),
	};
	return { seed, world, items, tokens, options };
}

