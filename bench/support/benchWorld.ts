import type { WorldFile } from '../../sandbox';
import { buildWorld, worldCall } from '../../test/support/worldBuilder';

/** The shape of a benchmark world: `users` member users, and one supergroup with an active call per entry of `chats`. */
export interface BenchWorldSpec {
	users: number;
	/** Members per chat (the first n users, plus the account). Each chat has its own active call. */
	chats: number[];
	/** Per chat: how many of its members (the first n users) are in its call now; default none. */
	callParticipants?: number[];
	latencyMs?: number;
	/** Give every user a username (benchUsername), for runs that name users the way people do. */
	usernames?: boolean;
}

/**
 * Ids start above 2^53 on purpose: a JS `number` anywhere on the way would change them, the sandbox would
 * answer USER_ID_INVALID, and the benchmark's result check would fail instead of measuring a broken run.
 */
const USER_ID_BASE = 2n ** 53n + 1n;
const USER_HASH_BASE = -(2n ** 62n);
const CHAT_ID_BASE = 1_700_000_000n;
const CALL_ID_BASE = 2n ** 60n;

export const ACCOUNT_ID = '1000';

export function benchUserId(index: number): string {
	return (USER_ID_BASE + BigInt(index)).toString();
}

/** Chats are reached by username, the way most workflows name them. */
export function benchChatUsername(index: number): string {
	return `bench_chat_${index}`;
}

export function benchUsername(index: number): string {
	return `bench_user_${index}`;
}

/** The first `count` user ids, in world order (which is also the order the node is asked to invite them). */
export function benchUserIds(count: number): string[] {
	return Array.from({ length: count }, (_, index) => benchUserId(index));
}

export function benchWorld(spec: BenchWorldSpec): WorldFile {
	const userIds = benchUserIds(spec.users);
	return buildWorld({
		me: { id: ACCOUNT_ID, firstName: 'Bench', username: 'bench_owner' },
		users: userIds.map((id, index) => ({
			id,
			accessHash: (USER_HASH_BASE + BigInt(index)).toString(),
			firstName: `User ${index}`,
			...(spec.usernames ? { username: benchUsername(index) } : {}),
		})),
		chats: spec.chats.map((members, index) => {
			if (members > spec.users) throw new Error(`chat ${index}: ${members} members but only ${spec.users} users`);
			return {
				id: (CHAT_ID_BASE + BigInt(index)).toString(),
				accessHash: (CHAT_ID_BASE * 7n + BigInt(index)).toString(),
				kind: 'supergroup',
				title: `Bench ${index}`,
				username: benchChatUsername(index),
				members: [ACCOUNT_ID, ...userIds.slice(0, members)],
				call: worldCall((CALL_ID_BASE + BigInt(index)).toString(), (CALL_ID_BASE * 3n + BigInt(index)).toString(), {
					participants: userIds.slice(0, spec.callParticipants?.[index] ?? 0),
				}),
			};
		}),
		behaviour: { latencyMs: spec.latencyMs ?? 0 },
	});
}
