import { CancelledError, abortableSleep } from '../../errors/cancellation';
import { settle } from '../../errors/settle';
import { TelegramError } from '../telegramError';
import type { LeaseEvent, LeaseStore } from './leaseStore';

/** A held lease lives this long without renewal: a process that died or stalled frees the session by then. */
export const LEASE_TTL_MS = 15_000;
/** A waiter tries again this often, and at once when the holder says it released. */
export const LEASE_POLL_MS = 50;
/** A waiter asks the holder again this often, in case a request to hand over was missed. */
const ASK_AGAIN_MS = 1_000;

export interface SessionLeasesOptions {
	store: LeaseStore;
	/** Names this process in owner ids (host and pid), so an error can say who holds a session. */
	processName: string;
	ttlMs?: number;
	pollMs?: number;
	now?: () => number;
	sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
	/** Runs `task` every `ms` until the returned function is called (never keeping the process alive). */
	every?: (ms: number, task: () => void) => () => void;
}

export interface AcquireOptions {
	/** How long to wait for another holder to hand the session over before failing with SESSION_BUSY. */
	waitMs: number;
	signal?: AbortSignal;
}

/** One held lease on a session: at most one connection of the session is open while it is held. */
export interface HeldSessionLease {
	readonly owner: string;
	/**
	 * `listener` runs whenever another connection waits for the session (so an idle holder hands it over), with
	 * that connection's owner id.
	 */
	onWanted(listener: (by: string) => void): void;
	/** `listener` runs once if the lease ran out while held (the process stalled or the store was unreachable). */
	onLost(listener: () => void): void;
	/** Gives the lease up; extra calls do nothing. */
	release(): Promise<void>;
}

/**
 * At most one open connection per Telegram session, across every process that shares the store: a lease per
 * account (its fingerprint, never the session string) with a TTL renewed while held. Others wait, bounded,
 * asking the holder to hand over; the holder's pool closes the connection as soon as it is idle.
 * See docs/decisions/0013-queue-mode-lease.md.
 */
export class SessionLeases {
	private readonly ttlMs: number;

	private readonly pollMs: number;

	private readonly now: () => number;

	private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

	private readonly every: (ms: number, task: () => void) => () => void;

	private counter = 0;

	constructor(private readonly options: SessionLeasesOptions) {
		this.ttlMs = options.ttlMs ?? LEASE_TTL_MS;
		this.pollMs = options.pollMs ?? LEASE_POLL_MS;
		this.now = options.now ?? Date.now;
		this.sleep = options.sleep ?? abortableSleep;
		this.every = options.every ?? everyUnref;
	}

	get store(): LeaseStore {
		return this.options.store;
	}

	/**
	 * Waits until this caller holds the lease of `accountKey`; fails with SESSION_BUSY after `waitMs`, or with
	 * CancelledError as soon as `signal` aborts.
	 */
	async acquire(accountKey: string, options: AcquireOptions): Promise<HeldSessionLease> {
		const attempt = await settle(async () => await this.waitForLease(accountKey, options));
		if (attempt.ok) return attempt.value;
		throw attempt.error instanceof CancelledError || attempt.error instanceof TelegramError ? attempt.error : storeUnreachable(attempt.error);
	}

	private async waitForLease(accountKey: string, { waitMs, signal }: AcquireOptions): Promise<HeldSessionLease> {
		if (signal?.aborted) throw new CancelledError();
		const key = leaseKey(accountKey);
		const owner = `${this.options.processName}#${++this.counter}`;
		const { store } = this.options;
		const deadline = this.now() + waitMs;
		let wake: AbortController | undefined;
		const unwatch = store.watch(key, (event) => {
			if (event.kind === 'released') wake?.abort();
		});
		try {
			let askedAt: number | undefined;
			for (;;) {
				if (await store.tryAcquire(key, owner, this.ttlMs)) return this.hold(key, owner);
				const now = this.now();
				if (askedAt === undefined || now - askedAt >= ASK_AGAIN_MS) {
					askedAt = now;
					await store.askForHandOver(key, owner);
				}
				const left = deadline - this.now();
				if (left <= 0) throw sessionBusy(waitMs, await store.holder(key));
				wake = new AbortController();
				const woken = wake.signal;
				await this.sleep(Math.min(this.pollMs, left), signal ? AbortSignal.any([signal, woken]) : woken).catch((error: unknown) => {
					if (!(error instanceof CancelledError) || signal?.aborted || !woken.aborted) throw error;
				});
			}
		} finally {
			unwatch();
		}
	}

	private hold(key: string, owner: string): HeldSessionLease {
		const { store } = this.options;
		const wantedListeners: Array<(by: string) => void> = [];
		const lostListeners: Array<() => void> = [];
		let wantedBy: string | undefined;
		let lost = false;
		let released = false;
		let renewedAt = this.now();
		const unwatch = store.watch(key, (event) => {
			if (event.kind !== 'wanted' || event.by === owner || released || lost) return;
			wantedBy = event.by;
			for (const listener of wantedListeners) listener(event.by);
		});
		const markLost = () => {
			if (lost || released) return;
			lost = true;
			stopRenewing();
			unwatch();
			for (const listener of lostListeners) listener();
		};
		const stopRenewing = this.every(Math.max(1, Math.floor(this.ttlMs / 3)), () => {
			const startedAt = this.now();
			store.renew(key, owner, this.ttlMs).then(
				(held) => {
					if (!held) markLost();
					else renewedAt = startedAt;
				},
				// The store is unreachable: the lease is as good as its TTL.
				() => {
					if (this.now() - renewedAt >= this.ttlMs) markLost();
				},
			);
		});
		return {
			owner,
			onWanted: (listener) => {
				wantedListeners.push(listener);
				if (wantedBy !== undefined) listener(wantedBy);
			},
			onLost: (listener) => {
				lostListeners.push(listener);
				if (lost) listener();
			},
			release: async () => {
				if (released) return;
				released = true;
				stopRenewing();
				unwatch();
				if (!lost) await store.release(key, owner).catch(() => undefined);
			},
		};
	}
}

/** Key names carry the account fingerprint (a SHA-256), never the session string. */
export function leaseKey(accountKey: string): string {
	return `tg-group-call:${accountKey}:lease`;
}

function storeUnreachable(error: unknown): TelegramError {
	return new TelegramError({
		code: 'LEASE_STORE_UNREACHABLE',
		httpCode: null,
		method: 'connect',
		detail: `the session lease could not be taken: ${error instanceof Error ? error.message : String(error)}`,
	});
}

function sessionBusy(waitMs: number, holder: string | undefined): TelegramError {
	return new TelegramError({
		code: 'SESSION_BUSY',
		httpCode: null,
		method: 'connect',
		detail: `waited ${waitMs} ms for this Telegram session's lease, held by ${holder === undefined ? 'another connection (released just now)' : `n8n process ${holder}`}`,
	});
}

function everyUnref(ms: number, task: () => void): () => void {
	const timer = setInterval(task, ms);
	timer.unref();
	return () => clearInterval(timer);
}

export type { LeaseEvent, LeaseStore };
