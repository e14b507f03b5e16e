import { describeError } from '../../../../nodes/TelegramGroupCall/errors/catalog';
import type { CallReference } from '../../../../nodes/TelegramGroupCall/input/parseCallReference';
import {
	TelegramError,
	type CallHistoryPage,
	type CallMessage,
	type ChatCallState,
	type ChatRef,
	type CallChange,
	type CallLookup,
	type CallParticipant,
	type AccountHold,
	type CallParticipants,
	type CallSettingsChange,
	type ChatWithCall,
	type GroupCallHandle,
	type GroupCallInfo,
	type InviteOutcome,
	type RecordingChange,
	type NewCall,
	type ParticipantsPage,
	type TelegramChat,
	type TelegramGateway,
	type TelegramUser,
} from '../../../../nodes/TelegramGroupCall/transport';
import { MemoryPacing } from '../../../../nodes/TelegramGroupCall/transport/shared/pacing';
import { MemoryCalls, type MemoryCall } from './memoryCalls';

/**
 * An in-memory TelegramGateway for fast tests of the invite algorithm. It holds a tiny world (users, calls) and
 * answers like Telegram by default: a request with a refused user fails as a whole with that user's error (applying
 * nothing, or the valid users with `batchRejection = 'partial'`), a user invited before answers
 * USER_ALREADY_INVITED. `script()` overrides the next answers of one method, in order. Every call is recorded,
 * and `invitedTo()` is the ground truth of who was really invited.
 */

type Method = keyof TelegramGateway;
type Answer<M extends Method> =
	| Awaited<ReturnType<TelegramGateway[M]>>
	| TelegramError
	| ((...args: Parameters<TelegramGateway[M]>) => ReturnType<TelegramGateway[M]> | Awaited<ReturnType<TelegramGateway[M]>>);

export interface GatewayCall {
	method: Method;
	/** A readable summary: the username, phone digits, user id, or the invited user ids. */
	args: string[];
}

export function memoryUser(id: string, username?: string): TelegramUser {
	return { id, accessHash: `${id}77`, username, bot: false, deleted: false, self: false };
}

/** A participant's entry as the transport gives it: a user, muted and allowed to unmute, unless `changes` says otherwise. */
export function memoryParticipant(userId: string, changes: Partial<CallParticipant> = {}): CallParticipant {
	return {
		peer: { kind: 'user', id: userId, username: `user${userId}`, firstName: `First${userId}` },
		self: false,
		joinedAt: 1_700_000_000,
		lastActiveAt: null,
		muted: true,
		canSelfUnmute: true,
		raisedHand: false,
		video: false,
		screenSharing: false,
		volume: null,
		about: null,
		left: false,
		...changes,
	};
}

/** An active call as Telegram describes it (the memory world's new call, nobody in it), with `changes`. */
export function memoryCallInfo(callId: string, changes: Partial<GroupCallInfo> = {}): GroupCallInfo {
	const world = new MemoryCalls();
	world.listParticipants(callId, []);
	return { ...world.info(world.call(callId)), accessHash: `${callId}99`, ...changes };
}

/** A Telegram (or transport) error as the transport throws it; httpCode from the node's catalog. */
export function telegramError(code: string, extra: { retryAfter?: number; reconnected?: boolean; httpCode?: number | null } = {}): TelegramError {
	const httpCode = extra.httpCode !== undefined ? extra.httpCode : describeError(code).httpCode;
	return new TelegramError({ code, httpCode, method: 'memory', retryAfter: extra.retryAfter, reconnected: extra.reconnected });
}

/** The "now" the memory world records recordings with. */
export const MEMORY_NOW = 1_800_000_000;

export class MemoryGateway implements TelegramGateway {
	readonly me = { ...memoryUser('1', 'ops_owner'), self: true };

	readonly calls: GatewayCall[] = [];

	/** The chats and calls of this world: the ground truth of every call method. */
	readonly world = new MemoryCalls();

	/** How a request rejected because of one user treats the others: Telegram does not document it. */
	batchRejection: 'atomic' | 'partial' = 'atomic';

	private readonly users = new Map<string, TelegramUser>();

	private readonly phones = new Map<string, string>();

	private readonly refusals = new Map<string, string>();

	/** Accepted but left out of the service message, without a reason. */
	private readonly leftOut = new Set<string>();

	/** Calls the account is in as a channel (join-as), not as itself. */
	private readonly joinedAsChat = new Set<string>();

	private readonly ledger = new Map<string, string[]>();

	private readonly scripted = new Map<Method, Array<Answer<Method>>>();

	/** Users met in answers so far, as GramJS's gateway remembers them. */
	private readonly met = new Map<string, TelegramUser>();

	/** Basic groups (bare id) Telegram upgraded, each to its supergroup (a chat of the world). */
	private readonly upgrades = new Map<string, TelegramChat>();

	/** Each chat's messages ("kind:id"), oldest first: a call's service message, or undefined for any other message. */
	private readonly histories = new Map<string, Array<{ id: number; message: CallMessage | undefined }>>();

	/**
	 * Posts a message in the chat: a call's service message (`message` without chat and id), or without it any
	 * other message. Ids grow per chat from 1. Gives the message id.
	 */
	postMessage(chat: ChatRef, message?: Omit<CallMessage, 'chat' | 'messageId'>): number {
		const key = `${chat.kind}:${chat.id}`;
		const history = this.histories.get(key) ?? [];
		this.histories.set(key, history);
		const id = (history.at(-1)?.id ?? 0) + 1;
		history.push({ id, message: message === undefined ? undefined : { ...message, chat: { kind: chat.kind, id: chat.id }, messageId: id } });
		return id;
	}

	/**
	 * Telegram upgraded the basic group `groupId` to `supergroup` (a chat of the world, added with world.addChat):
	 * a lookup naming the group by id follows it, as the GramJS gateway does (one hop, `migratedFrom` set).
	 */
	migrateGroup(groupId: string, supergroup: TelegramChat): void {
		this.upgrades.set(groupId, supergroup);
	}

	/** The supergroup a reference to an upgraded group leads to, marked with the group's id. */
	private upgradeOf(reference: CallReference): TelegramChat | undefined {
		if (reference.kind !== 'chatId' || reference.chatKind === 'channel') return undefined;
		return this.follow(reference.chatId);
	}

	private readonly followed = new Map<string, TelegramChat>();

	private follow(groupId: string): TelegramChat | undefined {
		const supergroup = this.upgrades.get(groupId);
		if (supergroup === undefined) return undefined;
		const followed = { ...supergroup, migratedFrom: groupId };
		this.followed.set(groupId, followed);
		return followed;
	}

	followedUpgrades(): TelegramChat[] {
		return [...this.followed.values()];
	}

	addUser(user: TelegramUser, phoneDigits?: string): TelegramUser {
		this.users.set(user.id, user);
		if (phoneDigits !== undefined) this.phones.set(phoneDigits, user.id);
		return user;
	}

	/** A call found by a Call parameter as written, e.g. "@group" (and every form with the same reference key). */
	addCall(reference: string, handle: GroupCallHandle, participantIds: string[] = []): GroupCallHandle {
		return this.world.addHandle(reference, handle, participantIds);
	}

	/** The call now (ground truth); change it to set up a world. */
	callSettings(callId: string): MemoryCall {
		return this.world.call(callId);
	}

	/** The entries getParticipantsPage lists for the call, in order (paged by index offsets, as the sandbox does). */
	listParticipants(callId: string, participants: CallParticipant[]): void {
		this.world.listParticipants(callId, participants);
	}

	/** The account is in this call as a channel: Telegram refuses its invites (INVITE_FORBIDDEN_WITH_JOINAS). */
	joinAsChat(callId: string): void {
		this.joinedAsChat.add(callId);
	}

	/** Every invite of this user fails with `code` (USER_PRIVACY_RESTRICTED, CHAT_TYPE_INVALID, ...). */
	refuse(userId: string, code: string): void {
		this.refusals.set(userId, code);
	}

	/** Invites of this user are accepted, but the answer's service message leaves them out. */
	leaveOut(userId: string): void {
		this.leftOut.add(userId);
	}

	/** The user was invited to the call before the run. */
	alreadyInvited(callId: string, userId: string): void {
		this.ledger.set(callId, [...(this.ledger.get(callId) ?? []), userId]);
	}

	/** The next answers of `method`, one per call, before the default behaviour resumes. */
	script<M extends Method>(method: M, ...answers: Array<Answer<M>>): void {
		this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...(answers as Array<Answer<Method>>)]);
	}

	invitedTo(callId: string): string[] {
		return [...(this.ledger.get(callId) ?? [])];
	}

	/** The user ids of every invite request, in order. */
	inviteRequests(): string[][] {
		return this.calls.filter((call) => call.method === 'inviteToGroupCall').map((call) => call.args);
	}

	requests(method: Method): GatewayCall[] {
		return this.calls.filter((call) => call.method === method);
	}

	async getMe(): Promise<TelegramUser> {
		return await this.answer('getMe', [], () => this.me);
	}

	async resolveCall(reference: CallReference): Promise<GroupCallHandle> {
		return await this.answer('resolveCall', [reference.key], () => {
			const upgraded = this.upgradeOf(reference);
			if (upgraded !== undefined) {
				const current = this.world.currentCall(upgraded);
				if (current === undefined) throw telegramError('NO_ACTIVE_CALL', { httpCode: null });
				return { callId: current.callId, accessHash: current.accessHash ?? '', chat: upgraded };
			}
			const handle = this.world.handle(reference.key);
			if (!handle) throw telegramError('CHAT_NOT_FOUND', { httpCode: null });
			return handle;
		}, reference);
	}

	async resolveUsername(username: string): Promise<TelegramUser> {
		return await this.answer('resolveUsername', [username], () => {
			const user = [...this.users.values()].find((candidate) => candidate.username === username);
			if (!user) throw telegramError('USERNAME_NOT_OCCUPIED');
			return this.meet(user);
		}, username);
	}

	async resolvePhone(phoneDigits: string): Promise<TelegramUser> {
		return await this.answer('resolvePhone', [phoneDigits], () => {
			const userId = this.phones.get(phoneDigits);
			if (userId === undefined) throw telegramError('PHONE_NOT_OCCUPIED');
			return this.meet(this.users.get(userId) as TelegramUser);
		}, phoneDigits);
	}

	/** The account's remembered hold, as the transport's AccountState keeps it across executions. */
	hold: AccountHold | undefined;

	/** The clock the hold is judged by (tests move it instead of waiting). */
	now: () => number = Date.now;

	/**
	 * The account's pacing, as the transport keeps it across executions, on its own clock: the recording run
	 * environment moves it by every wait it records (`slept`), so pauses are judged as if they had been slept.
	 */
	pacingClock = 0;

	readonly pacing = new MemoryPacing(() => this.pacingClock);

	slept(ms: number): void {
		this.pacingClock += ms;
	}

	async reserveInviteSlot(pauseMs: number): Promise<number> {
		return pauseMs > 0 ? await this.pacing.reserve('account', pauseMs) : 0;
	}

	accountHold(): AccountHold | undefined {
		return this.hold && this.hold.until > this.now() ? this.hold : undefined;
	}

	holdAccount(hold: AccountHold): void {
		if (!this.hold || this.hold.until < hold.until) this.hold = hold;
	}

	knownUser(userId: string): TelegramUser | undefined {
		return this.met.get(userId);
	}

	async findUserById(userId: string, call: GroupCallHandle): Promise<TelegramUser | undefined> {
		return await this.answer('findUserById', [userId], () => {
			const user = this.users.get(userId);
			return user ? this.meet(user) : undefined;
		}, userId, call);
	}

	async getCallParticipants(call: GroupCallHandle): Promise<CallParticipants> {
		return await this.answer(
			'getCallParticipants',
			[call.callId],
			() => ({ userIds: new Set(this.world.call(call.callId).participantIds), accountJoinedAsChat: this.joinedAsChat.has(call.callId) }),
			call,
		);
	}

	async inviteToGroupCall(call: GroupCallHandle, users: readonly TelegramUser[]): Promise<InviteOutcome> {
		const ids = users.map((user) => user.id);
		return await this.answer('inviteToGroupCall', ids, () => this.applyInvite(call.callId, ids), call, users);
	}

	async listChatsWithCalls(filter?: string): Promise<ChatWithCall[]> {
		return await this.answer('listChatsWithCalls', filter === undefined ? [] : [filter], () => []);
	}

	async editCallTitle(call: GroupCallHandle, title: string): Promise<CallChange> {
		return await this.answer('editCallTitle', [call.callId, title], () => {
			const settings = this.managed(call);
			settings.title = title === '' ? null : title;
			return this.changed(call, settings);
		}, call, title);
	}

	async toggleCallSettings(call: GroupCallHandle, change: CallSettingsChange): Promise<CallChange> {
		const args = [call.callId, `joinMuted=${String(change.joinMuted)}`, `reset=${String(change.resetInviteLink === true)}`];
		return await this.answer('toggleCallSettings', args, () => {
			const settings = this.managed(call);
			if (change.joinMuted !== undefined && !settings.canChangeJoinMuted) throw telegramError('GROUPCALL_CHANGE_FORBIDDEN', { httpCode: 403 });
			const mutes = change.joinMuted !== undefined && change.joinMuted !== settings.joinMuted;
			if (!mutes && change.resetInviteLink !== true) return { changed: false };
			if (mutes) settings.joinMuted = change.joinMuted === true;
			if (change.resetInviteLink === true) settings.inviteHash += 1;
			return this.changed(call, settings);
		}, call, change);
	}

	async toggleCallRecording(call: GroupCallHandle, change: RecordingChange): Promise<CallChange> {
		return await this.answer('toggleCallRecording', [call.callId, JSON.stringify(change)], () => {
			const settings = this.managed(call);
			if (settings.state !== 'active') throw telegramError('GROUPCALL_FORBIDDEN');
			if (change.start === (settings.recording !== null)) return { changed: false };
			settings.recording = change.start
				? {
						since: MEMORY_NOW,
						...(change.title === undefined ? {} : { title: change.title }),
						video: change.video === true,
						...(change.video === true ? { videoPortrait: change.videoPortrait === true } : {}),
					}
				: null;
			return this.changed(call, settings);
		}, call, change);
	}

	async exportCallInvite(call: GroupCallHandle, options: { asSpeaker: boolean }): Promise<string> {
		return await this.answer('exportCallInvite', [call.callId, options.asSpeaker ? 'speaker' : 'listener'], () => {
			const settings = this.world.lookup(call);
			if (settings.state === 'ended') throw telegramError('GROUPCALL_FORBIDDEN');
			if (settings.username === null) throw telegramError('PUBLIC_CHANNEL_MISSING', { httpCode: 403 });
			if (options.asSpeaker && !settings.canManage) throw telegramError('CHAT_ADMIN_REQUIRED');
			return `https://t.me/${settings.username}?videochat${options.asSpeaker ? `=h${settings.inviteHash}` : ''}`;
		}, call, options);
	}

	private managed(call: GroupCallHandle): MemoryCall {
		const settings = this.world.lookup(call);
		if (!settings.canManage) throw telegramError('CHAT_ADMIN_REQUIRED');
		if (settings.state === 'ended') throw telegramError('GROUPCALL_FORBIDDEN');
		return settings;
	}

	private changed(call: GroupCallHandle, settings: MemoryCall): CallChange {
		settings.version += 1;
		return { changed: true, call: this.world.info(settings, call) };
	}

	async listChats(filter?: string): Promise<TelegramChat[]> {
		return await this.answer('listChats', filter === undefined ? [] : [filter], () =>
			this.world.chats().filter((chat) => filter === undefined || chat.title.includes(filter)),
		);
	}

	async createGroupCall(call: NewCall): Promise<GroupCallInfo> {
		const args = [call.chat.id, String(call.randomId), call.title ?? '', String(call.scheduleDate ?? '')];
		return await this.answer('createGroupCall', args, () => this.world.create(call), call);
	}

	async startScheduledGroupCall(call: Pick<GroupCallHandle, 'callId' | 'accessHash'>): Promise<GroupCallInfo> {
		return await this.answer('startScheduledGroupCall', [call.callId], () => this.world.start(call), call);
	}

	async discardGroupCall(call: Pick<GroupCallHandle, 'callId' | 'accessHash'>): Promise<GroupCallInfo> {
		return await this.answer('discardGroupCall', [call.callId], () => this.world.discard(call), call);
	}

	async findCall(reference: CallReference): Promise<CallLookup> {
		return await this.answer('findCall', [reference.key], () => {
			const handle = this.world.handle(reference.key);
			if (handle) return { call: handle, chat: handle.chat };
			if (reference.kind === 'callId') return { call: { callId: reference.callId, accessHash: reference.accessHash } };
			const chat = this.upgradeOf(reference) ?? this.world.chat(reference.key);
			if (!chat) throw telegramError('CHAT_NOT_FOUND', { httpCode: null });
			const current = this.world.currentCall(chat);
			if (current === undefined) return { call: undefined, chat };
			return { call: { callId: current.callId, accessHash: current.accessHash ?? '', chat }, chat };
		}, reference);
	}

	async getCall(call: Pick<GroupCallHandle, 'callId' | 'accessHash'>): Promise<GroupCallInfo> {
		return await this.answer('getCall', [call.callId], () => this.world.info(this.world.lookup(call), call), call);
	}

	/** Offsets are indexes as text; an empty next offset ends the list (what the sandbox does). */
	async getParticipantsPage(call: GroupCallHandle, offset: string, limit: number): Promise<ParticipantsPage> {
		return await this.answer('getParticipantsPage', [call.callId, offset, String(limit)], () => {
			const listed = this.world.lookup(call);
			const all = listed.participantList ?? [];
			const start = offset === '' ? 0 : Number(offset);
			const participants = all.slice(start, start + limit);
			const end = start + participants.length;
			const page: ParticipantsPage = { participants, nextOffset: end < all.length ? String(end) : '' };
			return offset === '' ? { ...page, call: this.world.info(listed, call) } : page;
		}, call, offset, limit);
	}

	async getChatCalls(chats?: readonly ChatRef[]): Promise<ChatCallState[]> {
		const args = chats === undefined ? [] : chats.map((chat) => `${chat.kind}:${chat.id}`);
		return await this.answer('getChatCalls', args, () => {
			const distinct = new Map(this.world.chats().map((chat) => [`${chat.kind}:${chat.id}`, chat]));
			// A wanted basic group that was upgraded is answered by its supergroup, marked with the group's id.
			const upgradedFrom = new Map<string, string>();
			const groups = chats === undefined ? [...this.upgrades.keys()] : chats.flatMap((ref) => (ref.kind === 'chat' ? [ref.id] : []));
			for (const groupId of groups) {
				const supergroup = this.upgrades.get(groupId);
				if (supergroup !== undefined) upgradedFrom.set(`${supergroup.kind}:${supergroup.id}`, groupId);
			}
			return [...distinct]
				// An upgraded group is deactivated: Telegram's dialogs no longer give it as a chat (toTelegramChat).
				.filter(([, chat]) => !(chat.kind === 'chat' && this.upgrades.has(chat.id)))
				.filter(([key]) => chats === undefined || args.includes(key) || upgradedFrom.has(key))
				.map(([key, found]) => {
					const migratedFrom = upgradedFrom.get(key);
					const chat = (migratedFrom === undefined ? undefined : this.follow(migratedFrom)) ?? found;
					const current = this.world.currentCall(found);
					return { chat, call: current === undefined ? null : this.world.info(current), topMessageId: this.histories.get(key)?.at(-1)?.id ?? 0 };
				});
		}, chats);
	}

	/** Like Telegram's history: at most `limit` (1–100) messages newer than `afterMessageId`, oldest first. */
	async getCallMessages(chat: TelegramChat | ChatRef, afterMessageId: number, limit: number): Promise<CallHistoryPage> {
		return await this.answer('getCallMessages', [`${chat.kind}:${chat.id}`, String(afterMessageId), String(limit)], () => {
			const size = Math.min(100, Math.max(1, limit));
			const page = (this.histories.get(`${chat.kind}:${chat.id}`) ?? []).filter((entry) => entry.id > afterMessageId).slice(0, size);
			return {
				messages: page.flatMap((entry) => (entry.message === undefined ? [] : [entry.message])),
				readUpTo: page.at(-1)?.id ?? afterMessageId,
				complete: page.length < size,
			};
		}, chat, afterMessageId, limit);
	}

	/** Telegram's answer as this world sees it: one refused user fails the whole request. */
	private applyInvite(callId: string, ids: string[]): InviteOutcome {
		if (this.joinedAsChat.has(callId)) throw telegramError('INVITE_FORBIDDEN_WITH_JOINAS');
		const ledger = this.ledger.get(callId) ?? [];
		const refusalOf = (id: string): string | undefined => this.refusals.get(id) ?? (ledger.includes(id) ? 'USER_ALREADY_INVITED' : undefined);
		const refused = ids.find((id) => refusalOf(id) !== undefined);
		const valid = ids.filter((id) => refusalOf(id) === undefined && !this.leftOut.has(id));
		if (refused !== undefined) {
			if (this.batchRejection === 'partial') this.ledger.set(callId, [...ledger, ...valid]);
			throw telegramError(refusalOf(refused) as string);
		}
		this.ledger.set(callId, [...ledger, ...valid]);
		return { invitedUserIds: valid, confirmed: true, reconnected: false };
	}

	private meet(user: TelegramUser): TelegramUser {
		this.met.set(user.id, user);
		return user;
	}

	private async answer<M extends Method>(
		method: M,
		args: string[],
		byDefault: () => Awaited<ReturnType<TelegramGateway[M]>>,
		...callArgs: unknown[]
	): Promise<Awaited<ReturnType<TelegramGateway[M]>>> {
		this.calls.push({ method, args });
		const next = this.scripted.get(method)?.shift() as Answer<M> | undefined;
		if (next === undefined) return byDefault();
		if (next instanceof TelegramError) throw next;
		if (typeof next === 'function') {
			return await (next as (...values: unknown[]) => Awaited<ReturnType<TelegramGateway[M]>>)(...callArgs);
		}
		return next;
	}
}
