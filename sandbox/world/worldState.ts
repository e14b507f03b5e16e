import { deriveInt64 } from './derivedValues';
import { Issues } from './parse/issues';
import { usernameKey } from './parse/formats';
import { parseBehaviour } from './parse/parseBehaviour';
import { parseWorld } from './parseWorld';
import { CallLog, type CallChangeKind, type CallChangeRecord } from './state/callLog';
import { InviteLedger, type InviteRecord } from './state/inviteLedger';
import { LiveCall } from './state/liveCall';
import { MessageBoxes, type PostedMessage, type ServiceAction, type ServiceMessage } from './state/messageBoxes';
import { People, type Person } from './state/people';
import { WorldFileError } from './worldFileError';
import type { WorldAccount, WorldBehaviour, WorldCall, WorldChat, WorldFile } from './worldFile';

export type { CallChangeKind, CallChangeRecord, CallSnapshot } from './state/callLog';
export type { InviteRecord } from './state/inviteLedger';
export type { LiveCall } from './state/liveCall';
export type { PostedMessage, ServiceAction, ServiceMessage } from './state/messageBoxes';
export type { Person } from './state/people';

/** The date the world's chats were "created" and their first service messages posted (2023-11-14). */
export const WORLD_EPOCH = 1_700_000_000;

export interface NewCallOptions {
	title?: string;
	/** Unix seconds; present = a scheduled call. */
	scheduleDate?: number;
}

/**
 * The sandbox's live world: built from a world file (validated and copied; the input is never changed), read
 * and changed by the Telegram methods, and read back by tests (`toJSON`, the invite ledger).
 */
export class WorldState {
	private readonly file: WorldFile;
	private readonly people: People;
	private readonly chatsById = new Map<string, WorldChat>();
	private readonly chatsByUsername = new Map<string, WorldChat>();
	private readonly memberIds = new Map<string, ReadonlySet<string>>();
	private readonly calls = new Map<string, LiveCall>();
	private readonly creations = new Map<string, string>();
	private readonly boxes = new MessageBoxes();
	private readonly invites = new InviteLedger();
	private readonly callLog = new CallLog();

	constructor(world: WorldFile) {
		this.file = parseWorld(world);
		this.people = new People(this.file.me, this.file.users);
		for (const chat of this.file.chats) {
			this.chatsById.set(chat.id, chat);
			if (chat.username !== undefined) this.chatsByUsername.set(usernameKey(chat.username), chat);
			this.memberIds.set(chat.id, new Set(chat.members));
			if (chat.call !== undefined) this.calls.set(chat.call.id, new LiveCall(chat, chat.call));
		}
		const upgradedFrom = new Map(this.file.chats.flatMap((chat) => (chat.migratedTo === undefined ? [] : [[chat.migratedTo, chat] as const])));
		for (const chat of this.file.chats) {
			const group = upgradedFrom.get(chat.id);
			// A supergroup made from a group starts with the upgrade's message, then its call's.
			if (group !== undefined) this.postServiceMessage(chat.id, this.file.me.id, WORLD_EPOCH, { kind: 'channelMigrateFrom', chatId: group.id, title: group.title });
			if (group === undefined || chat.call !== undefined) this.postServiceMessage(chat.id, this.file.me.id, WORLD_EPOCH, firstAction(chat.call));
			if (chat.migratedTo !== undefined) this.postServiceMessage(chat.id, this.file.me.id, WORLD_EPOCH, { kind: 'chatMigrateTo', channelId: chat.migratedTo });
		}
	}

	get apiId(): number {
		return this.file.apiId;
	}

	get apiHash(): string {
		return this.file.apiHash;
	}

	/** The world's account as the world file describes it (login code, 2FA password: for the auth methods). */
	get me(): Readonly<WorldAccount> {
		return this.file.me;
	}

	/** The world's account (`me`) as a user. */
	get account(): Person {
		return this.people.account;
	}

	/** Read it afresh for each request: setBehaviour replaces it. */
	get behaviour(): Readonly<WorldBehaviour> {
		return this.file.behaviour;
	}

	/** Changes behaviour at run time (batch mode, faults, ...). Validated like the file; throws WorldFileError. */
	setBehaviour(changes: Partial<WorldBehaviour>): void {
		const issues = new Issues();
		const next = parseBehaviour({ ...this.file.behaviour, ...changes }, issues);
		if (issues.count > 0 || next === undefined) throw new WorldFileError(issues.list);
		this.file.behaviour = next;
	}

	// Lookups. Users include the account itself.

	user(id: string): Person | undefined {
		return this.people.byId(id);
	}

	userByUsername(username: string): Person | undefined {
		return this.people.byUsername(username);
	}

	userByPhone(phone: string): Person | undefined {
		return this.people.byPhone(phone);
	}

	contacts(): Person[] {
		return this.people.contacts();
	}

	chat(id: string): WorldChat | undefined {
		return this.chatsById.get(id);
	}

	chatByUsername(username: string): WorldChat | undefined {
		return this.chatsByUsername.get(usernameKey(username));
	}

	chats(): readonly WorldChat[] {
		return this.file.chats;
	}

	/** The supergroup a basic group was upgraded to, if it was. */
	migratedTo(chatId: string): WorldChat | undefined {
		const target = this.chatsById.get(chatId)?.migratedTo;
		return target === undefined ? undefined : this.chatsById.get(target);
	}

	/**
	 * Telegram upgrades the basic group to a new supergroup with the same title, members and rights: the group
	 * is deactivated and points to it. The upgrade's service messages are posted in both (who did it: `by`).
	 */
	migrateGroup(groupId: string, by: string, now: number): { supergroup: WorldChat; inGroup: PostedMessage; inSupergroup: PostedMessage } {
		const group = this.chatsById.get(groupId);
		if (group === undefined || group.kind !== 'group' || group.migratedTo !== undefined) throw new Error(`migrateGroup: no basic group ${groupId} to upgrade`);
		const id = this.nextChatId();
		const supergroup: WorldChat = {
			id,
			accessHash: deriveInt64(`channel-access-hash:${id}`),
			kind: 'supergroup',
			title: group.title,
			members: [...group.members],
			...(group.canManageCall === undefined ? {} : { canManageCall: group.canManageCall }),
		};
		this.file.chats.push(supergroup);
		this.chatsById.set(id, supergroup);
		this.memberIds.set(id, new Set(supergroup.members));
		group.migratedTo = id;
		const inGroup = this.postServiceMessage(group.id, by, now, { kind: 'chatMigrateTo', channelId: id });
		const inSupergroup = this.postServiceMessage(id, by, now, { kind: 'channelMigrateFrom', chatId: group.id, title: group.title });
		return { supergroup, inGroup, inSupergroup };
	}

	isMember(chatId: string, userId: string): boolean {
		return this.memberIds.get(chatId)?.has(userId) === true;
	}

	/** Any call the world has known, including ended calls a newer call replaced in their chat. */
	call(id: string): LiveCall | undefined {
		return this.calls.get(id);
	}

	/** The chat's current call (active, scheduled or ended), if any. */
	callOfChat(chatId: string): LiveCall | undefined {
		const id = this.chatsById.get(chatId)?.call?.id;
		return id === undefined ? undefined : this.calls.get(id);
	}

	// Invites: the ground truth.

	recordInvite(invite: InviteRecord): void {
		const call = this.calls.get(invite.callId);
		if (call === undefined) throw new Error(`recordInvite: no call ${invite.callId}`);
		call.markInvited(invite.userId);
		this.invites.record(invite);
	}

	/** How many times an invite of this user to this call was applied during this run. */
	inviteCount(callId: string, userId: string): number {
		return this.invites.count(callId, userId);
	}

	/** Users invited to the call during this run, in the order their first invite was applied. */
	invitedUsers(callId: string): string[] {
		return this.invites.usersInvitedTo(callId);
	}

	/** Users this account invited during this run (what behaviour.peerFloodAfterInvites counts). */
	invitesBy(accountId: string): number {
		return this.invites.invitesBy(accountId);
	}

	inviteLog(): readonly InviteRecord[] {
		return this.invites.all();
	}

	// Calls.

	/** Starts (or schedules) a new call in the chat; a call still running there is ended first, as in Telegram. */
	createCall(chatId: string, options: NewCallOptions, now: number): { created: LiveCall; ended?: LiveCall } {
		const chat = this.chatsById.get(chatId);
		if (chat === undefined) throw new Error(`createCall: no chat ${chatId}`);
		const previous = this.callOfChat(chatId);
		const ended = previous !== undefined && previous.state !== 'ended' ? previous : undefined;
		ended?.end(now);
		const id = this.nextCallId();
		const call: WorldCall = {
			id,
			accessHash: deriveInt64(`call-access-hash:${id}`),
			state: options.scheduleDate === undefined ? 'active' : 'scheduled',
			...(options.title === undefined ? {} : { title: options.title }),
			...(options.scheduleDate === undefined ? {} : { scheduleDate: options.scheduleDate }),
			participants: [],
			invited: [],
			joinedAs: 'self',
		};
		chat.call = call;
		const created = new LiveCall(chat, call, options.scheduleDate === undefined ? now : undefined);
		this.calls.set(id, created);
		return ended === undefined ? { created } : { created, ended };
	}

	/** phone.createGroupCall carries a random_id: a resent request must find the call it already created. */
	callCreatedBy(chatId: string, randomId: number): LiveCall | undefined {
		const id = this.creations.get(`${chatId}:${randomId}`);
		return id === undefined ? undefined : this.calls.get(id);
	}

	rememberCreation(chatId: string, randomId: number, callId: string): void {
		this.creations.set(`${chatId}:${randomId}`, callId);
	}

	/** Records that `by` changed the call at `at` (Unix seconds): the call as it looks after the change. */
	recordCallChange(call: LiveCall, kind: CallChangeKind, by: string, at: number, userIds?: readonly string[]): void {
		this.callLog.record({
			callId: call.id,
			chatId: call.chat.id,
			kind,
			by,
			at,
			...(userIds === undefined ? {} : { userIds: [...userIds] }),
			after: call.snapshot(),
		});
	}

	/** Every change applied to calls during this run (or to one call), oldest first. */
	callChanges(callId?: string): readonly CallChangeRecord[] {
		return this.callLog.all(callId);
	}

	// Messages and update counters.

	postServiceMessage(chatId: string, fromId: string, date: number, action: ServiceAction): PostedMessage {
		const chat = this.chatsById.get(chatId);
		if (chat === undefined) throw new Error(`postServiceMessage: no chat ${chatId}`);
		return this.boxes.post(chatId, chat.kind !== 'group', fromId, date, action);
	}

	lastMessage(chatId: string): ServiceMessage | undefined {
		return this.boxes.lastMessage(chatId);
	}

	/** The chat's service messages, oldest first: the world's own, then every one posted during the run. */
	messages(chatId: string): ServiceMessage[] {
		return this.boxes.messages(chatId);
	}

	/** The account's common-box pts and seq (updates.getState). */
	updateCounters(): { pts: number; seq: number } {
		return { pts: this.boxes.commonPts(), seq: this.boxes.seq };
	}

	channelPts(chatId: string): number {
		return this.boxes.channelPts(chatId);
	}

	nextSeq(): number {
		return this.boxes.nextSeq();
	}

	/** The world as it is now, in world-file form: a new object, safe to keep or change. */
	toJSON(): WorldFile {
		return structuredClone(this.file);
	}

	/** Above every id of the world (users' too), so a new supergroup's id names nothing else. */
	private nextChatId(): string {
		let max = 0n;
		for (const id of [...this.chatsById.keys(), this.file.me.id, ...this.file.users.map((user) => user.id)]) if (BigInt(id) > max) max = BigInt(id);
		return (max + 1n).toString();
	}

	private nextCallId(): string {
		let max = 0n;
		for (const id of this.calls.keys()) if (BigInt(id) > max) max = BigInt(id);
		return (max + 1n).toString();
	}
}

function firstAction(call: WorldCall | undefined): ServiceAction {
	if (call === undefined) return { kind: 'chatCreate' };
	if (call.state === 'scheduled') return { kind: 'groupCallScheduled', callId: call.id, scheduleDate: call.scheduleDate ?? WORLD_EPOCH };
	if (call.state === 'ended') return { kind: 'groupCall', callId: call.id, duration: 0 };
	return { kind: 'groupCall', callId: call.id };
}
