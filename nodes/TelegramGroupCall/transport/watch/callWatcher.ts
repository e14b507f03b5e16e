import { CancelledError, abortableSleep } from '../../errors/cancellation';
import { describeError } from '../../errors/catalog';
import { settle } from '../../errors/settle';
import type { CallWatch, CallWatchEvents } from '../callWatch';
import { TelegramError } from '../telegramError';
import { ReconnectDelays } from './reconnectDelays';
import type { OpenWatchLink, WatchLink, WatchLinkListener } from './watchLink';

/**
 * Account-scope codes that are about reaching Telegram, not about the credential: waited out and retried. Every
 * other account-scope code (a revoked or duplicated session, a bad API ID, …) ends the watch.
 */
const RETRIED_ACCOUNT_CODES = new Set(['SERVER_UNREACHABLE', 'TIMEOUT', 'SESSION_BUSY', 'LEASE_STORE_UNREACHABLE', 'CONNECTION_CLOSED']);

/** Whether a call watch can go on after `error`: the catalog's scope decides, see RETRIED_ACCOUNT_CODES. */
export function isRecoverable(error: TelegramError): boolean {
	return describeError(error.code, error.httpCode).scope !== 'account' || RETRIED_ACCOUNT_CODES.has(error.code);
}

export interface CallWatcherOptions {
	open: OpenWatchLink;
	events: CallWatchEvents;
	sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
	delays?: ReconnectDelays;
}

/** One link and what happened to it before the watcher knew it (it retires while still being opened). */
interface Stretch {
	link?: WatchLink;
	retirement?: { reason: string; error?: TelegramError };
}

/**
 * Opens the first link (rejecting with its TelegramError when that fails: an activation should say so at once)
 * and keeps a watch going until closed: GramJS's own reconnects pass through as disconnected/connected; a
 * retired connection (handed over, or failed) is replaced, waiting between attempts (./reconnectDelays.ts) for
 * as long as it takes; an unrecoverable error closes the watch and reports `failed`.
 * See docs/decisions/0015-trigger-connection.md.
 */
export async function startCallWatcher(options: CallWatcherOptions, signal?: AbortSignal): Promise<CallWatch> {
	const watcher = new CallWatcher(options);
	await watcher.start(signal);
	return watcher;
}

class CallWatcher implements CallWatch {
	private readonly stop = new AbortController();

	private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

	private readonly delays: ReconnectDelays;

	private current: Stretch | undefined;

	private closed = false;

	/** Links being closed and the reconnect loop: close() waits for them, so nothing is left behind. */
	private readonly settling = new Set<Promise<unknown>>();

	constructor(private readonly options: CallWatcherOptions) {
		this.sleep = options.sleep ?? abortableSleep;
		this.delays = options.delays ?? new ReconnectDelays();
	}

	async start(signal?: AbortSignal): Promise<void> {
		// An abort event that has already fired never comes again: a start cancelled before it began opens nothing.
		if (signal?.aborted === true) {
			this.closed = true;
			throw new CancelledError();
		}
		const cancel = () => this.stop.abort();
		signal?.addEventListener('abort', cancel, { once: true });
		try {
			const opened = await settle(async () => await this.openStretch());
			if (!opened.ok) {
				this.closed = true;
				throw opened.error instanceof CancelledError ? opened.error : asTelegramError(opened.error);
			}
		} finally {
			signal?.removeEventListener('abort', cancel);
		}
		this.tell(() => this.options.events.connected());
		this.takeRetirement();
	}

	async close(): Promise<void> {
		if (!this.closed) {
			this.closed = true;
			this.stop.abort();
			this.dropCurrent();
		}
		while (this.settling.size > 0) await Promise.allSettled([...this.settling]);
	}

	/** Opens a link for a new stretch; it is current at once, so its updates and retirement are not lost. */
	private async openStretch(): Promise<void> {
		const stretch: Stretch = {};
		this.current = stretch;
		const link = await this.options.open(this.listenerFor(stretch), this.stop.signal);
		stretch.link = link;
		if (this.current !== stretch) this.track(link.close());
	}

	private listenerFor(stretch: Stretch): WatchLinkListener {
		const live = () => !this.closed && this.current === stretch;
		return {
			update: (update) => {
				if (live()) this.tell(() => this.options.events.update(update));
			},
			down: (reason) => {
				if (live()) this.tell(() => this.options.events.disconnected(reason));
			},
			up: () => {
				if (live()) this.tell(() => this.options.events.connected());
			},
			retired: (reason, error) => {
				if (!live()) return;
				stretch.retirement = { reason, ...(error === undefined ? {} : { error }) };
				// Still being opened: the opener takes the retirement once it has the link.
				if (stretch.link !== undefined) this.takeRetirement();
			},
		};
	}

	/** The current link retired: close it, then fail or reconnect. */
	private takeRetirement(): void {
		const stretch = this.current;
		const retirement = stretch?.retirement;
		if (stretch === undefined || retirement === undefined || this.closed) return;
		this.dropCurrent();
		const { reason, error } = retirement;
		if (error !== undefined && !isRecoverable(error)) {
			this.fail(error);
			return;
		}
		const wait = error === undefined ? this.delays.afterHandOver() : this.delays.afterFailure(error);
		this.track(this.reconnect(reason, wait));
	}

	/** Tries until connected or closed, telling each wait in `disconnected`. */
	private async reconnect(reason: string, firstWait: number): Promise<void> {
		let why = reason;
		let wait = firstWait;
		for (;;) {
			this.tell(() => this.options.events.disconnected(`${why}; reconnecting in ${describeWait(wait)}`));
			const slept = await settle(async () => await this.sleep(wait, this.stop.signal));
			if (!slept.ok || this.closed) return;
			const opened = await settle(async () => await this.openStretch());
			if (this.closed) return;
			if (opened.ok) {
				this.delays.reset();
				this.tell(() => this.options.events.connected());
				this.takeRetirement();
				return;
			}
			const error = asTelegramError(opened.error);
			if (!isRecoverable(error)) {
				this.fail(error);
				return;
			}
			why = `could not connect (${error.message})`;
			wait = this.delays.afterFailure(error);
		}
	}

	/** Closes itself, then tells the watcher. */
	private fail(error: TelegramError): void {
		this.closed = true;
		this.stop.abort();
		this.dropCurrent();
		this.tell(() => this.options.events.failed(error));
	}

	private dropCurrent(): void {
		const link = this.current?.link;
		this.current = undefined;
		if (link !== undefined) this.track(link.close());
	}

	private track(promise: Promise<unknown>): void {
		const tracked = promise.catch(() => undefined).finally(() => this.settling.delete(tracked));
		this.settling.add(tracked);
	}

	/** The watcher's callbacks must not break the watch: what they throw stays with them. */
	private tell(callback: () => void): void {
		try {
			callback();
		} catch {
			// Deliberately ignored (see above).
		}
	}
}

function asTelegramError(error: unknown): TelegramError {
	if (error instanceof TelegramError) return error;
	if (error instanceof CancelledError) return new TelegramError({ code: 'CONNECTION_CLOSED', httpCode: null, method: 'connect', detail: 'cancelled' });
	return new TelegramError({
		code: 'UNEXPECTED_ERROR',
		httpCode: null,
		method: 'connect',
		detail: error instanceof Error ? error.message : String(error),
	});
}

function describeWait(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
