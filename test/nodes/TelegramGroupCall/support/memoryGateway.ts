import { describeError } from '../../../../nodes/TelegramGroupCall/errors/catalog';
import { parseCallReference, type CallReference } from '../../../../nodes/TelegramGroupCall/input/parseCallReference';
import {
	TelegramError,
	type CallLookup,
	type CallParticipant,
	type CallParticipants,
	type ChatWithCall,
	type GroupCallHandle,
	type GroupCallInfo,
	type InviteOutcome,
	type ParticipantsPage,
	type TelegramChat,
	type TelegramGateway,
	type TelegramUser,
} from '../../../../nodes/TelegramGroupCall/transport';

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

/** An active call as Telegram describes it, with `changes`. */
export function memoryCallInfo(callId: string, changes: Partial<GroupCallInfo> = {}): GroupCallInfo {
	return {
		callId,
		accessHash: `${callId}99`,
		state: 'active',
		title: null,
		participantsCount: 0,
		scheduledFor: null,
		recordingSince: null,
		joinMuted: false,
		canChangeJoinMuted: false,
		listenersHidden: false,
		duration: null,
		version: 1,
		...changes,
	};
}

/** A Telegram (or transport) error as the transport throws it; httpCode from the node's catalog. */
export function telegramError(code: string, extra: { retryAfter?: number; reconnected?: boolean; httpCode?: number | null } = {}): TelegramError {
	const httpCode = extra.httpCode !== undefined ? extra.httpCode : describeError(code).httpCode;
	return new TelegramError({ code, httpCode, method: 'memory', retryAfter: extra.retryAfter, reconnected: extra.reconnected });
}

export class MemoryGateway implements TelegramGateway {
	readonly me = { ...memoryUser('1', 'ops_owner'), self: true };

	readonly calls: GatewayCall[] = [];

	/** How a request rejected because of one user treats the others: Telegram does not document it. */
	batchRejection: 'atomic' | 'partial' = 'atomic';

	private readonly users = new Map<string, TelegramUser>();

	private readonly phones = new Map<string, string>();

	private readonly callsByKey = new Map<string, GroupCallHandle>();

	private readonly refusals = new Map<string, string>();

	/** Accepted but left out of the service message, without a reason. */
	private readonly leftOut = new Set<string>();

	private readonly participants = new Map<string, Set<string>>();

	/** Calls the account is in as a channel (join-as), not as itself. */
	private readonly joinedAsChat = new Set<string>();

	private readonly ledger = new Map<string, string[]>();

	private readonly scripted = new Map<Method, Array<Answer<Method>>>();

	/** What getCall and the first participants page say about a call (default: active, as its handle says). */
	private readonly callInfos = new Map<string, GroupCallInfo>();

	/** The participant list getParticipantsPage serves, paged by index offsets as the sandbox does. */
	private readonly participantLists = new Map<string, CallParticipant[]>();

	private readonly chatsWithoutCall = new Map<string, TelegramChat>();

	/** Users met in answers so far, as GramJS's gateway remembers them. */
	private readonly met = new Map<string, TelegramUser>();

	addUser(user: TelegramUser, phoneDigits?: string): TelegramUser {
		this.users.set(user.id, user);
		if (phoneDigits !== undefined) this.phones.set(phoneDigits, user.id);
		return user;
	}

	/** A call found by a Call parameter as written, e.g. "@group" (and every form with the same reference key). */
	addCall(reference: string, handle: GroupCallHandle, participantIds: string[] = []): GroupCallHandle {
		const parsed = parseCallReference(reference);
		if (!parsed.ok) throw new Error(`Not a call reference: ${reference}`);
		this.callsByKey.set(parsed.reference.key, handle);
		this.participants.set(handle.callId, new Set(participantIds));
		return handle;
	}

	/** A chat found by this Call reference that has no call now (findCall answers it; resolveCall would not). */
	addChatWithoutCall(reference: string, chat: TelegramChat): void {
		const parsed = parseCallReference(reference);
		if (!parsed.ok) throw new Error(`Not a call reference: ${reference}`);
		this.chatsWithoutCall.set(parsed.reference.key, chat);
	}

	/** How getCall (and the first participants page) describe the call. */
	describeCall(info: GroupCallInfo): void {
		this.callInfos.set(info.callId, info);
	}

	/** The entries getParticipantsPage lists for the call, in order. */
	listParticipants(callId: string, participants: CallParticipant[]): void {
		this.participantLists.set(callId, participants);
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
			const handle = this.callsByKey.get(reference.key);
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
			() => ({ userIds: new Set(this.participants.get(call.callId)), accountJoinedAsChat: this.joinedAsChat.has(call.callId) }),
			call,
		);
	}

	async getCallState(call: GroupCallHandle): Promise<'active' | 'scheduled'> {
		return await this.answer('getCallState', [call.callId], () => call.state ?? 'active', call);
	}

	async inviteToGroupCall(call: GroupCallHandle, users: readonly TelegramUser[]): Promise<InviteOutcome> {
		const ids = users.map((user) => user.id);
		return await this.answer('inviteToGroupCall', ids, () => this.applyInvite(call.callId, ids), call, users);
	}

	async listChatsWithCalls(filter?: string): Promise<ChatWithCall[]> {
		return await this.answer('listChatsWithCalls', filter === undefined ? [] : [filter], () => []);
	}

	async findCall(reference: CallReference): Promise<CallLookup> {
		return await this.answer('findCall', [reference.key], () => {
			const handle = this.callsByKey.get(reference.key);
			if (handle) return { call: handle, chat: handle.chat };
			const chat = this.chatsWithoutCall.get(reference.key);
			if (chat) return { call: undefined, chat };
			if (reference.kind === 'callId') return { call: { callId: reference.callId, accessHash: reference.accessHash } };
			throw telegramError('CHAT_NOT_FOUND', { httpCode: null });
		}, reference);
	}

	async getCall(call: GroupCallHandle): Promise<GroupCallInfo> {
		return await this.answer('getCall', [call.callId], () => this.infoOf(call), call);
	}

	/** Offsets are indexes as text; an empty next offset ends the list (what the sandbox does). */
	async getParticipantsPage(call: GroupCallHandle, offset: string, limit: number): Promise<ParticipantsPage> {
		return await this.answer('getParticipantsPage', [call.callId, offset, String(limit)], () => {
			const all = this.participantLists.get(call.callId) ?? [];
			const start = offset === '' ? 0 : Number(offset);
			const participants = all.slice(start, start + limit);
			const end = start + participants.length;
			const page: ParticipantsPage = { participants, nextOffset: end < all.length ? String(end) : '' };
			return offset === '' ? { ...page, call: this.infoOf(call) } : page;
		}, call, offset, limit);
	}

	private infoOf(call: GroupCallHandle): GroupCallInfo {
		return (
			this.callInfos.get(call.callId) ??
			memoryCallInfo(call.callId, {
				accessHash: call.accessHash,
				state: call.state ?? 'active',
				participantsCount: this.participantLists.get(call.callId)?.length ?? 0,
			})
		);
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
