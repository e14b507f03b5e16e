/**
 * Session lease hand-over between two workers (issue 11), and what the account's state shared through Redis costs
 * per call (pacing, flood limits, and a user lookup for the entity cache not built; decision 0017): how long a worker that needs the session waits when
 * another, idle worker holds it, through a real redis-server and n8n's own ioredis. Each "worker" has its own
 * Redis connections, as main and workers do; both run in this process, so the time is Redis and pub/sub, not
 * process scheduling. The Telegram connect that follows a hand-over is not included (see "cold vs warm").
 * Runs in `npm run bench`; alone: `node --import tsx bench/leaseHandOver.ts [--quick]`.
 */
import { connectRedis, loadIoredis, readRedisSettings } from '../nodes/TelegramGroupCall/transport/lease/queueMode';
import { RedisLeaseStore, type RedisClient } from '../nodes/TelegramGroupCall/transport/lease/redisLeaseStore';
import { SessionLeases } from '../nodes/TelegramGroupCall/transport/lease/sessionLeases';
import { RedisAccountLimits } from '../nodes/TelegramGroupCall/transport/shared/redisAccountLimits';
import { RedisPacing } from '../nodes/TelegramGroupCall/transport/shared/redisPacing';
import { locateN8nInstallation } from '../test/e2e/support/n8nInstallation';
import { startRedis } from '../test/e2e/support/redis';
import { runAsScript } from './support/contenders';
import type { Section } from './support/report';
import { fmt, max, median } from './support/stats';

export interface LeaseHandOverSizes {
	handOvers: number;
	/** Calls per measured command of the account's shared state (pacing, limits, a user lookup). */
	sharedStateCalls?: number;
}

/** Users in the hash that stands in for a Redis entity cache of one account (the in-process cache's bound). */
const CACHED_USERS = 50_000;

const ACCOUNT = 'b'.repeat(64);

export async function measureLeaseHandOver(sizes: LeaseHandOverSizes): Promise<Section> {
	const redis = await startRedis();
	const ioredis = loadIoredis([locateN8nInstallation().n8nBin]);
	const settings = readRedisSettings({ QUEUE_BULL_REDIS_HOST: redis.host, QUEUE_BULL_REDIS_PORT: String(redis.port) });
	const connections = [0, 1].map(() => connectRedis(settings, ioredis));
	const stores = connections.map(([client, subscriber]) => new RedisLeaseStore(client, subscriber));
	try {
		const workers = stores.map((store, index) => new SessionLeases({ store, processName: `bench-worker-${index + 1}` }));
		let held = await workers[0]!.acquire(ACCOUNT, { waitMs: 10_000 });
		const times: number[] = [];
		for (let round = 0; round < sizes.handOvers; round += 1) {
			const current = held;
			// The holder is idle: it releases as soon as it hears that someone waits.
			current.onWanted(() => void current.release());
			const started = performance.now();
			held = await workers[(round + 1) % 2]!.acquire(ACCOUNT, { waitMs: 10_000 });
			times.push(performance.now() - started);
		}
		await held.release();
		const sorted = [...times].sort((a, b) => a - b);
		const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
		const shared = await measureSharedState(connections.map(([client]) => client), sizes.sharedStateCalls ?? sizes.handOvers * 4);
		return {
			title: "Session lease hand-over between two workers, and the account's shared state (queue mode)",
			how:
				`${fmt(sizes.handOvers)} hand-overs of one session's lease between two workers with their own connections to a local ` +
				"redis-server (n8n's ioredis): from the waiting worker's acquire to holding the lease, the holder idle and releasing on " +
				'the "wanted" message.',
			tables: [
				{
					head: ['hand-overs', 'median', 'p95', 'max'],
					rows: [[fmt(sizes.handOvers), `${fmt(median(times), 2)} ms`, `${fmt(p95, 2)} ms`, `${fmt(max(times), 2)} ms`]],
				},
				{
					head: ["the account's shared state, per call", 'calls', 'median', 'p95', 'max'],
					rows: shared.rows,
				},
			],
			targets: [],
			notes: [
				'A hand-over is: SET NX fails, PUBLISH "wanted", the holder releases (owner-checked DEL) and PUBLISHes "released", which wakes ' +
					'the waiter for its next SET NX; a missed message costs at most one 50 ms poll.',
				'In the node a hand-over is followed by a Telegram connect on the new worker (TCP + initConnection, the auth key reused).',
				'Shared state (decision 0017): a paced invite costs one "reserve a slot" script; opening a session and taking the lease each load the ' +
					'limits (one HGETALL); a flood wait or hold met costs one write script. The two workers alternate calls.',
				`Entity cache in Redis, not built: a lookup in a hash of ${fmt(CACHED_USERS)} users costs the HGET above; the hash takes ${shared.cacheBytes} ` +
					'in Redis (MEMORY USAGE). A miss it would save is one contacts.resolveUsername, once per username, worker and day.',
			],
		};
	} finally {
		await Promise.all(stores.map(async (store) => await store.close()));
		await redis.stop();
	}
}

interface SharedStateCost {
	rows: string[][];
	cacheBytes: string;
}

/** The Redis cost of the account's shared state: pacing, limits, and a user lookup in a cache-sized hash. */
async function measureSharedState(clients: readonly RedisClient[], calls: number): Promise<SharedStateCost> {
	const pacing = clients.map((client) => new RedisPacing(client));
	const limits = clients.map((client) => new RedisAccountLimits(client));
	const now = Date.now();
	await limits[0]!.saveFloodWait(ACCOUNT, 'contacts.ResolveUsername', now + 3_600_000, now);
	await limits[0]!.saveHold(ACCOUNT, { code: 'PEER_FLOOD', until: now + 3_600_000 }, now);
	const usersKey = `tg-group-call:${ACCOUNT}:bench-users`;
	// Fields as an entity cache would hold them: "<id> <access hash>" by lower-case username.
	await clients[0]!.eval(
		"for i = 1, tonumber(ARGV[1]) do redis.call('HSET', KEYS[1], 'user_' .. i, (1000000000 + i) .. ' ' .. (-4611686018427387904 + i * 7919)) end return 1",
		1,
		usersKey,
		CACHED_USERS,
	);
	const cacheBytes = Number(await clients[0]!.eval("return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', 0)", 1, usersKey));
	const timed = async (label: string, call: (index: number) => Promise<unknown>): Promise<string[]> => {
		const times: number[] = [];
		for (let index = 0; index < calls; index += 1) {
			const started = performance.now();
			await call(index);
			times.push(performance.now() - started);
		}
		const sorted = [...times].sort((a, b) => a - b);
		const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
		return [label, fmt(calls), `${fmt(median(times), 3)} ms`, `${fmt(p95, 3)} ms`, `${fmt(max(times), 2)} ms`];
	};
	const rows = [
		await timed('reserve an invite slot (pacing script)', async (index) => await pacing[index % 2]!.reserve(ACCOUNT, 1)),
		await timed('load the limits (session open, lease taken)', async (index) => await limits[index % 2]!.load(ACCOUNT, Date.now())),
		await timed('record a flood wait (write script)', async (index) => {
			const at = Date.now();
			await limits[index % 2]!.saveFloodWait(ACCOUNT, 'phone.InviteToGroupCall', at + 60_000 + index, at);
		}),
		await timed(`a user from a ${fmt(CACHED_USERS)}-user hash (HGET)`, async (index) =>
			await clients[index % 2]!.eval("return redis.call('HGET', KEYS[1], ARGV[1])", 1, usersKey, `user_${(index * 7) % CACHED_USERS}`),
		),
	];
	return { rows, cacheBytes: `${fmt(cacheBytes / 1024 / 1024, 1)} MiB (${fmt(cacheBytes / CACHED_USERS)} bytes per user)` };
}

if (require.main === module) runAsScript(async (quick) => await measureLeaseHandOver({ handOvers: quick ? 50 : 500 }));
