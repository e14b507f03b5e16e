import type { UserToken } from '../../../input/parseUserTokens';
import type { CallReferenceResult } from '../../../input/parseCallReference';

export interface InviteOptions {
	/** Users per phone.inviteToGroupCall request, 1–10. */
	batchSize: number;
	/**
	 * Least time between two invite requests of the account, in milliseconds, across all its executions (and n8n's
	 * processes in queue mode); 0: this run's requests are not paced.
	 */
	pauseMs: number;
	/** FLOOD_WAIT up to this many seconds is waited out and retried; longer ones fail the rest of the call. */
	maxFloodWaitSeconds: number;
	alreadyInvitedCountsAsSuccess: boolean;
	skipUsersAlreadyInCall: boolean;
	dryRun: boolean;
	/**
	 * "Add Call Link to Failed Users": failed users Telegram would not let this account invite (see
	 * CALL_LINK_CODES) carry the public call link, exported once per call. Present only when on.
	 */
	addCallLinkToFailedUsers?: boolean;
	/** After PEER_FLOOD, later executions of the account invite nobody for this many hours; 0 remembers nothing. */
	peerFloodCooldownHours: number;
}

/** Which fields of the input item each result carries (the "Include Input Fields" option). */
export type InputFieldsSelection = { mode: 'none' } | { mode: 'all' } | { mode: 'selected'; names: string[] };

/** One user token of one input item: the unit that ends up on exactly one output. */
export interface PlannedUser {
	itemIndex: number;
	tokenIndex: number;
	token: UserToken;
}

/** Input order: by item, then by the entry's place in the item's Users value. */
export function byInputOrder(a: PlannedUser, b: PlannedUser): number {
	return a.itemIndex - b.itemIndex || a.tokenIndex - b.tokenIndex;
}

/** An input item that named no user; it still gets one result, NO_USERS on Failed. */
export interface ItemWithoutUsers {
	itemIndex: number;
	/** What the Users value was, e.g. "the Users value is undefined". */
	reason: string;
}

export interface PlannedCall {
	/** The reference's key, or a per-item key for invalid references. */
	key: string;
	reference: CallReferenceResult;
	users: PlannedUser[];
}

export type InvitedStatus = 'invited' | 'already_invited' | 'already_in_call' | 'would_invite';

export interface InvitedResult {
	output: 'invited';
	status: InvitedStatus;
	userId: string;
	username: string | null;
	callId: string;
	/** Set when there is something a person should know (e.g. an ambiguous "already invited"). */
	message?: string;
}

export interface FailedResult {
	output: 'failed';
	code: string;
	httpCode: number | null;
	message: string;
	userId: string | null;
	callId: string | null;
	retryAfter?: number;
	/** USER_ALREADY_INVITED where this run's own earlier request may have done the inviting. */
	maybeInvitedByThisRun?: boolean;
	/** With "Add Call Link to Failed Users": the call's public link, or null when there is none to give. */
	callLink?: string | null;
	/** Why callLink is null although the user's failure qualifies (a private chat, the export failed). */
	callLinkNote?: string;
}

export type UserResult = InvitedResult | FailedResult;

export interface RunLogger {
	info(message: string): void;
	warn(message: string): void;
	debug(message: string): void;
}

export interface RunEnvironment {
	logger: RunLogger;
	signal?: AbortSignal;
	/** Waits `ms` or rejects with CancelledError when `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
