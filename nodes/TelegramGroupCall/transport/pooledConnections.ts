import { settle } from '../errors/settle';

import type { CallWatch, CallWatchEvents } from './callWatch';
import { ClientPool, type Lease } from './clientPool';
import { accountFingerprint, settingsFingerprint, type ConnectionSettings } from './connectionSettings';
import type { TelegramConnection } from './gramjs/telegramConnection';
import type { SessionLeases } from './lease/sessionLeases';
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
}

/**
 * A process's Telegram connections: one per set of credential values (decision 0003), each connected only while
 * it holds its session's lease and handed over when another connection of the session waits (decision 0013).
 * Executions lease them for a run; call watches hold them while they live (decision 0015).
 */
export class PooledConnections {
	readonly pool: ClientPool<TelegramConnection>;

	/** Open call watches: destroyAll() closes them first, or they would reconnect to a pool being shut down. */
	private readonly watches = new Set<CallWatch>();

	constructor(private readonly options: PooledConnectionsOptions) {
		this.pool = new ClientPool<TelegramConnection>({ idleMs: options.idleMs });
	}

	/** The connection for these values, connecting (and waiting for the session's lease) unless one is usable. */
	async acquire(settings: ConnectionSettings, signal?: AbortSignal): Promise<Lease<TelegramConnection>> {
		return await this.pool.acquire(settingsFingerprint(settings), async (abort) => await this.connect(settings, abort), signal);
	}

	/** Listens for call updates on the connection for these values (see transport/index.ts, watchCalls). */
	async watch(settings: ConnectionSettings, events: CallWatchEvents, signal?: AbortSignal): Promise<CallWatch> {
		const { openWatchLink } = await this.options.gramjs();
		const watcher = await startCallWatcher(
			{
				events,
				open: async (listener, abort) => await openWatchLink(await this.acquire(settings, abort), listener, abort),
			},
			signal,
		);
		const watch: CallWatch = {
			close: async () => {
				this.watches.delete(watch);
				await watcher.close();
			},
		};
		this.watches.add(watch);
		return watch;
	}

	/** Closes every call watch (telling them nothing more) and destroys every connection, in use or not (shutdown). */
	async destroyAll(): Promise<void> {
		await Promise.allSettled([...this.watches].map(async (watch) => await watch.close()));
		await this.pool.destroyAll();
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
