/**
 * Session lease hand-over between two workers (issue 11): how long a worker that needs the session waits when
 * another, idle worker holds it, through a real redis-server and n8n's own ioredis. Each "worker" has its own
 * Redis connections, as main and workers do; both run in this process, so the time is Redis and pub/sub, not
 * process scheduling. The Telegram connect that follows a hand-over is not included (see "cold vs warm").
 * Runs in `npm run bench`; alone: `node --import tsx bench/leaseHandOver.ts [--quick]`.
 */
import { connectRedis, loadIoredis, readRedisSettings } from '../nodes/TelegramGroupCall/transport/lease/queueMode';
import { RedisLeaseStore } from '../nodes/TelegramGroupCall/transport/lease/redisLeaseStore';
import { SessionLeases } from '../nodes/TelegramGroupCall/transport/lease/sessionLeases';
import { locateN8nInstallation } from '../test/e2e/support/n8nInstallation';
import { startRedis } from '../test/e2e/support/redis';
import { runAsScript } from './support/contenders';
import type { Section } from './support/report';
import { fmt, max, median } from './support/stats';

export interface LeaseHandOverSizes {
	handOvers: number;
}

const ACCOUNT = 'b'.repeat(64);

export async function measureLeaseHandOver(sizes: LeaseHandOverSizes): Promise<Section> {
	const redis = await startRedis();
	const ioredis = loadIoredis([locateN8nInstallation().n8nBin]);
	const settings = readRedisSettings({ QUEUE_BULL_REDIS_HOST: redis.host, QUEUE_BULL_REDIS_PORT: String(redis.port) });
	const stores = [0, 1].map(() => {
		const [client, subscriber] = connectRedis(settings, ioredis);
		return new RedisLeaseStore(client, subscriber);
	});
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
		return {
			title: 'Session lease hand-over between two workers (queue mode)',
			how:
				`${fmt(sizes.handOvers)} hand-overs of one session's lease between two workers with their own connections to a local ` +
				"redis-server (n8n's ioredis): from the waiting worker's acquire to holding the lease, the holder idle and releasing on " +
				'the "wanted" message.',
			tables: [
				{
					head: ['hand-overs', 'median', 'p95', 'max'],
					rows: [[fmt(sizes.handOvers), `${fmt(median(times), 2)} ms`, `${fmt(p95, 2)} ms`, `${fmt(max(times), 2)} ms`]],
				},
			],
			targets: [],
			notes: [
				'A hand-over is: SET NX fails, PUBLISH "wanted", the holder releases (owner-checked DEL) and PUBLISHes "released", which wakes ' +
					'the waiter for its next SET NX; a missed message costs at most one 50 ms poll.',
				'In the node a hand-over is followed by a Telegram connect on the new worker (TCP + initConnection, the auth key reused).',
			],
		};
	} finally {
		await Promise.all(stores.map(async (store) => await store.close()));
		await redis.stop();
	}
}

if (require.main === module) runAsScript(async (quick) => await measureLeaseHandOver({ handOvers: quick ? 50 : 500 }));
