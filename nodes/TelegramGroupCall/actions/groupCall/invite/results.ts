import { describeError } from '../../../errors/catalog';
import type { TelegramError, TelegramUser } from '../../../transport';
import type { FailedResult, InvitedResult } from './types';

export function resultKey(itemIndex: number, tokenIndex: number): string {
	return `${itemIndex}:${tokenIndex}`;
}

export function invited(status: InvitedResult['status'], user: TelegramUser, callId: string): InvitedResult {
	return { output: 'invited', status, userId: user.id, username: user.username ?? null, callId };
}

/** A result the node decided itself (no Telegram error to quote). */
export function failed(code: string, callId: string | null, message: string, userId: string | null = null): FailedResult {
	return { output: 'failed', code, httpCode: describeError(code).httpCode, message, userId, callId };
}

/** A result quoting a Telegram (or transport) error, with its catalog message and any wait. */
export function failedFrom(error: TelegramError, userId: string | null, callId: string | null): FailedResult {
	const description = describeError(error.code, error.httpCode);
	const result: FailedResult = {
		output: 'failed',
		code: description.code,
		httpCode: description.httpCode,
		message: description.message,
		userId,
		callId,
	};
	if (error.retryAfter !== undefined) {
		result.retryAfter = error.retryAfter;
		result.message = `${description.message} (Telegram asked for ${error.retryAfter} s.)`;
	}
	return result;
}

export const MAYBE_INVITED_BY_THIS_RUN =
	'This run sent a request for this user that may have been applied already (a rejected batch, or a connection that dropped before the answer and a copy sent again), so the invitation may be from this run.';

/** The same failure, saying that this run's own earlier request may have invited the user. */
export function maybeInvitedByThisRun(result: FailedResult): FailedResult {
	return { ...result, message: `${result.message} ${MAYBE_INVITED_BY_THIS_RUN}`, maybeInvitedByThisRun: true };
}
