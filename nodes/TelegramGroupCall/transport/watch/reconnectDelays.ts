import type { TelegramError } from '../telegramError';

/** The first wait before reconnecting, doubled after each failed attempt up to MAX. */
export const FIRST_RECONNECT_DELAY_MS = 1_000;
export const MAX_RECONNECT_DELAY_MS = 60_000;

/**
 * How long a call watch waits before its next connection attempt (docs/decisions/0015-trigger-connection.md):
 * 1 s, doubling after each failed attempt, at most 60 s; back to 1 s once connected. Two answers do not grow it:
 * SESSION_BUSY (the attempt itself already waited the credential's timeout for a live holder, asking it to hand
 * over) and a hand-over (the process that asked gets a moment to take the session). A FLOOD_WAIT is waited out.
 */
export class ReconnectDelays {
	private failures = 0;

	constructor(
		private readonly firstMs = FIRST_RECONNECT_DELAY_MS,
		private readonly maxMs = MAX_RECONNECT_DELAY_MS,
	) {}

	/** The wait after an attempt (or the connection) failed with `error`. */
	afterFailure(error: TelegramError): number {
		if (error.code === 'SESSION_BUSY') return this.firstMs;
		const grown = Math.min(this.maxMs, this.firstMs * 2 ** this.failures);
		this.failures += 1;
		const asked = error.retryAfter === undefined ? 0 : error.retryAfter * 1000;
		return Math.max(grown, asked);
	}

	/** The wait after the connection was handed over to another connection of the session. */
	afterHandOver(): number {
		return this.firstMs;
	}

	/** Connected again: the next failure starts from the first wait. */
	reset(): void {
		this.failures = 0;
	}
}
