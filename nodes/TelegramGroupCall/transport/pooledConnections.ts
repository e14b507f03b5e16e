import { CancelledError } from '../errors/cancellation';
import { settle } from '../errors/settle';

import type { CallWatch, CallWatchEvents } from './callWatch';
import { ClientPool, type Lease } from './clientPool';
import { accountFingerprint, settingsFingerprint, type ConnectionSettings } from './connectionSettings';
import type { TelegramConnection } from './gramjs/telegramConnection';
import type { SessionLeases } from './lease/sessionLeases';
import { TelegramError } from './telegramError';
import { startCallWatcher } from './watch/callWatcher';

type GramjsModule = typeof import('./gramjs');

export interface PooledConnectionsOptions {
	/** A pooled connection unused for this long is destroyed. */
	idleMs: number;
	/** The session leases (built on first use: in memory, or in n8n's Redis in queue mode). */
	leases: () => Promise<SessionLeases>;
	/** The GramJS side of the transport, loaded on first use. */
	gramjs: () => Promise<GramjsModule>;
	/** Runs once this process holds the account's session lease, before it connects. */
	leaseTaken?: (accountKey: string) => Promise<void>;
	/** The call watches' wait between reconnect attempts (abortableSleep unless given: tests drive it). */
	watchSleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * A process's Telegram connections: one per set of credential values (decision 0003), each connected only while
 * it holds its session's lease and handed over when another connection of the session waits (decision 0013).
 * Executions lease them for a run; call watches hold them while they live (decision 0015).
 */
export class PooledConnections {
	readonly pool: ClientPool<TelegramConnection>;

	/**
	 * Call watches, open or still starting: destroyAll() closes them first, or they would reconnect to a pool being
	 * shut down. A watch is listed before its start's first await, so a destroyAll() during the start sees it.
	 */
	private readonly watches = new Set<CallWatch>();

	/** destroyAll() calls still running: watch() and acquire() refuse meanwhile. */
	private destroying = 0;

	constructor(private readonly options: PooledConnectionsOptions) {
		this.pool = new ClientPool<TelegramConnection>({ idleMs: options.idleMs });
	}

	/**
	 * The connection for these values, connecting (and waiting for the session's lease) unless one is usable.
	 * Rejects with CancelledError while destroyAll() runs, like the pool, also while it is still closing the watches.
	 */
	async acquire(settings: ConnectionSettings, signal?: AbortSignal): Promise<Lease<TelegramConnection>> {
		if (this.destroying > 0) throw new CancelledError();
		return await this.pool.acquire(settingsFingerprint(settings), async (abort) => await this.connect(settings, abort), signal);
	}

	/**
	 * Listens for call updates on the connection for these values (see transport/index.ts, watchCalls). Rejects
	 * with shutdownError() when destroyAll() runs before the watch is handed out: called during destroyAll() (it
	 * is refused at once rather than started and closed: a caller that gets a watch must be able to count on it
	 * listening, and an activation that fails says so), or still starting when destroyAll() begins (closed, like
	 * every watch, and nothing of it stays: no connection, no lease, no reconnect).
	 */
	async watch(settings: ConnectionSettings, events: CallWatchEvents, signal?: AbortSignal): Promise<CallWatch> {
		if (this.destroying > 0) throw shutdownError();
		const shutdown = new AbortController();
		const starting = settle(async () => await this.startWatch(settings, events, signal ? AbortSignal.any([signal, shutdown.signal]) : shutdown.signal));
		const watch: CallWatch = {
			close: async () => {
				this.watches.delete(watch);
				shutdown.abort();
				const started = await starting;
				if (started.ok) await started.value.close();
			},
		};
		this.watches.add(watch);
		const started = await starting;
		if (shutdown.signal.aborted) {
			// destroyAll() closes it (close() above waits for this start); a watch that made it closes here too.
			if (started.ok) await started.value.close();
			throw shutdownError();
		}
		if (!started.ok) {
			this.watches.delete(watch);
			throw started.error;
		}
		return watch;
	}

	/**
	 * Closes every call watch, those still starting too (telling them nothing more), and destroys every
	 * connection, in use or not (shutdown). Meanwhile watch() and acquire() refuse: what they would open now would
	 * outlive it. Afterwards the pool connects again.
	 */
	async destroyAll(): Promise<void> {
		this.destroying += 1;
		try {
			await Promise.allSettled([...this.watches].map(async (watch) => await watch.close()));
			await this.pool.destroyAll();
		} finally {
			this.destroying -= 1;
		}
	}

	private async startWatch(settings: ConnectionSettings, events: CallWatchEvents, signal: AbortSignal): Promise<CallWatch> {
		const { openWatchLink } = await this.options.gramjs();
		return await startCallWatcher(
			{
				events,
				open: async (listener, abort) => await openWatchLink(await this.acquire(settings, abort), listener, abort),
				...(this.options.watchSleep === undefined ? {} : { sleep: this.options.watchSleep }),
			},
			signal,
		);
	}

	/**
	 * Connects once this caller holds the session's lease (waiting for another holder at most the credential's
	 * timeout). The connection gives the lease back when it is destroyed, and stops taking new work as soon as
	 * another connection of the session waits, so an idle one is closed at once rather than after the idle time.
	 */
	private async connect(settings: ConnectionSettings, abort: AbortSignal): Promise<TelegramConnection> {
		const { connectTelegram } = await this.options.gramjs();
		const accountKey = accountFingerprint(settings);
		const held = await (await this.options.leases()).acquire(accountKey, { waitMs: settings.timeoutMs, signal: abort });
		await this.options.leaseTaken?.(accountKey);
		const connected = await settle(async () => await connectTelegram(settings, abort));
		if (!connected.ok) {
			await held.release();
			throw connected.error;
		}
		const connection = connected.value;
		connection.onDestroyed(() => void held.release());
		const handOver = (reason: string) => {
			connection.handOver(reason);
			// Wanted while connecting, the connection is not the pool's yet: the pool retires it as it arrives.
			this.pool.evictWhenRegistered(connection);
		};
		held.onWanted((by) => handOver(`handed over to n8n process ${by}, which waits for this Telegram session`));
		held.onLost(() => handOver("this process lost the Telegram session's lease (it stalled, or the lease store was unreachable)"));
		return connection;
	}
}

/** Why a watch is refused or given up: this process is closing its Telegram connections. */
function shutdownError(): TelegramError {
	return new TelegramError({
		code: 'CONNECTION_CLOSED',
		httpCode: null,
		method: 'connect',
		detail: 'this n8n process is closing its Telegram connections (shutdown), so the call watch was not started',
	});
}
