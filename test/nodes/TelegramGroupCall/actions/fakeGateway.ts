/**
 * An in-memory TelegramGateway for the invite algorithm's unit tests: Telegram's invite rules (the order
 * issue 2 lists), the three batch modes, scripted errors per request, and ground truth of who was invited.
 * Integration against the real sandbox over MTProto is the lead's harness; this isolates the algorithm.
 */
import type { CallReference } from '../../../../nodes/TelegramGroupCall/helpers/parseCallReference';
import { TelegramError } from '../../../../nodes/TelegramGroupCall/transport/telegramError';
import type {
	ChatWithCall,
	GroupCallHandle,
	InviteOutcome,
	TelegramGateway,
	TelegramUser,
} from '../../../../nodes/TelegramGroupCall/transport/types';

export interface FakeUser {
	id: string;
	username?: string;
	phone?: string;
	bot?: boolean;
	deleted?: boolean;
	restricted?: boolean;
}

export interface FakeCall {
	callId: string;
	accessHash: string;
	/** Chat username (without @) through which the call is found. */
	chat: string;
	members: string[];
	participants?: string[];
	invited?: string[];
	/** Every invite to this call answers this per-call error. */
	inviteError?: { code: string; httpCode: number };
}

export type BatchMode = 'atomic' | 'partial' | 'lenient';

/** Answer the n-th (1-based) invite request with this error, applying nothing. */
export interface ScriptedError {
	invite: number;
	error: TelegramError;
}

export interface FakeWorldOptions {
	me: FakeUser;
	users: FakeUser[];
	calls: FakeCall[];
	mode?: BatchMode;
	maxUsersPerInvite?: number;
	peerFloodAfterInvites?: number;
	scripted?: ScriptedError[];
	/** On the n-th invite: apply it, then answer as if GramJS re-sent it after a reconnect. */
	dropAfterApplying?: number[];
}

export function telegramError(code: string, httpCode: number, retryAfter?: number): TelegramError {
	return new TelegramError({ code, httpCode, method: 'fake', retryAfter });
}

export class FakeGateway implements TelegramGateway {
	readonly inviteRequests: string[][] = [];

	/** Ground truth: callId → user id → how many times an invite was applied. */
	readonly applied = new Map<string, Map<string, number>>();

	readonly lookups: string[] = [];

	private readonly invited = new Map<string, Set<string>>();

	private invitedByAccount = 0;

	constructor(private readonly world: FakeWorldOptions) {
		for (const call of world.calls) this.invited.set(call.callId, new Set(call.invited ?? []));
	}

	inviteCount(callId: string, userId: string): number {
		return this.applied.get(callId)?.get(userId) ?? 0;
	}

	async getMe(): Promise<TelegramUser> {
		return this.toUser(this.world.me, true);
	}

	async resolveCall(reference: CallReference): Promise<GroupCallHandle> {
		this.lookups.push(`call:${reference.key}`);
		if (reference.kind === 'callId') {
			const call = this.world.calls.find((candidate) => candidate.callId === reference.callId);
			if (!call || call.accessHash !== reference.accessHash) throw telegramError('GROUPCALL_INVALID', 400);
			return { callId: call.callId, accessHash: call.accessHash, state: 'active' };
		}
		if (reference.kind !== 'chatUsername') throw telegramError('CHAT_NOT_FOUND', 400);
		const call = this.world.calls.find((candidate) => candidate.chat === reference.username);
		if (!call) throw new TelegramError({ code: 'NO_ACTIVE_CALL', httpCode: null, method: 'fake' });
		return {
			callId: call.callId,
			accessHash: call.accessHash,
			chat: { kind: 'channel', id: `chat-${call.chat}`, accessHash: '1', title: call.chat, username: call.chat },
			state: 'active',
		};
	}

	async resolveUsername(username: string): Promise<TelegramUser> {
		this.lookups.push(`@${username}`);
		const user = this.allUsers().find((candidate) => candidate.username?.toLowerCase() === username);
		if (!user) throw telegramError('USERNAME_NOT_OCCUPIED', 400);
		return this.toUser(user);
	}

	async resolvePhone(phoneDigits: string): Promise<TelegramUser> {
		this.lookups.push(`+${phoneDigits}`);
		const user = this.allUsers().find((candidate) => candidate.phone === phoneDigits);
		if (!user) throw telegramError('PHONE_NOT_OCCUPIED', 400);
		return this.toUser(user);
	}

	async findUserById(userId: string, call: GroupCallHandle): Promise<TelegramUser | undefined> {
		this.lookups.push(`id:${userId}`);
		const known = this.callOf(call).members.includes(userId) || userId === this.world.me.id;
		const user = this.allUsers().find((candidate) => candidate.id === userId);
		return known && user ? this.toUser(user) : undefined;
	}

	async getCallParticipantIds(call: GroupCallHandle): Promise<Set<string>> {
		return new Set(this.callOf(call).participants ?? []);
	}

	async inviteToGroupCall(handle: GroupCallHandle, users: readonly TelegramUser[]): Promise<InviteOutcome> {
		this.inviteRequests.push(users.map((user) => user.id));
		const requestNumber = this.inviteRequests.length;
		const scripted = this.world.scripted?.find((entry) => entry.invite === requestNumber);
		if (scripted) throw scripted.error;
		const call = this.callOf(handle);
		if (call.inviteError) throw telegramError(call.inviteError.code, call.inviteError.httpCode);
		if (users.length > (this.world.maxUsersPerInvite ?? 10)) throw telegramError('USERS_TOO_MUCH', 400);
		if (this.world.peerFloodAfterInvites !== undefined && this.invitedByAccount >= this.world.peerFloodAfterInvites) {
			throw telegramError('PEER_FLOOD', 400);
		}
		const valid: string[] = [];
		let firstError: TelegramError | undefined;
		for (const user of users) {
			if (user.id === this.world.me.id) continue;
			const problem = this.problemWith(call, user.id);
			if (problem) firstError ??= problem;
			else valid.push(user.id);
		}
		const mode = this.world.mode ?? 'atomic';
		if (firstError && mode === 'atomic') throw firstError;
		for (const userId of valid) this.apply(call.callId, userId);
		if (this.world.dropAfterApplying?.includes(requestNumber)) {
			// GramJS reconnects and re-sends; the second copy finds everyone already invited.
			const resent = users.find((user) => user.id !== this.world.me.id);
			if (resent) throw new TelegramError({ code: 'USER_ALREADY_INVITED', httpCode: 400, method: 'fake', reconnected: true });
		}
		if (firstError && mode === 'partial') throw firstError;
		return { invitedUserIds: valid, confirmed: true, reconnected: false };
	}

	async listChatsWithCalls(): Promise<ChatWithCall[]> {
		return [];
	}

	private problemWith(call: FakeCall, userId: string): TelegramError | undefined {
		const user = this.world.users.find((candidate) => candidate.id === userId);
		if (!user) return telegramError('USER_ID_INVALID', 400);
		if (user.deleted) return telegramError('INPUT_USER_DEACTIVATED', 400);
		if (user.bot) return telegramError('CHAT_TYPE_INVALID', 403);
		if (!call.members.includes(userId)) return telegramError('USER_NOT_PARTICIPANT', 403);
		const invited = this.invited.get(call.callId) ?? new Set();
		if (invited.has(userId) || (call.participants ?? []).includes(userId)) return telegramError('USER_ALREADY_INVITED', 400);
		if (user.restricted) return telegramError('USER_PRIVACY_RESTRICTED', 403);
		return undefined;
	}

	private apply(callId: string, userId: string): void {
		this.invited.get(callId)?.add(userId);
		const counts = this.applied.get(callId) ?? new Map<string, number>();
		counts.set(userId, (counts.get(userId) ?? 0) + 1);
		this.applied.set(callId, counts);
		this.invitedByAccount += 1;
	}

	private callOf(handle: Pick<GroupCallHandle, 'callId'>): FakeCall {
		const call = this.world.calls.find((candidate) => candidate.callId === handle.callId);
		if (!call) throw new Error(`fake: unknown call ${handle.callId}`);
		return call;
	}

	private allUsers(): FakeUser[] {
		return [this.world.me, ...this.world.users];
	}

	private toUser(user: FakeUser, self = user.id === this.world.me.id): TelegramUser {
		return {
			id: user.id,
			accessHash: `${user.id}0`,
			username: user.username,
			bot: Boolean(user.bot),
			deleted: Boolean(user.deleted),
			self,
		};
	}
}
