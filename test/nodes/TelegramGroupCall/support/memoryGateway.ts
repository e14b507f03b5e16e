import { describeError } from '../../../../nodes/TelegramGroupCall/errors/catalog';
import { parseCallReference, type CallReference } from '../../../../nodes/TelegramGroupCall/input/parseCallReference';
import {
	TelegramError,
	type AccountHold,
	type CallParticipants,
	type ChatWithCall,
	type GroupCallHandle,
	type InviteOutcome,
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

	/** The account's remembered hold, as the transport's AccountState keeps it across executions. */
	hold: AccountHold | undefined;

	/** The clock the hold is judged by (tests move it instead of waiting). */
	now: () => number = Date.now;

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
