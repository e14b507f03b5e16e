import { settle } from '../helpers/settle';

/** What the pool needs of a connection: whether it can still be used, and how to tear it down for good. */
export interface PooledConnection {
	readonly usable: boolean;
	destroy(): Promise<void>;
}

export interface Lease<C> {
	readonly connection: C;
	/** Hands the connection back; call exactly once (extra calls are ignored). */
	release(): void;
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
	connection?: C;
	leases: number;
	lastUsed: number;
	retired: boolean;
	destroyed: boolean;
}

/**
 * One connection per key (a hash of the credential values), shared by every caller in this process.
 * Concurrent first callers share one pending connect; a failed connect is forgotten so the next caller
 * tries again; unusable (auth error, timeout) and idle connections are destroyed, in-use ones once released.
 * See docs/decisions/0003-client-pooling.md.
 */
export class ClientPool<C extends PooledConnection> {
	private readonly entries = new Map<string, Entry<C>>();

	private readonly now: () => number;

	private sweepTimer: ReturnType<typeof setInterval> | undefined;

	constructor(private readonly options: ClientPoolOptions) {
		this.now = options.now ?? Date.now;
	}

	get size(): number {
		return this.entries.size;
	}

	async acquire(key: string, connect: () => Promise<C>): Promise<Lease<C>> {
		let entry = this.entries.get(key);
		if (entry?.connection && !entry.connection.usable) {
			this.retire(entry);
			entry = undefined;
		}
		entry ??= this.createEntry(key, connect);
		entry.leases += 1;
		entry.lastUsed = this.now();
		const connected = await settle(async () => await entry.pending);
		if (!connected.ok) {
			entry.leases -= 1;
			throw connected.error;
		}
		return this.leaseFor(entry, connected.value);
	}

	/** Destroys the connection for `key` (now if unused, else when its last lease is released). */
	evict(key: string): void {
		const entry = this.entries.get(key);
		if (entry) this.retire(entry);
	}

	/** Destroys connections idle for longer than `idleMs`. Runs on a timer; callable directly. */
	sweep(): void {
		const cutoff = this.now() - this.options.idleMs;
		for (const entry of [...this.entries.values()]) {
			if (entry.connection && entry.leases === 0 && entry.lastUsed <= cutoff) this.retire(entry);
		}
	}

	/** Destroys every connection, in use or not (process shutdown). */
	async destroyAll(): Promise<void> {
		const entries = [...this.entries.values()];
		this.entries.clear();
		this.updateSweepTimer();
		await Promise.allSettled(
			entries.map(async (entry) => {
				entry.retired = true;
				const connection = await entry.pending.catch(() => undefined);
				if (!connection || entry.destroyed) return;
				entry.destroyed = true;
				await connection.destroy();
			}),
		);
	}

	private createEntry(key: string, connect: () => Promise<C>): Entry<C> {
		const state: Omit<Entry<C>, 'pending'> = { key, leases: 0, lastUsed: this.now(), retired: false, destroyed: false };
		const pending = connect().then(
			(connection) => {
				state.connection = connection;
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
		return {
			connection,
			release: () => {
				if (released) return;
				released = true;
				entry.leases -= 1;
				entry.lastUsed = this.now();
				if (!connection.usable) this.retire(entry);
				this.destroyIfDone(entry);
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
		void entry.connection.destroy();
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
