import type { CallUpdate } from '../callWatch';
import type { TelegramError } from '../telegramError';

/**
 * One stretch of a call watch on one pooled connection, from the moment updates flow until the connection is
 * retired. The watch (./callWatcher.ts) opens a new link after each retirement; GramJS's own reconnects happen
 * within a link (`down`, then `up`). Implemented over GramJS in ../gramjs/watchLink.ts.
 */
export interface WatchLinkListener {
	/** A call update, in the order the connection received it. */
	update(update: CallUpdate): void;
	/** The socket dropped; GramJS is reconnecting by itself. */
	down(reason: string): void;
	/** GramJS reconnected and updates flow again. */
	up(): void;
	/**
	 * The connection takes no new work any more (handed over to another connection of the session, failed, or
	 * closed): close this link and open another. `error` says why when a request or the socket failed.
	 */
	retired(reason: string, error?: TelegramError): void;
}

export interface WatchLink {
	/** Removes the update handler and hands the pooled connection back (closing it when nobody else uses it). */
	close(): Promise<void>;
}

/**
 * Takes the pooled connection (connecting, and waiting for the session's lease, each bounded by the credential's
 * timeout), registers the update handler and resolves once updates flow. Rejects with a TelegramError, or with
 * CancelledError when `signal` aborts.
 */
export type OpenWatchLink = (listener: WatchLinkListener, signal: AbortSignal) => Promise<WatchLink>;
