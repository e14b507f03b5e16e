import { describeError } from '../../../errors/catalog';
import { settle } from '../../../errors/settle';
import { isTelegramError, TelegramError } from '../../../transport';
import { knownPrivate, noLinkNote, wantsCallLink } from './callLinks';
import type { AccountHold, CallParticipants, GroupCallHandle, TelegramGateway, TelegramUser } from '../../../transport';
import { failed, failedFrom, invited, MAYBE_INVITED_BY_THIS_RUN, maybeInvitedByThisRun, resultKey } from './results';
import type { UserToken } from '../../../input/parseUserTokens';
import { withRetries } from '../common/withRetries';
import { UserResolver } from './userResolver';
import {
	byInputOrder,
	type FailedResult,
	type InviteOptions,
	type PlannedCall,
	type PlannedUser,
	type RunEnvironment,
	type UserResult,
} from './types';

export { resultKey } from './results';

export interface RunReport {
	/** Keyed by resultKey(itemIndex, tokenIndex); exactly one result per decided user. */
	results: Map<string, UserResult>;
	/** Set when an account-level failure stopped the run; the users without a result are undecided. */
	failure?: TelegramError;
}

/**
 * Invites every planned user and decides, for each, exactly one result. The routing rules are in
 * docs/decisions/0002-batch-attribution.md and 0004-errors.md.
 */
export async function runInvites(
	plan: readonly PlannedCall[],
	gateway: TelegramGateway,
	options: InviteOptions,
	environment: RunEnvironment,
): Promise<RunReport> {
	const run = new InviteRun(gateway, options, environment);
	return await run.execute(plan);
}

/** An account-level failure: the run cannot continue with this credential. */
class AccountStop extends Error {
	constructor(readonly failure: TelegramError) {
		super(failure.message);
	}
}

interface CallGroup {
	handle: GroupCallHandle;
	users: PlannedUser[];
}

interface CallState {
	handle: GroupCallHandle;
	batchSize: number;
	/** Once set, every remaining user of this call fails with it (per-call error, flood wait beyond the max). */
	closedBy?: TelegramError;
	participants?: CallParticipants;
	/** First occurrence of each resolved user id, to catch the same person written two ways. */
	firstByUserId: Map<string, PlannedUser>;
}

interface ResendContext {
	/** Some user of the rejected batch was invited by the resend. */
	anyInvited: boolean;
	/** "Already invited" answers, decided once the whole batch has been resent. */
	alreadyInvited: Array<{ candidate: Candidate; error: TelegramError }>;
	/**
	 * Users whose resend got no answer about them alone (a limit, a closed call, a server error): the rejected
	 * batch may have invited them, which is only known once the whole batch has been resent.
	 */
	unanswered: Array<{ candidate: Candidate; result: FailedResult }>;
}

interface Candidate {
	planned: PlannedUser;
	user: TelegramUser;
}

class InviteRun {
	private readonly results = new Map<string, UserResult>();

	private readonly users: UserResolver;

	private me: TelegramUser | undefined;

	/** PEER_FLOOD: no more invites in this run. */
	private stoppedBy: TelegramError | undefined;

	/**
	 * Users (by callKey) an invite request of this run carried while the connection dropped: GramJS re-sent it
	 * after reconnecting, so a copy may have invited them before the answer that Telegram sent about the other.
	 */
	private readonly sentAcrossReconnect = new Set<string>();

	constructor(
		private readonly gateway: TelegramGateway,
		private readonly options: InviteOptions,
		private readonly environment: RunEnvironment,
	) {
		this.users = new UserResolver(gateway, async (what, send) => await this.request(what, send));
	}

	async execute(plan: readonly PlannedCall[]): Promise<RunReport> {
		const hold = this.options.dryRun ? undefined : this.gateway.accountHold();
		if (hold) {
			this.failHeld(plan, hold);
			return { results: this.results };
		}
		const outcome = await settle(async () => {
			const groups = await this.resolveCalls(plan);
			for (const group of groups) await this.inviteCall(group);
		});
		if (outcome.ok) return { results: this.results };
		if (outcome.error instanceof AccountStop) return { results: this.results, failure: outcome.error.failure };
		throw outcome.error;
	}

	/**
	 * A hold remembered from an earlier PEER_FLOOD: every user fails at once, nothing is sent (not even a
	 * look-up). Mistakes in the input still get their own errors.
	 */
	private failHeld(plan: readonly PlannedCall[], hold: AccountHold): void {
		const description = describeError(hold.code);
		const retryAfter = Math.max(1, Math.ceil((hold.until - Date.now()) / 1000));
		const message = `${description.message} This account is held back from inviting until ${new Date(hold.until).toISOString()} ("Peer Flood Cool-Down (Hours)"), so nothing was sent.`;
		for (const planned of plan) {
			for (const user of planned.users) {
				if (!planned.reference.ok) {
					const referenceError = describeError(planned.reference.code);
					this.decide(user, failed(referenceError.code, null, `${referenceError.message} Here: ${planned.reference.reason}.`));
					continue;
				}
				const token = user.token;
				const isMistake = token.kind === 'invalid' || token.kind === 'duplicate';
				this.decide(user, isMistake ? inputMistake(token, null) : { ...failed(description.code, null, message), retryAfter });
			}
		}
	}

	/** Resolves each distinct reference once and merges references that name the same call. */
	private async resolveCalls(plan: readonly PlannedCall[]): Promise<CallGroup[]> {
		const groups = new Map<string, CallGroup>();
		for (const planned of plan) {
			if (planned.users.length === 0) continue;
			if (!planned.reference.ok) {
				const description = describeError(planned.reference.code);
				for (const user of planned.users) {
					this.decide(user, failed(description.code, null, `${description.message} Here: ${planned.reference.reason}.`));
				}
				continue;
			}
			const reference = planned.reference.reference;
			let handle: GroupCallHandle;
			try {
				handle = await this.request(`resolving the call "${reference.key}"`, async () => await this.gateway.resolveCall(reference));
			} catch (error) {
				const telegramError = this.routable(error);
				for (const user of planned.users) this.decide(user, failedFrom(telegramError, null, null));
				continue;
			}
			const group = groups.get(handle.callId);
			if (group) group.users = group.users.concat(planned.users);
			else groups.set(handle.callId, { handle, users: [...planned.users] });
		}
		for (const group of groups.values()) group.users.sort(byInputOrder);
		return [...groups.values()];
	}

	private async inviteCall(group: CallGroup): Promise<void> {
		const state: CallState = {
			handle: group.handle,
			batchSize: this.options.batchSize,
			firstByUserId: new Map(),
		};
		if (this.options.dryRun) await this.checkCallAcceptsInvites(state);
		let batch: Candidate[] = [];
		for (const planned of group.users) {
			const closure = this.closureFor(state);
			if (closure) {
				this.decide(planned, failedFrom(closure, null, state.handle.callId));
				continue;
			}
			const candidate = await this.prepare(planned, state);
			if (!candidate) continue;
			batch.push(candidate);
			if (batch.length >= state.batchSize) {
				await this.invite(state, batch);
				batch = [];
			}
		}
		if (batch.length > 0) await this.invite(state, batch);
		if (this.options.addCallLinkToFailedUsers === true) await this.addCallLinks(group);
	}

	/**
	 * "Add Call Link to Failed Users": once the call's users are decided, users Telegram would not let this
	 * account invite carry the call's link, exported once for the call (not per user). A private chat, or an
	 * export that fails, gives them null and a note; their failure stays what it was.
	 */
	private async addCallLinks(group: CallGroup): Promise<void> {
		const keys = group.users
			.map((planned) => resultKey(planned.itemIndex, planned.tokenIndex))
			.filter((key) => {
				const result = this.results.get(key);
				return result?.output === 'failed' && wantsCallLink(result);
			});
		if (keys.length === 0) return;
		let link: string | null = null;
		let failure: TelegramError | undefined;
		if (!knownPrivate(group.handle)) {
			try {
				link = await this.request(
					`getting the link of call ${group.handle.callId}`,
					async () => await this.gateway.exportCallInvite(group.handle, { asSpeaker: false }),
				);
			} catch (error) {
				failure = this.routable(error);
			}
		}
		for (const key of keys) {
			const result = this.results.get(key) as FailedResult;
			this.results.set(key, link === null ? { ...result, callLink: null, callLinkNote: noLinkNote(failure) } : { ...result, callLink: link });
		}
	}

	/** Resolves one user and applies the checks that need no invite; undefined when already decided. */
	private async prepare(planned: PlannedUser, state: CallState): Promise<Candidate | undefined> {
		const callId = state.handle.callId;
		const token = planned.token;
		if (token.kind === 'invalid' || token.kind === 'duplicate') {
			this.decide(planned, inputMistake(token, callId));
			return undefined;
		}
		let user: TelegramUser;
		try {
			const me = this.me ?? (await this.account());
			user = this.users.known(token) ?? (await this.users.resolve(token, state.handle));
			if (user.self || user.id === me.id) {
				this.decide(planned, failed('CANNOT_INVITE_SELF', callId, describeError('CANNOT_INVITE_SELF').message, user.id));
				return undefined;
			}
		} catch (error) {
			const telegramError = this.routable(error);
			if (describeError(telegramError.code, telegramError.httpCode).scope === 'limit') this.stopForLimit(telegramError);
			this.decide(planned, failedFrom(telegramError, null, callId));
			return undefined;
		}
		const first = state.firstByUserId.get(user.id);
		if (first) {
			const message = `${describeError('DUPLICATE_IN_INPUT').message} (First written as "${first.token.input}" in item ${first.itemIndex}.)`;
			this.decide(planned, failed('DUPLICATE_IN_INPUT', callId, message, user.id));
			return undefined;
		}
		state.firstByUserId.set(user.id, planned);
		if (this.options.skipUsersAlreadyInCall && (await this.isInCall(user, state))) {
			this.decide(planned, invited('already_in_call', user, callId));
			return undefined;
		}
		if (state.closedBy) {
			this.decide(planned, failedFrom(state.closedBy, user.id, callId));
			return undefined;
		}
		if (this.options.dryRun) {
			this.decide(planned, invited('would_invite', user, callId));
			return undefined;
		}
		return { planned, user };
	}

	/** An anti-spam limit: no more invites in this run, and (per the cool-down option) none in later runs either. */
	private stopForLimit(error: TelegramError): void {
		this.stoppedBy ??= error;
		const hours = this.options.peerFloodCooldownHours;
		if (hours > 0) {
			const until = Date.now() + hours * 3_600_000;
			this.gateway.holdAccount({ code: error.code, until });
			this.environment.logger.warn(
				`Telegram answered ${error.code}: no more invitations are sent in this run, nor by this account until ${new Date(until).toISOString()}`,
			);
		} else {
			this.environment.logger.warn(`Telegram answered ${error.code}: no more invitations are sent in this run`);
		}
	}

	/**
	 * A dry run predicts what Telegram would answer to the whole call, which a real run learns from its first
	 * invite request but a dry run, sending none, must find out: a scheduled call refuses every invitation
	 * (CALL_NOT_STARTED), and so does a call the account joined as a channel (INVITE_FORBIDDEN_WITH_JOINAS,
	 * seen in the account's own entry among the participants).
	 */
	private async checkCallAcceptsInvites(state: CallState): Promise<void> {
		const callId = state.handle.callId;
		try {
			const callState =
				state.handle.state ??
				(await this.request(`checking whether call ${callId} has started`, async () => (await this.gateway.getCall(state.handle)).state));
			if (callState === 'ended') state.closedBy = new TelegramError({ code: 'CALL_ENDED', httpCode: null, method: 'phone.GetGroupCall' });
			if (callState === 'scheduled') state.closedBy = new TelegramError({ code: 'CALL_NOT_STARTED', httpCode: null, method: 'phone.GetGroupCall' });
		} catch (error) {
			state.closedBy = this.routable(error);
		}
		if (state.closedBy) return;
		const participants = await this.participantsOf(state);
		if (participants?.accountJoinedAsChat) {
			state.closedBy = new TelegramError({ code: 'INVITE_FORBIDDEN_WITH_JOINAS', httpCode: 400, method: 'phone.GetGroupParticipants' });
		}
	}

	private async isInCall(user: TelegramUser, state: CallState): Promise<boolean> {
		const participants = await this.participantsOf(state);
		return participants?.userIds.has(user.id) === true;
	}

	/** Who is in the call, listed once per call; undefined (and the call closed) when it cannot be listed. */
	private async participantsOf(state: CallState): Promise<CallParticipants | undefined> {
		if (state.participants) return state.participants;
		try {
			state.participants = await this.request(
				`listing who is in call ${state.handle.callId}`,
				async () => await this.gateway.getCallParticipants(state.handle),
			);
			return state.participants;
		} catch (error) {
			// Not being able to see the call's participants is a problem with the call, not with this user.
			state.closedBy = this.routable(error);
			return undefined;
		}
	}

	/**
	 * Sends one invite request and routes its answer. `resend` is set when these users are being resent one
	 * by one after Telegram rejected their batch: their "already invited" answers are decided by the caller.
	 */
	private async invite(state: CallState, batch: Candidate[], resend?: ResendContext): Promise<void> {
		const closure = this.closureFor(state);
		if (closure) {
			for (const candidate of batch) this.decideFailure(candidate, failedFrom(closure, candidate.user.id, state.handle.callId), resend);
			return;
		}
		let outcome;
		try {
			outcome = await this.send(state, batch);
		} catch (error) {
			const telegramError = this.routable(error);
			if (telegramError.reconnected) this.rememberSentAcrossReconnect(state, batch);
			await this.routeInviteError(state, batch, telegramError, resend);
			return;
		}
		if (outcome.reconnected) this.rememberSentAcrossReconnect(state, batch);
		const invitedIds = new Set(outcome.invitedUserIds);
		const leftOut: Candidate[] = [];
		for (const candidate of batch) {
			if (!outcome.confirmed || invitedIds.has(candidate.user.id)) {
				this.decide(candidate.planned, invited('invited', candidate.user, state.handle.callId));
				if (resend) resend.anyInvited = true;
			} else {
				leftOut.push(candidate);
			}
		}
		if (leftOut.length === 0) return;
		if (batch.length > 1) {
			// Telegram accepted the batch but skipped some users without saying why: ask for each alone.
			// The answer about the batch did not invite them (the service message says so); unless the batch was
			// re-sent after a reconnect, nothing else did, so their own answers are unambiguous.
			for (const candidate of leftOut) await this.invite(state, [candidate]);
			return;
		}
		for (const candidate of leftOut) {
			const callId = state.handle.callId;
			const result = failed('NOT_INVITED_BY_TELEGRAM', callId, describeError('NOT_INVITED_BY_TELEGRAM').message, candidate.user.id);
			// A copy sent before the drop may have invited them; the re-sent copy then found nothing to do.
			this.decide(candidate.planned, this.wasSentAcrossReconnect(state, candidate) ? maybeInvitedByThisRun(result) : result);
		}
	}

	private rememberSentAcrossReconnect(state: CallState, batch: readonly Candidate[]): void {
		for (const candidate of batch) this.sentAcrossReconnect.add(`${state.handle.callId}:${candidate.user.id}`);
	}

	private wasSentAcrossReconnect(state: CallState, candidate: Candidate): boolean {
		return this.sentAcrossReconnect.has(`${state.handle.callId}:${candidate.user.id}`);
	}

	private async routeInviteError(state: CallState, batch: Candidate[], error: TelegramError, resend?: ResendContext): Promise<void> {
		const callId = state.handle.callId;
		const scope = describeError(error.code, error.httpCode).scope;
		if (error.retryAfter !== undefined) {
			state.closedBy = error;
		} else if (scope === 'limit') {
			this.stopForLimit(error);
		} else if (scope === 'call') {
			state.closedBy = error;
		} else if (scope === 'user' && batch.length > 1) {
			await this.resendOneByOne(state, batch, error);
			return;
		} else if (resend && error.code === 'USER_ALREADY_INVITED') {
			resend.alreadyInvited.push({ candidate: batch[0], error });
			return;
		}
		for (const candidate of batch) {
			const result = this.userFailure(error, candidate.user, callId, this.wasSentAcrossReconnect(state, candidate));
			if (scope === 'user' || result.output !== 'failed') this.decide(candidate.planned, result);
			else this.decideFailure(candidate, result, resend);
		}
	}

	/** A failure that says nothing about the user alone; during a resend it waits for the whole batch's verdict. */
	private decideFailure(candidate: Candidate, result: FailedResult, resend?: ResendContext): void {
		if (resend) resend.unanswered.push({ candidate, result });
		else this.decide(candidate.planned, result);
	}

	/**
	 * One answer for a whole request does not say which user caused it: resend one user at a time. A server
	 * that applies the valid part of a rejected batch makes those users answer "already invited" now. When
	 * any user of the batch is invited by the resend, the batch was not applied, so "already invited" answers
	 * are genuine; otherwise they may be this run's doing and are reported as such.
	 */
	private async resendOneByOne(state: CallState, batch: Candidate[], error: TelegramError): Promise<void> {
		if (error.code === 'USERS_TOO_MUCH') state.batchSize = 1;
		const resend: ResendContext = { anyInvited: false, alreadyInvited: [], unanswered: [] };
		try {
			for (const candidate of batch) await this.invite(state, [candidate], resend);
		} finally {
			// Answers already received are reported even when the run stops half-way through the batch.
			for (const answer of resend.alreadyInvited) {
				const maybeOurs = !resend.anyInvited || error.reconnected || this.wasSentAcrossReconnect(state, answer.candidate);
				this.decide(answer.candidate.planned, this.userFailure(answer.error, answer.candidate.user, state.handle.callId, maybeOurs));
			}
			// Not invited by the resend; the rejected batch may have invited them unless it provably applied nothing.
			const batchMayHaveApplied = !resend.anyInvited || error.reconnected;
			for (const { candidate, result } of resend.unanswered) {
				this.decide(candidate.planned, batchMayHaveApplied ? maybeInvitedByThisRun(result) : result);
			}
		}
	}

	/** USER_ALREADY_INVITED may count as success; otherwise the error as a Failed result. */
	private userFailure(error: TelegramError, user: TelegramUser, callId: string, maybeOurs: boolean): UserResult {
		if (error.code !== 'USER_ALREADY_INVITED') return failedFrom(error, user.id, callId);
		if (this.options.alreadyInvitedCountsAsSuccess) {
			const result = invited('already_invited', user, callId);
			return maybeOurs ? { ...result, message: MAYBE_INVITED_BY_THIS_RUN } : result;
		}
		const result = failedFrom(error, user.id, callId);
		return maybeOurs ? maybeInvitedByThisRun(result) : result;
	}

	private async send(state: CallState, batch: Candidate[]) {
		const users = batch.map((candidate) => candidate.user);
		return await this.request(`inviting ${users.length} user(s) to call ${state.handle.callId}`, async () => {
			await this.pace();
			return await this.gateway.inviteToGroupCall(state.handle, users);
		});
	}

	/**
	 * "Pause Between Requests" holds per account, not per run: the transport spaces this account's invite requests
	 * from every execution (and every n8n process in queue mode) by the pause, and says how long to wait.
	 */
	private async pace(): Promise<void> {
		const wait = await this.gateway.reserveInviteSlot(this.options.pauseMs);
		if (wait > 0) await this.environment.sleep(wait, this.environment.signal);
	}

	private async account(): Promise<TelegramUser> {
		if (this.me) return this.me;
		const answer = await settle(async () => await this.request('asking Telegram who the account is', async () => await this.gateway.getMe()));
		if (answer.ok) {
			this.me = answer.value;
			return answer.value;
		}
		// Without knowing who it is, the account cannot be used at all.
		throw isTelegramError(answer.error) ? new AccountStop(answer.error) : answer.error;
	}

	private closureFor(state: CallState): TelegramError | undefined {
		return this.stoppedBy ?? state.closedBy;
	}

	private async request<T>(what: string, send: () => Promise<T>): Promise<T> {
		const { signal, logger, sleep } = this.environment;
		return await withRetries(send, { what, maxFloodWaitSeconds: this.options.maxFloodWaitSeconds, signal, logger, sleep });
	}

	/** Telegram errors are routed; account-level ones stop the run; anything else is a bug or a cancellation. */
	private routable(error: unknown): TelegramError {
		if (error instanceof AccountStop) throw error;
		if (!isTelegramError(error)) throw error;
		if (describeError(error.code, error.httpCode).scope === 'account') throw new AccountStop(error);
		return error;
	}

	private decide(planned: PlannedUser, result: UserResult): void {
		const key = resultKey(planned.itemIndex, planned.tokenIndex);
		if (this.results.has(key)) {
			throw new Error(`Internal error: user ${planned.token.input} of item ${planned.itemIndex} was decided twice`);
		}
		this.results.set(key, result);
	}
}

/** A user entry the input already rules out (unreadable, or written twice in one item): no request needed. */
function inputMistake(token: Extract<UserToken, { kind: 'invalid' | 'duplicate' }>, callId: string | null): FailedResult {
	if (token.kind === 'invalid') return failed(token.code, callId, `${describeError(token.code).message} Here: ${token.reason}.`);
	return failed(token.code, callId, `${describeError(token.code).message} (First written as user ${token.firstIndex + 1} of this item.)`);
}
