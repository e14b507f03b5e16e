/**
 * The one error type that leaves the transport. `code` is Telegram's error (FLOOD_WAIT_X normalised to
 * FLOOD_WAIT with `retryAfter`) or the transport's own (TIMEOUT, SERVER_UNREACHABLE, INVALID_SESSION, ...).
 * It never carries the session, the API hash or an auth key.
 */
export class TelegramError extends Error {
	readonly code: string;

	/** Telegram's HTTP-like code (400, 401, 420, ...); null for the transport's own failures. */
	readonly httpCode: number | null;

	/** The Telegram method that failed, e.g. "phone.InviteToGroupCall", or "connect". */
	readonly method: string;

	/** Seconds to wait, for FLOOD_WAIT and SLOWMODE_WAIT. */
	readonly retryAfter?: number;

	/** The connection was re-established while this request was pending (GramJS re-sends it). */
	readonly reconnected: boolean;

	/** What exactly went wrong, when the code alone does not say (e.g. which credential field). No secrets. */
	readonly detail?: string;

	constructor(options: {
		code: string;
		httpCode: number | null;
		method: string;
		retryAfter?: number;
		reconnected?: boolean;
		detail?: string;
	}) {
		super(`${options.code}${options.detail ? `: ${options.detail}` : ''} (${options.method})`);
		this.name = 'TelegramError';
		this.code = options.code;
		this.httpCode = options.httpCode;
		this.method = options.method;
		this.retryAfter = options.retryAfter;
		this.reconnected = options.reconnected ?? false;
		this.detail = options.detail;
	}
}

export function isTelegramError(error: unknown): error is TelegramError {
	return error instanceof TelegramError;
}
