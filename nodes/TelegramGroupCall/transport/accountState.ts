import type { AccountHold, TelegramChat, TelegramUser } from './types';

/**
 * What the node remembers about one Telegram account between executions: the users it met (id, access hash,
 * username), when it listed a chat's members, the FLOOD_WAITs Telegram asked for per method, and an anti-spam
 * hold (PEER_FLOOD). The transport keeps the memory; the actions decide what to do with it
 * (docs/decisions/0011-account-state.md).
 *
 * Reads are synchronous because they sit on the per-request path; an implementation shared between processes
 * (queue mode, n8n's Redis) keeps a local mirror for the reads and writes through.
 */
export interface AccountState {
	/** The account itself (a session never changes account), once asked. */
	self(): TelegramUser | undefined;
	rememberSelf(me: TelegramUser): void;
	/** A user met before, by id; undefined when unknown or evicted. */
	user(userId: string): TelegramUser | undefined;
	/** A user met before with this username (any letter case) in the last USERNAME_TRUST_MS. */
	userByUsername(username: string, now: number): TelegramUser | undefined;
	rememberUsers(users: readonly TelegramUser[], now: number): void;
	/** Drops a user whose access hash Telegram refused, so the next look-up asks again. */
	forgetUser(userId: string): void;
	/** A public group or channel met before with this username, in the last USERNAME_TRUST_MS. */
	chatByUsername(username: string, now: number): TelegramChat | undefined;
	rememberChat(username: string, chat: TelegramChat, now: number): void;
	forgetChat(username: string): void;
	/** When the members of the chat ("channel:<id>" / "chat:<id>") were last listed. */
	membersListedAt(chatKey: string): number | undefined;
	rememberMembersListed(chatKey: string, at: number): void;
	forgetMembersListed(chatKey: string): void;
	/** A FLOOD_WAIT Telegram asked for this method that has not expired yet. */
	floodWait(method: string, now: number): FloodMark | undefined;
	rememberFloodWait(method: string, mark: FloodMark): void;
	/** The account is held back from inviting (PEER_FLOOD) until `until`, if that is still ahead. */
	hold(now: number): AccountHold | undefined;
	rememberHold(hold: AccountHold): void;
	/** Forgets everything about the account. */
	clear(): void;
}

export interface FloodMark {
	/** Milliseconds since the epoch when the wait ends. */
	until: number;
	/** Which execution met the wait: its own retry policy already knows it, so its own check skips the mark. */
	setBy: symbol;
}

/**
 * Users per account. A cached user costs about 160–180 bytes (bench/warmRerun.ts measures it), so a full cache
 * is about 8 MiB per account; 50,000 holds the members Telegram lists for five of the largest groups (about 10,000
 * each) or more than a year of a workflow that invites 100 new people a day.
 */
export const MAX_CACHED_USERS = 50_000;
/** Public chats (by username) per account: calls are looked up in a handful of groups. */
export const MAX_CACHED_CHATS = 1_000;
/** Accounts remembered per process; the least recently used one is forgotten first. */
export const MAX_ACCOUNTS = 32;
/**
 * A username can be given up and taken by someone else; after this long it is asked again (one
 * contacts.resolveUsername per user a day), so an invite never goes to a stale owner for long.
 */
export const USERNAME_TRUST_MS = 24 * 60 * 60_000;

interface Entry {
	user: TelegramUser;
	/** When the user (and so the username) was last seen in an answer from Telegram. */
	seenAt: number;
	/** Neighbours in recency order (a doubly linked list: O(1) touch and eviction). */
	newer?: Entry;
	older?: Entry;
}

/** The in-process AccountState: a bounded LRU of users plus small maps for marks. */
export class MemoryAccountState implements AccountState {
	private readonly users = new Map<string, Entry>();

	/**
	 * Recency order as a linked list, not the Map's insertion order: V8 leaves deleted Map slots in place until
	 * it rehashes, so taking the oldest key from the front of a churning Map costs O(n) (26 µs per insert at
	 * 100,000 users, measured).
	 */
	private newest: Entry | undefined;

	private oldest: Entry | undefined;

	private readonly idByUsername = new Map<string, string>();

	private readonly membersListed = new Map<string, number>();

	private readonly chats = new Map<string, { chat: TelegramChat; seenAt: number }>();

	private readonly floodWaits = new Map<string, FloodMark>();

	private accountHold: AccountHold | undefined;

	private me: TelegramUser | undefined;

	constructor(private readonly maxUsers = MAX_CACHED_USERS) {}

	get size(): number {
		return this.users.size;
	}

	self(): TelegramUser | undefined {
		return this.me;
	}

	rememberSelf(me: TelegramUser): void {
		this.me = { ...me };
	}

	user(userId: string): TelegramUser | undefined {
		const entry = this.users.get(userId);
		if (!entry) return undefined;
		this.moveToNewest(entry);
		return entry.user;
	}

	userByUsername(username: string, now: number): TelegramUser | undefined {
		const id = this.idByUsername.get(username.toLowerCase());
		const entry = id === undefined ? undefined : this.users.get(id);
		if (!entry || id === undefined || now - entry.seenAt > USERNAME_TRUST_MS) return undefined;
		this.moveToNewest(entry);
		return entry.user;
	}

	rememberUsers(users: readonly TelegramUser[], now: number): void {
		for (const user of users) {
			if (user.self) continue;
			const previous = this.users.get(user.id);
			const oldName = previous?.user.username?.toLowerCase();
			const newName = user.username?.toLowerCase();
			if (oldName !== undefined && oldName !== newName && this.idByUsername.get(oldName) === user.id) this.idByUsername.delete(oldName);
			if (previous) {
				previous.user = compact(user);
				previous.seenAt = now;
				this.moveToNewest(previous);
			} else {
				const entry: Entry = { user: compact(user), seenAt: now };
				this.users.set(user.id, entry);
				this.moveToNewest(entry);
			}
			if (newName !== undefined) this.idByUsername.set(newName, user.id);
		}
		while (this.users.size > this.maxUsers && this.oldest) this.forgetUser(this.oldest.user.id);
	}

	forgetUser(userId: string): void {
		const entry = this.users.get(userId);
		if (!entry) return;
		this.users.delete(userId);
		this.unlink(entry);
		const name = entry.user.username?.toLowerCase();
		if (name !== undefined && this.idByUsername.get(name) === userId) this.idByUsername.delete(name);
	}

	chatByUsername(username: string, now: number): TelegramChat | undefined {
		const entry = this.chats.get(username.toLowerCase());
		if (!entry || now - entry.seenAt > USERNAME_TRUST_MS) return undefined;
		return { ...entry.chat };
	}

	rememberChat(username: string, chat: TelegramChat, now: number): void {
		const key = username.toLowerCase();
		this.chats.delete(key);
		this.chats.set(key, { chat: { ...chat }, seenAt: now });
		if (this.chats.size > MAX_CACHED_CHATS) this.chats.delete(this.chats.keys().next().value as string);
	}

	forgetChat(username: string): void {
		this.chats.delete(username.toLowerCase());
	}

	membersListedAt(chatKey: string): number | undefined {
		return this.membersListed.get(chatKey);
	}

	rememberMembersListed(chatKey: string, at: number): void {
		this.membersListed.delete(chatKey);
		this.membersListed.set(chatKey, at);
		// Chats are few; keep the marks bounded anyway.
		if (this.membersListed.size > 1_000) this.membersListed.delete(this.membersListed.keys().next().value as string);
	}

	forgetMembersListed(chatKey: string): void {
		this.membersListed.delete(chatKey);
	}

	floodWait(method: string, now: number): FloodMark | undefined {
		const mark = this.floodWaits.get(method);
		if (!mark) return undefined;
		if (mark.until > now) return mark;
		this.floodWaits.delete(method);
		return undefined;
	}

	rememberFloodWait(method: string, mark: FloodMark): void {
		const current = this.floodWaits.get(method);
		if (!current || current.until <= mark.until) this.floodWaits.set(method, mark);
	}

	hold(now: number): AccountHold | undefined {
		if (this.accountHold && this.accountHold.until > now) return this.accountHold;
		this.accountHold = undefined;
		return undefined;
	}

	rememberHold(hold: AccountHold): void {
		if (!this.accountHold || this.accountHold.until < hold.until) this.accountHold = hold;
	}

	clear(): void {
		this.users.clear();
		this.newest = undefined;
		this.oldest = undefined;
		this.idByUsername.clear();
		this.membersListed.clear();
		this.chats.clear();
		this.floodWaits.clear();
		this.accountHold = undefined;
		this.me = undefined;
	}

	private moveToNewest(entry: Entry): void {
		if (this.newest === entry) return;
		this.unlink(entry);
		entry.older = this.newest;
		if (this.newest) this.newest.newer = entry;
		this.newest = entry;
		this.oldest ??= entry;
	}

	private unlink(entry: Entry): void {
		if (entry.newer) entry.newer.older = entry.older;
		else if (this.newest === entry) this.newest = entry.older;
		if (entry.older) entry.older.newer = entry.newer;
		else if (this.oldest === entry) this.oldest = entry.newer;
		entry.newer = undefined;
		entry.older = undefined;
	}
}

/** Only what an invite and its result need; names and flags the node never reads again are not kept. */
function compact(user: TelegramUser): TelegramUser {
	const kept: TelegramUser = { id: user.id, accessHash: user.accessHash, bot: user.bot, deleted: user.deleted, self: false };
	if (user.username !== undefined) kept.username = user.username;
	return kept;
}

/** One AccountState per account (the pool's settings fingerprint), for as long as this process runs. */
export class AccountStates {
	private readonly states = new Map<string, MemoryAccountState>();

	private create: (accountKey: string) => MemoryAccountState = () => new MemoryAccountState();

	constructor(private readonly maxAccounts = MAX_ACCOUNTS) {}

	/**
	 * Makes the memory of each account from now on with `create` (queue mode: one backed by n8n's Redis), or in
	 * this process alone again without it; what was remembered before is forgotten.
	 */
	makeWith(create?: (accountKey: string) => MemoryAccountState): void {
		this.create = create ?? (() => new MemoryAccountState());
		this.states.clear();
	}

	for(accountKey: string): AccountState {
		let state = this.states.get(accountKey);
		if (state) {
			this.states.delete(accountKey);
		} else {
			state = this.create(accountKey);
			if (this.states.size >= this.maxAccounts) this.states.delete(this.states.keys().next().value as string);
		}
		this.states.set(accountKey, state);
		return state;
	}

	clear(): void {
		this.states.clear();
	}
}
