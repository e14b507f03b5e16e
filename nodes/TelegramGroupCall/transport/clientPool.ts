import { CancelledError } from '../errors/cancellation';
import { settle } from '../errors/settle';

/** What the pool needs of a connection: whether it can still be used, and how to tear it down for good. */
export interface PooledConnection {
	readonly usable: boolean;
	destroy(): Promise<void>;
}

export interface Lease<C> {
	readonly connection: C;
	/** Hands the connection back; call exactly once (extra calls to either release are ignored). */
	release(): void;
	/**
	 * Hands the connection back and destroys it now if nobody else holds it, instead of letting it idle (a call
	 * watch that stops leaves nothing open); resolves once it is destroyed, at once when others still hold it.
	 */
	releaseAndCloseIfUnused(): Promise<void>;
}

export interface ClientPoolOptions {
	/** A connection unused for this long is destroyed. */
	idleMs: number;
	/** How often idle connections are looked for. */
	sweepMs?: number;
	now?: () => number;
}

interface Entry<C> {
	key: string;
	pending: Promise<C>;
	/** Aborts the connect while it is pending, when nobody waits for it any more. */
	abortConnect: AbortController;
	connection?: C;
	leases: number;
	lastUsed: number;
	retired: boolean;
	destroyed: boolean;
	/** The connection's destroy(), once started. */
	destroying?: Promise<void>;
}

/**
 * One connection per key (a hash of the credential values), shared by every caller in this process.
 * Concurrent first callers share one pending connect; a failed connect is forgotten so the next caller
 * tries again; unusable (auth error, timeout, closed socket) and idle connections are destroyed, in-use ones
 * once released. A caller whose execution is cancelled stops waiting at once; a connect nobody waits for any
 * more is aborted. See docs/decisions/0003-client-pooling.md.
 */
export class ClientPool<C extends PooledConnection> {
	private readonly entries = new Map<string, Entry<C>>();

	private readonly now: () => number;

	private sweepTimer: ReturnType<typeof setInterval> | undefined;

	/** Connections to retire as soon as their connect hands them to the pool (evictWhenRegistered). */
	private readonly retireOnArrival = new WeakSet<C>();

	/** destroyAll() calls still running: acquire() refuses meanwhile (see there). */
	private destroying = 0;

	constructor(private readonly options: ClientPoolOptions) {
		this.now = options.now ?? Date.now;
	}

	get size(): number {
		return this.entries.size;
	}

	/**
	 * The connection for `key`, connecting with `connect` unless a usable one exists or is on its way. Rejects
	 * with CancelledError as soon as `cancel` aborts (then, if nobody else waits, the connect is aborted too), and
	 * at once while destroyAll() runs: destroyAll has already taken its list of connections, so one connected now
	 * would outlive the shutdown. After destroyAll the pool connects again (scripts and tests go on using it).
	 */
	async acquire(key: string, connect: (abort: AbortSignal) => Promise<C>, cancel?: AbortSignal): Promise<Lease<C>> {
		if (cancel?.aborted || this.destroying > 0) throw new CancelledError();
		let entry = this.entries.get(key);
		if (entry?.connection && !entry.connection.usable) {
			this.retire(entry);
			entry = undefined;
		}
		const current = entry ?? this.createEntry(key, connect);
		current.leases += 1;
		current.lastUsed = this.now();
		const connected = await settle(async () => await this.waitFor(current, cancel));
		if (connected.ok) return this.leaseFor(current, connected.value);
		current.leases -= 1;
		if (connected.error instanceof CancelledError && !current.connection && current.leases === 0) this.abandon(current);
		throw connected.error;
	}

	/** Destroys the connection for `key` (now if unused, else when its last lease is released). */
	evict(key: string): void {
		const entry = this.entries.get(key);
		if (entry) this.retire(entry);
	}

	/**
	 * Destroys this connection (now if unused, else when its last lease is released) and lets the next caller
	 * connect anew; a newer connection under the same key is left alone.
	 */
	evictConnection(connection: C): void {
		for (const entry of this.entries.values()) {
			if (entry.connection === connection) this.retire(entry);
		}
	}

	/**
	 * Like evictConnection, also for a connection whose connect has not handed it to the pool yet (its connect
	 * function is still returning): it is retired the moment it arrives, once, instead of being looked for twice.
	 */
	evictWhenRegistered(connection: C): void {
		for (const entry of this.entries.values()) {
			if (entry.connection === connection) {
				this.retire(entry);
				return;
			}
		}
		this.retireOnArrival.add(connection);
	}

	/** Destroys connections idle for longer than `idleMs`. Runs on a timer; callable directly. */
	sweep(): void {
		const cutoff = this.now() - this.options.idleMs;
		for (const entry of [...this.entries.values()]) {
			if (entry.connection && entry.leases === 0 && entry.lastUsed <= cutoff) this.retire(entry);
		}
	}

	/**
	 * Destroys every connection, in use or not, and aborts pending connects (process shutdown); resolves once every
	 * destroy has ended, also those a release started meanwhile.
	 */
	async destroyAll(): Promise<void> {
		this.destroying += 1;
		try {
			const entries = [...this.entries.values()];
			this.entries.clear();
			this.updateSweepTimer();
			await Promise.allSettled(
				entries.map(async (entry) => {
					entry.retired = true;
					entry.abortConnect.abort();
					const connection = await entry.pending.catch(() => undefined);
					if (!connection) return;
					// A lease released (or a connect arriving) while this waited may have started the destroy already.
					if (!entry.destroyed) {
						entry.destroyed = true;
						entry.destroying = connection.destroy().catch(() => undefined);
					}
					await entry.destroying;
				}),
			);
		} finally {
			this.destroying -= 1;
		}
	}

	/** The entry's connection, or CancelledError when `cancel` aborts first. */
	private async waitFor(entry: Entry<C>, cancel: AbortSignal | undefined): Promise<C> {
		if (!cancel) return await entry.pending;
		let onAbort: (() => void) | undefined;
		const cancelled = new Promise<never>((_, reject) => {
			onAbort = () => reject(new CancelledError());
			cancel.addEventListener('abort', onAbort, { once: true });
		});
		try {
			return await Promise.race([entry.pending, cancelled]);
		} finally {
			if (onAbort) cancel.removeEventListener('abort', onAbort);
		}
	}

	/** Nobody waits for this pending connect any more: stop it rather than leave a socket and timers behind. */
	private abandon(entry: Entry<C>): void {
		if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
		this.updateSweepTimer();
		entry.retired = true;
		entry.abortConnect.abort();
	}

	private createEntry(key: string, connect: (abort: AbortSignal) => Promise<C>): Entry<C> {
		const abortConnect = new AbortController();
		const state: Omit<Entry<C>, 'pending'> = { key, abortConnect, leases: 0, lastUsed: this.now(), retired: false, destroyed: false };
		const pending = connect(abortConnect.signal).then(
			(connection) => {
				state.connection = connection;
				if (this.retireOnArrival.delete(connection)) this.retire(entry);
				this.destroyIfDone(state);
				return connection;
			},
			(error: unknown) => {
				if (this.entries.get(key) === entry) this.entries.delete(key);
				this.updateSweepTimer();
				throw error;
			},
		);
		const entry: Entry<C> = Object.assign(state, { pending });
		this.entries.set(key, entry);
		this.updateSweepTimer();
		return entry;
	}

	private leaseFor(entry: Entry<C>, connection: C): Lease<C> {
		let released = false;
		const release = (closeIfUnused: boolean): boolean => {
			if (released) return false;
			released = true;
			entry.leases -= 1;
			entry.lastUsed = this.now();
			if (!connection.usable || (closeIfUnused && entry.leases === 0)) this.retire(entry);
			this.destroyIfDone(entry);
			return true;
		};
		return {
			connection,
			release: () => void release(false),
			releaseAndCloseIfUnused: async () => {
				if (release(true) && entry.leases === 0) await entry.destroying;
			},
		};
	}

	private retire(entry: Entry<C>): void {
		if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
		this.updateSweepTimer();
		entry.retired = true;
		this.destroyIfDone(entry);
	}

	/** A retired connection is destroyed once nobody holds it, exactly once. */
	private destroyIfDone(entry: Omit<Entry<C>, 'pending'>): void {
		if (!entry.retired || entry.leases > 0 || !entry.connection || entry.destroyed) return;
		entry.destroyed = true;
		// Nobody may be waiting for it: a failed destroy must not become an unhandled rejection.
		entry.destroying = entry.connection.destroy().catch(() => undefined);
	}

	private updateSweepTimer(): void {
		if (this.entries.size > 0 && this.sweepTimer === undefined) {
			const every = this.options.sweepMs ?? Math.min(this.options.idleMs, 60_000);
			this.sweepTimer = setInterval(() => this.sweep(), every);
			// The pool must never keep n8n (or a test process) alive on its own.
			this.sweepTimer.unref();
		} else if (this.entries.size === 0 && this.sweepTimer !== undefined) {
			clearInterval(this.sweepTimer);
			this.sweepTimer = undefined;
		}
	}
}
