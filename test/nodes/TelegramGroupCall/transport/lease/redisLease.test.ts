// The session lease against a real redis-server, with n8n's own ioredis found the way the node finds it in n8n
// (from n8n's entry script). Each SessionLeases has its own Redis connections, as main and workers do.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { accountFingerprint, readConnectionSettings } from '../../../../../nodes/TelegramGroupCall/transport/connectionSettings';
import { connectRedis, loadIoredis, readRedisSettings, type RedisSettings } from '../../../../../nodes/TelegramGroupCall/transport/lease/queueMode';
import { RedisLeaseStore, type RedisClient } from '../../../../../nodes/TelegramGroupCall/transport/lease/redisLeaseStore';
import { SessionLeases, leaseKey } from '../../../../../nodes/TelegramGroupCall/transport/lease/sessionLeases';
import { TelegramError } from '../../../../../nodes/TelegramGroupCall/transport/telegramError';
import { locateN8nInstallation } from '../../../../e2e/support/n8nInstallation';
import { startRedis, type RedisServer } from '../../../../e2e/support/redis';

const SESSION = '1' + 'A'.repeat(350);
const ACCOUNT = accountFingerprint(readConnectionSettings({ apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef', session: SESSION }));

describe('session lease in a real Redis', () => {
	let redis: RedisServer;
	let settings: RedisSettings;
	const stores: RedisLeaseStore[] = [];
	let inspector: RedisClient & { keys(pattern: string): Promise<string[]>; pttl(key: string): Promise<number> };

	function process(name: string, ttlMs = 15_000): SessionLeases {
		const [client, subscriber] = connectRedis(settings, loadIoredis([locateN8nInstallation().n8nBin]));
		const store = new RedisLeaseStore(client, subscriber);
		stores.push(store);
		return new SessionLeases({ store, processName: name, ttlMs });
	}

	before(async () => {
		redis = await startRedis();
		settings = readRedisSettings({ QUEUE_BULL_REDIS_HOST: redis.host, QUEUE_BULL_REDIS_PORT: String(redis.port), QUEUE_BULL_REDIS_DB: '2' });
		const [client, unused] = connectRedis(settings, loadIoredis([locateN8nInstallation().n8nBin]));
		unused.disconnect();
		inspector = client as typeof inspector;
	});

	after(async () => {
		await Promise.all(stores.map(async (store) => await store.close()));
		await inspector?.quit();
		await redis?.stop();
	});

	it('reads n8n\'s QUEUE_BULL_REDIS_* variables', () => {
		assert.deepEqual(readRedisSettings({}), { host: 'localhost', port: 6379, db: 0, username: undefined, password: undefined, tls: false });
		assert.deepEqual(
			readRedisSettings({
				QUEUE_BULL_REDIS_HOST: 'redis.internal',
				QUEUE_BULL_REDIS_PORT: '6380',
				QUEUE_BULL_REDIS_DB: '4',
				QUEUE_BULL_REDIS_USERNAME: 'n8n',
				QUEUE_BULL_REDIS_PASSWORD: 'secret',
				QUEUE_BULL_REDIS_TLS: 'true',
				QUEUE_BULL_REDIS_CLUSTER_NODES: 'r1:7000, r2:7001',
			}),
			{
				host: 'redis.internal',
				port: 6380,
				db: 4,
				username: 'n8n',
				password: 'secret',
				tls: true,
				clusterNodes: [
					{ host: 'r1', port: 7000 },
					{ host: 'r2', port: 7001 },
				],
			},
		);
	});

	it('gives the session to one process at a time and hands it over when the holder is asked', async () => {
		const main = process('main/1');
		const worker = process('worker/2');
		const held = await main.acquire(ACCOUNT, { waitMs: 10_000 });
		const keys = await inspector.keys('*');
		assert.deepEqual(keys, [leaseKey(ACCOUNT)], 'one key, in the configured database');
		assert.ok(!keys.some((key) => key.includes(SESSION.slice(0, 20))), 'key names never carry the session string');
		assert.ok((await inspector.pttl(leaseKey(ACCOUNT))) > 0, 'the lease has a TTL');

		let handedOver = false;
		held.onWanted(() => {
			handedOver = true;
			void held.release();
		});
		const taken = await worker.acquire(ACCOUNT, { waitMs: 10_000 });
		assert.equal(handedOver, true, 'the holder was asked over pub/sub and released');
		assert.equal(await inspector.get(leaseKey(ACCOUNT)), taken.owner);
		assert.match(taken.owner, /^worker\/2#/);
		await taken.release();
		assert.deepEqual(await inspector.keys('*'), []);
	});

	it('fails a waiter after its bound naming the holder, and frees a dead holder\'s session after the TTL', async () => {
		const dying = process('worker-dead/3', 1_500);
		const waiter = process('worker/4', 1_500);
		const held = await dying.acquire(ACCOUNT, { waitMs: 10_000 });
		await assert.rejects(waiter.acquire(ACCOUNT, { waitMs: 300 }), (error: unknown) => {
			assert.ok(error instanceof TelegramError && error.code === 'SESSION_BUSY');
			assert.match(error.message, /held by n8n process worker-dead\/3#1/);
			return true;
		});
		// The holder's process dies: its Redis connections close without releasing.
		await dying.store.close();
		const taken = await waiter.acquire(ACCOUNT, { waitMs: 10_000 });
		assert.equal(await inspector.get(leaseKey(ACCOUNT)), taken.owner);
		await held.release(); // too late and through a closed store: changes nothing
		assert.equal(await inspector.get(leaseKey(ACCOUNT)), taken.owner);
		await taken.release();
	});

	it('keeps a held lease past its TTL while renewing', async () => {
		const holder = process('worker/5', 600);
		const other = process('worker/6', 600);
		const held = await holder.acquire(ACCOUNT, { waitMs: 1_000 });
		// Three TTLs long, another process tries and never gets it.
		await assert.rejects(other.acquire(ACCOUNT, { waitMs: 1_800 }), /SESSION_BUSY/);
		assert.equal(await inspector.get(leaseKey(ACCOUNT)), held.owner);
		await held.release();
	});
});
