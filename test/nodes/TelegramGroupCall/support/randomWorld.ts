/**
 * Random sandbox worlds and node inputs from a seed, for the invariant tests of
 * docs/decisions/0002-batch-attribution.md: actions/runInvites.test.ts (in process) and
 * inviteMatrix.sandbox.test.ts (in n8n's engine). A seed gives the same world and items on every machine and in
 * both tests; each test then draws what only it uses (options, faults) from the returned generator.
 * Worlds mix every per-user outcome, 64-bit ids and hashes, all three batch modes, USERS_TOO_MUCH and PEER_FLOOD;
 * inputs mix every token form, duplicates, the account itself, a chat named as a user, garbage and bad calls.
 */
import { botApiChatId } from '../../../../nodes/TelegramGroupCall/input/parseCallReference';
import type { WorldChat, WorldFile, WorldUser } from '../../../../sandbox/world/worldFile';
import { buildWorld, FAR_FUTURE } from '../../../support/worldBuilder';
import { SeededRandom } from './seededRandom';

export interface RandomCase {
	seed: number;
	world: WorldFile;
	/** One input item each: the call reference and the users, as text or as an array. */
	items: Array<{ call: string; users: string | string[] }>;
	/** Every token of each item in input order, as the node must echo it in `user`: one result each. */
	tokens: string[][];
	/** The seed's generator, past the case: a test's own draws come from it, so the seed still says it all. */
	random: SeededRandom;
}

/** Never a user of a generated world: the account's id is 100-900, users' ids ≥ 1000, phones start with 1556. */
const GARBAGE = [
	'bad!', '@ab', 'hello?', '-5', '0', '999', '12345678901', '99999999999999999999999',
	'@nobody_here', '+15559999999', '+1999000111', 'tg://user?id=0', 'tg://resolve?domain=',
];
const SEPARATORS = [' ', ',', ';', '\n', ', ', ' ;\n'];
const NAMES = ['amy', 'ben', 'cat', 'dan', 'eve', 'fox', 'gus'];

/** Positive and unique: small ids, or ids beyond 2^53 (64-bit values must survive end to end). */
function newId(random: SeededRandom, taken: Set<string>, small: [number, number]): string {
	for (;;) {
		const id = random.chance(0.35) ? (2n ** 53n + (random.uint64() % 2n ** 62n)).toString() : String(random.int(small[0], small[1]));
		if (!taken.has(id)) {
			taken.add(id);
			return id;
		}
	}
}

/** A signed 64-bit access hash, never "0". */
function newHash(random: SeededRandom): string {
	for (;;) {
		const value = random.uint64() - 2n ** 63n;
		if (value !== 0n) return value.toString();
	}
}

function randomUsers(random: SeededRandom, takenIds: Set<string>): WorldUser[] {
	const phones = new Set<string>();
	const users: WorldUser[] = [];
	for (let index = 0, count = random.int(5, 14); index < count; index++) {
		const user: WorldUser = { id: newId(random, takenIds, [1000, 999_999]), accessHash: newHash(random), firstName: `User ${index}` };
		const kind = random.int(0, 9);
		if (kind === 0) user.bot = true;
		else if (kind === 1) user.deleted = true;
		if (random.chance(0.1)) user.inviteRestricted = true;
		if (!user.deleted) {
			if (random.chance(0.75)) user.username = `${random.pick(NAMES)}${index}_${random.int(100, 999)}`;
			if (!user.bot && random.chance(0.4)) {
				let phone: string;
				do phone = `1556${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
				while (phones.has(phone));
				phones.add(phone);
				user.phone = phone;
				if (random.chance(0.5)) user.contact = true;
			}
		}
		users.push(user);
	}
	return users;
}

/** 1-3 chats of every kind; most have a call (mostly active), whose participants and invitees are set. */
function randomChats(random: SeededRandom, meId: string, userIds: string[]): WorldChat[] {
	const chats: WorldChat[] = [];
	const chatIds = new Set<string>();
	for (let index = 0, count = random.int(1, 3); index < count; index++) {
		const kind = random.pick(['supergroup', 'supergroup', 'group', 'channel'] as const);
		let id: string;
		do id = String(random.int(2_000, 999_999_999));
		while (chatIds.has(id) || id.startsWith('100'));
		chatIds.add(id);
		const members = [...(random.chance(0.95) ? [meId] : []), ...random.subset(userIds, 0.8)];
		const chat: WorldChat = { id, kind, title: `Chat ${index}`, members };
		if (kind !== 'group') {
			chat.accessHash = newHash(random);
			if (random.chance(0.8)) chat.username = `room${index}_${random.int(1000, 9999)}`;
		}
		if (random.chance(0.92)) {
			const roll = random.int(0, 99);
			const state = roll < 84 ? 'active' : roll < 92 ? 'scheduled' : 'ended';
			chat.call = {
				id: (random.uint64() % (2n ** 63n - 1n) + 1n).toString(),
				accessHash: newHash(random),
				state,
				participants: state === 'active' ? random.subset([meId, ...userIds], 0.15) : [],
				invited: random.subset(userIds, 0.1),
				joinedAs: random.chance(0.05) ? 'channel' : 'self',
			};
			if (state === 'scheduled') chat.call.scheduleDate = FAR_FUTURE;
		}
		chats.push(chat);
	}
	return chats;
}

function randomWorld(random: SeededRandom, seed: number): WorldFile {
	const takenIds = new Set<string>();
	const meId = newId(random, takenIds, [100, 900]);
	const users = randomUsers(random, takenIds);
	// The draws happen in this order (chats, then behaviour): a seed must keep giving the same world.
	const world = buildWorld({
		me: { id: meId, firstName: 'Me', username: `me_owner${seed % 1000}` },
		users,
		chats: randomChats(random, meId, users.map((user) => user.id)),
		behaviour: {
			batch: random.pick(['atomic', 'partial', 'lenient'] as const),
			maxUsersPerInvite: random.chance(0.2) ? random.int(2, 5) : 10,
		},
	});
	if (random.chance(0.2)) world.behaviour.peerFloodAfterInvites = random.int(0, 6);
	return world;
}

/** Any form the node accepts for this chat's call. */
function callReference(random: SeededRandom, chat: WorldChat): string {
	const forms = [botApiChatId(chat.kind === 'group' ? 'chat' : 'channel', chat.id)];
	if (chat.username !== undefined) forms.push(`@${chat.username}`, `https://t.me/${chat.username}?videochat`);
	if (chat.call !== undefined) forms.push(`${chat.call.id}:${chat.call.accessHash}`);
	return random.pick(forms);
}

/** Any form the node accepts for this user; usernames in mixed case, phones with or without dashes. */
function userToken(random: SeededRandom, user: { id: string; username?: string; phone?: string }): string {
	const forms = [user.id, `tg://user?id=${user.id}`];
	if (user.username !== undefined) {
		const mixed = [...user.username].map((char) => (random.chance(0.3) ? char.toUpperCase() : char)).join('');
		forms.push(`@${mixed}`, `https://t.me/${user.username}`, `t.me/${user.username}`, user.username);
	}
	if (user.phone !== undefined) forms.push(`+${user.phone}`, `+${user.phone.slice(0, 1)}-${user.phone.slice(1, 4)}-${user.phone.slice(4)}`);
	return random.pick(forms);
}

/** Digits after a phone belong to it, so an entry after a phone is separated by a line break, not a space. */
function joinEntries(tokens: string[], separator: string): string {
	return tokens.map((token, index) => (index === 0 ? token : `${tokens[index - 1].startsWith('+') && separator.trim() === '' ? '\n' : separator}${token}`)).join('');
}

/** 1-4 items of 0-12 tokens: mostly users, some repeated (also across items), the account, a chat, garbage. */
function randomItems(random: SeededRandom, world: WorldFile): Pick<RandomCase, 'items' | 'tokens'> {
	const namedChat = world.chats.find((chat) => chat.username !== undefined);
	const items: RandomCase['items'] = [];
	const tokens: string[][] = [];
	for (let itemIndex = 0, itemCount = random.int(1, 4); itemIndex < itemCount; itemIndex++) {
		const itemTokens: string[] = [];
		for (let count = random.int(0, 12); count > 0; count--) {
			const roll = random.int(0, 99);
			const earlier = [...tokens.flat(), ...itemTokens];
			if (roll < 70) itemTokens.push(userToken(random, random.pick(world.users)));
			else if (roll < 80 && earlier.length > 0) itemTokens.push(random.pick(earlier));
			else if (roll < 83) itemTokens.push(userToken(random, world.me));
			else if (roll < 85 && namedChat !== undefined) itemTokens.push(`@${namedChat.username}`);
			else itemTokens.push(random.pick(GARBAGE));
		}
		const roll = random.int(0, 99);
		const call = roll < 4 ? '@no_such_chat' : roll < 7 ? 'nonsense!' : callReference(random, random.pick(world.chats));
		items.push({ call, users: random.chance(0.5) ? itemTokens : joinEntries(itemTokens, random.pick(SEPARATORS)) });
		tokens.push(itemTokens);
	}
	return { items, tokens };
}

export function randomCase(seed: number): RandomCase {
	const random = new SeededRandom(seed);
	const world = randomWorld(random, seed);
	return { seed, world, ...randomItems(random, world), random };
}
