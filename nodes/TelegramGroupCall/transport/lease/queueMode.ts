import { createRequire } from 'node:module';

import type { RedisClient } from './redisLeaseStore';

/** n8n runs executions on workers through Redis (EXECUTIONS_MODE=queue), main and workers alike. */
export function isQueueMode(env: NodeJS.ProcessEnv = process.env): boolean {
	return env.EXECUTIONS_MODE?.trim().toLowerCase() === 'queue';
}

/** n8n's own Redis connection settings (the QUEUE_BULL_REDIS_* variables), as n8n reads them. */
export interface RedisSettings {
	host: string;
	port: number;
	db: number;
	username?: string;
	password?: string;
	tls: boolean;
	/** QUEUE_BULL_REDIS_CLUSTER_NODES ("host:port,host:port"); when set, host/port/db are not used. */
	clusterNodes?: Array<{ host: string; port: number }>;
}

export function readRedisSettings(env: NodeJS.ProcessEnv = process.env): RedisSettings {
	const clusterNodes = (env.QUEUE_BULL_REDIS_CLUSTER_NODES ?? '')
		.split(',')
		.map((node) => node.trim())
		.filter((node) => node !== '')
		.map((node) => {
			const [host, port] = node.split(':');
			return { host: host ?? 'localhost', port: whole(port, 6379) };
		});
	return {
		host: env.QUEUE_BULL_REDIS_HOST?.trim() || 'localhost',
		port: whole(env.QUEUE_BULL_REDIS_PORT, 6379),
		db: whole(env.QUEUE_BULL_REDIS_DB, 0),
		username: env.QUEUE_BULL_REDIS_USERNAME || undefined,
		password: env.QUEUE_BULL_REDIS_PASSWORD || undefined,
		tls: env.QUEUE_BULL_REDIS_TLS?.trim().toLowerCase() === 'true',
		...(clusterNodes.length > 0 ? { clusterNodes } : {}),
	};
}

interface IoredisModule {
	Redis?: new (options: object) => RedisClient;
	Cluster?: new (nodes: Array<{ host: string; port: number }>, options: object) => RedisClient;
	default?: new (options: object) => RedisClient;
}

/**
 * ioredis as n8n ships it: this package declares no copy of its own (docs/decisions/0013-queue-mode-lease.md).
 * Looked up from this package first (if a user installed one beside it), then from n8n's entry script.
 */
export function loadIoredis(places: readonly string[] = defaultPlaces()): IoredisModule {
	for (const place of places) {
		try {
			return createRequire(place)('ioredis') as IoredisModule;
		} catch {
			// Not resolvable from there; try the next place.
		}
	}
	throw new Error(
		'n8n runs in queue mode, but the Redis client (ioredis) that n8n ships was not found, so the Telegram session cannot be shared safely between workers. Report this with your n8n version.',
	);
}

/** Two clients on n8n's Redis: one for commands, one for the lease's pub/sub channel. */
export function connectRedis(settings: RedisSettings, ioredis: IoredisModule = loadIoredis()): [RedisClient, RedisClient] {
	const options = {
		username: settings.username,
		password: settings.password,
		...(settings.tls ? { tls: {} } : {}),
		// A Redis that is down must fail the lease's commands, not queue them forever.
		maxRetriesPerRequest: 2,
		connectionName: 'n8n-nodes-telegram-group-call',
	};
	const make = (): RedisClient => {
		if (settings.clusterNodes) {
			if (!ioredis.Cluster) throw new Error('The Redis client n8n ships has no cluster support.');
			return new ioredis.Cluster(settings.clusterNodes, { redisOptions: options });
		}
		const Redis = ioredis.Redis ?? ioredis.default;
		if (!Redis) throw new Error('The Redis client n8n ships could not be loaded.');
		return new Redis({ ...options, host: settings.host, port: settings.port, db: settings.db });
	};
	return [make(), make()];
}

function defaultPlaces(): string[] {
	return [__filename, require.main?.filename, process.argv[1]].filter((place): place is string => typeof place === 'string' && place !== '');
}

function whole(value: string | undefined, fallback: number): number {
	const number = Number(value?.trim());
	return value !== undefined && value.trim() !== '' && Number.isSafeInteger(number) && number >= 0 ? number : fallback;
}
