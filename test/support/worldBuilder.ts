/**
 * Sandbox worlds for tests and benchmarks, written as what a test is about: the builder fills in the rest with
 * the shared defaults (the API pair, the account, the behaviour). docs/sandbox-world.md describes every field.
 * Ids and access hashes are decimal strings, as in a world file: 64-bit values never pass through JS `number`.
 */
import type { WorldAccount, WorldBehaviour, WorldCall, WorldChat, WorldFile, WorldUser } from '../../sandbox/world/worldFile';

/** The API pair of every test world (the sandbox's own, as in its default world). */
export const TEST_API_ID = 12345;
export const TEST_API_HASH = '0123456789abcdef0123456789abcdef';

/** A start time far enough ahead that a scheduled call stays scheduled (2033-05-18). */
export const FAR_FUTURE = 2_000_000_000;

const DEFAULT_ACCOUNT: WorldAccount = { id: '1000', firstName: 'Ops', phone: '15550001000' };

/** The sandbox's default behaviour (atomic batches, 10 users per invite, no latency, no faults); a new object each call. */
export function defaultBehaviour(): WorldBehaviour {
	return { batch: 'atomic', maxUsersPerInvite: 10, latencyMs: 0, faults: [] };
}

/** What a test says about its world; anything left out takes the default. */
export interface WorldParts {
	apiId?: number;
	apiHash?: string;
	/** Changes to the default account (id 1000, "Ops", phone 15550001000). */
	me?: Partial<WorldAccount>;
	users?: WorldUser[];
	chats?: WorldChat[];
	/** Changes to defaultBehaviour(). */
	behaviour?: Partial<WorldBehaviour>;
}

export function buildWorld(parts: WorldParts = {}): WorldFile {
	return {
		version: 1,
		apiId: parts.apiId ?? TEST_API_ID,
		apiHash: parts.apiHash ?? TEST_API_HASH,
		me: { ...DEFAULT_ACCOUNT, ...parts.me },
		users: parts.users ?? [],
		chats: parts.chats ?? [],
		behaviour: { ...defaultBehaviour(), ...parts.behaviour },
	};
}

/** A call running now that the account joined as itself; nobody in it or invited yet unless `changes` says so. */
export function worldCall(id: string, accessHash: string, changes: Partial<WorldCall> = {}): WorldCall {
	return { id, accessHash, state: 'active', participants: [], invited: [], joinedAs: 'self', ...changes };
}
