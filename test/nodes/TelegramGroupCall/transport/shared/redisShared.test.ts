// An account's flood waits, hold and pacing in a real redis-server, with n8n's own ioredis found the way the node
// finds it in n8n. Each "process" has its own Redis connection, as main and workers do; the last tests run the
// invite algorithm over GramJS against the sandbox from two such processes, the request log as ground truth.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import { planInvites } from '../../../../../nodes/TelegramGroupCall/actions/groupCall/invite/planInvites';
import { runInvites, type RunReport } from '../../../../../nodes/TelegramGroupCall/actions/groupCall/invite/runInvites';
import type { InviteOptions, RunEnvironment } from '../../../../../nodes/TelegramGroupCall/actions/groupCall/invite/types';
import { abortableSleep } from '../../../../../nodes/TelegramGroupCall/errors/cancellation';
import { accountFingerprint, readConnectionSettings } from '../../../../../nodes/TelegramGroupCall/transport/connectionSettings';
import { connectTelegram, GramjsGateway, type TelegramConnection } from '../../../../../nodes/TelegramGroupCall/transport/gramjs';
import { connectRedis, loadIoredis, readRedisSettings, type RedisSettings } from '../../../../../nodes/TelegramGroupCall/transport/lease/queueMode';
import type { RedisClient } from '../../../../../nodes/TelegramGroupCall/transport/lease/redisLeaseStore';
import { SharedAccountState } from '../../../../../nodes/TelegramGroupCall/transport/shared/accountLimits';
import { limitsKey, RedisAccountLimits } from '../../../../../nodes/TelegramGroupCall/transport/shared/redisAccountLimits';
import { pacingKey, RedisPacing } from '../../../../../nodes/TelegramGroupCall/transport/shared/redisPacing';
import { MAX_PAUSE_MS } from '../../../../../nodes/TelegramGroupCall/transport/shared/pacing';
import { startSandbox, type Sandbox } from '../../../../../sandbox';
import { locateN8nInstallation } from '../../../../e2e/support/n8nInstallation';
import { startRedis, type RedisServer } from '../../../../e2e/support/redis';
import { baseWorld, DEFAULT_OPTIONS } from '../../actions/sandboxInviteRun';
import { INVITE_METHOD } from '../../support/requestLog';

const SESSION = '1' + 'B'.repeat(350);
const ACCOUNT = accountFingerprint(readConnectionSettings({ apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef', session: SESSION }));
/**
 * Slots are reserved the pause apart; what comes off a gap as the sandbox logs it is the time from a slot to the
 * request's arrival (the answer from Redis, the event loop, GramJS, loopback), which differs between two requests
 * by a few ms, and by tens here where both "processes" share one event loop on a busy machine. Allowed: 10 %.
 */
const PAUSE_MS = 1_000;
const ALLOWANCE_MS = PAUSE_MS / 10;

type Inspector = RedisClient & {
	keys(pattern: string): Promise<string[]>;
	pttl(key: string): Promise<number>;
	hgetall(key: string): Promise<Record<string, string>>;
	flushdb(): Promise<unknown>;
};

describe('account limits and pacing in a real Redis', () => {
	let redis: RedisServer;
	let settings: RedisSettings;
	const clients: RedisClient[] = [];
	let inspector: Inspector;

	/** One n8n process's command connection to Redis. */
	function processClient(): RedisClient {
		const [client, subscriber] = connectRedis(settings, loadIoredis([locateN8nInstallation().n8nBin]));
		subscriber.disconnect();
		client.on('error', () => undefined);
		clients.push(client);
		return client;
	}

	before(async () => {
		redis = await startRedis();
		settings = readRedisSettings({ QUEUE_BULL_REDIS_HOST: redis.host, QUEUE_BULL_REDIS_PORT: String(redis.port), QUEUE_BULL_REDIS_DB: '3' });
		inspector = processClient() as Inspector;
	});

	afterEach(async () => {
		await inspector.flushdb();
	});

	after(async () => {
		await Promise.allSettled(clients.map(async (client) => await client.quit()));
		await redis?.stop();
	});

	it('keeps flood waits and the hold in one hash per account that expires when the last one ends', async () => {
		const main = new RedisAccountLimits(processClient());
		const worker = new RedisAccountLimits(processClient());
		const now = Date.now();
		await main.saveFloodWait(ACCOUNT, 'contacts.ResolveUsername', now + 30_000, now);
		await worker.saveFloodWait(ACCOUNT, 'contacts.ResolveUsername', now + 10_000, now);
		await worker.saveFloodWait(ACCOUNT, 'phone.InviteToGroupCall', now + 5_000, now);
		await main.saveHold(ACCOUNT, { code: 'PEER_FLOOD', until: now + 60_000 }, now);

		assert.deepEqual(await inspector.keys('*'), [limitsKey(ACCOUNT)], 'one key per account');
		assert.ok(!limitsKey(ACCOUNT).includes(SESSION.slice(0, 20)), 'key names never carry the session string');
		const ttl = await inspector.pttl(limitsKey(ACCOUNT));
		assert.ok(ttl > 55_000 && ttl <= 60_000, `expires with the hold, the last limit to end (${ttl} ms)`);
		assert.deepEqual(await worker.load(ACCOUNT, now), {
			floodWaits: [
				{ method: 'contacts.ResolveUsername', until: now + 30_000 },
				{ method: 'phone.InviteToGroupCall', until: now + 5_000 },
			],
			hold: { code: 'PEER_FLOOD', until: now + 60_000 },
		});
		assert.deepEqual(await worker.load(ACCOUNT, now + 29_000), {
			floodWaits: [{ method: 'contacts.ResolveUsername', until: now + 30_000 }],
			hold: { code: 'PEER_FLOOD', until: now + 60_000 },
		}, 'ended ones are not loaded');

		// A later write drops ended fields; once everything has ended Redis has forgotten the key by itself.
		await main.saveFloodWait(ACCOUNT, 'messages.GetFullChat', now + 61_000, now + 31_000);
		assert.deepEqual(Object.keys(await inspector.hgetall(limitsKey(ACCOUNT))).sort(), ['flood:messages.GetFullChat', 'hold']);
		const short = new RedisAccountLimits(processClient());
		await short.saveFloodWait('other-account', 'contacts.ResolveUsername', Date.now() + 200, Date.now());
		await abortableSleep(400);
		assert.deepEqual(await inspector.keys(limitsKey('other-account')), [], 'expired with its wait');
	});

	it('gives ten reservations sent at once from two processes ten distinct slots, the pause apart', async () => {
		const pause = 60_000;
		const main = new RedisPacing(processClient());
		const worker = new RedisPacing(processClient());
		const waits = await Promise.all(Array.from({ length: 10 }, async (_, index) => await (index % 2 === 0 ? main : worker).reserve(ACCOUNT, pause)));
		// All ten reach Redis within far less than a pause, so slot k waits k pauses minus how late it asked.
		assert.deepEqual(waits.map((wait) => Math.round(wait / pause)).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		const ttl = await inspector.pttl(pacingKey(ACCOUNT));
		assert.ok(ttl > 9 * pause && ttl <= 9 * pause + MAX_PAUSE_MS, `forgotten once the last slot can delay nobody (${ttl} ms)`);
	});

	describe('two processes inviting for one account against the sandbox', () => {
		let sandbox: Sandbox;
		const connections: TelegramConnection[] = [];

		before(async () => {
			sandbox = await startSandbox({ world: baseWorld(), port: 0 });
		});

		after(async () => {
			await Promise.allSettled(connections.map(async (connection) => await connection.destroy()));
			await sandbox?.stop();
		});

		/** One n8n process: its own Redis connection, account memory and Telegram connection. */
		function nodeProcess() {
			const client = processClient();
			const settingsOfSandbox = readConnectionSettings({ ...sandbox.credentials() });
			const accountKey = accountFingerprint(settingsOfSandbox);
			const state = new SharedAccountState(new RedisAccountLimits(client), accountKey);
			const pacing = new RedisPacing(client);
			let connection: Promise<TelegramConnection> | undefined;
			const connect = async () => {
				connection ??= connectTelegram(settingsOfSandbox).then((connected) => {
					connections.push(connected);
					return connected;
				});
				return await connection;
			};
			/** One execution as openTelegramSession gives it: the shared limits loaded first. */
			const execute = async (users: string, options: Partial<InviteOptions> = {}): Promise<RunReport> => {
				await state.refresh();
				const gateway = new GramjsGateway(connect, undefined, state, async (pauseMs) => await pacing.reserve(accountKey, pauseMs));
				const environment: RunEnvironment = {
					logger: { info: () => undefined, warn: () => undefined, debug: () => undefined },
					sleep: abortableSleep,
				};
				const plan = planInvites([{ itemIndex: 0, call: '@demo_group', users }]);
				try {
					return await runInvites(plan, gateway, { ...DEFAULT_OPTIONS, ...options }, environment);
				} finally {
					gateway.close();
				}
			};
			return { execute };
		}

		it('spaces the invites of both processes by the pause, as the sandbox saw them', async () => {
			const main = nodeProcess();
			const worker = nodeProcess();
			const before = sandbox.requests(INVITE_METHOD).length;
			const [a, b] = await Promise.all([
				main.execute('@alice @bobby @carol', { pauseMs: PAUSE_MS }),
				worker.execute('@other_member @outsider @in_call', { pauseMs: PAUSE_MS }),
			]);
			for (const report of [a, b]) assert.equal(report.results.size, 3);
			assert.deepEqual(sandbox.world.invitedUsers('3001').filter((id) => ['101', '102', '103'].includes(id)).sort(), ['101', '102', '103']);
			const times = sandbox
				.requests(INVITE_METHOD)
				.slice(before)
				.map((entry) => Date.parse(entry.at))
				.sort((x, y) => x - y);
			assert.equal(times.length, 6);
			const gaps = times.slice(1).map((time, index) => time - times[index]);
			assert.ok(Math.min(...gaps) >= PAUSE_MS - ALLOWANCE_MS, `gaps between invite requests: ${gaps.join(', ')} ms`);
		});

		it('a FLOOD_WAIT met by one process fails the other\'s execution without sending the method', async () => {
			const main = nodeProcess();
			const worker = nodeProcess();
			const next = sandbox.requests('contacts.resolveUsername').length + 1;
			sandbox.addFault({ method: 'contacts.resolveUsername', call: next, action: 'floodWait', seconds: 600 });
			const first = await main.execute('@frank_new', { maxFloodWaitSeconds: 0 });
			assert.deepEqual([...first.results.values()].map((result) => (result.output === 'failed' ? result.code : result.status)), ['FLOOD_WAIT']);
			const resolvesBefore = sandbox.requests('contacts.resolveUsername').length;

			const second = await worker.execute('@grace_new @heidi_new', { maxFloodWaitSeconds: 60 });
			for (const result of second.results.values()) {
				assert.equal(result.output, 'failed');
				if (result.output !== 'failed') continue;
				assert.equal(result.code, 'FLOOD_WAIT');
				assert.ok((result.retryAfter ?? 0) > 590, `retryAfter ${result.retryAfter}`);
			}
			assert.equal(sandbox.requests('contacts.resolveUsername').length, resolvesBefore, 'the worker sent no contacts.resolveUsername');
			sandbox.clearFaults();
		});

		it('a PEER_FLOOD hold one process starts fails the other\'s execution at once, sending nothing', async () => {
			const main = nodeProcess();
			const worker = nodeProcess();
			sandbox.setBehaviour({ peerFloodAfterInvites: sandbox.world.inviteLog().length });
			const first = await main.execute('@alice @bobby', { peerFloodCooldownHours: 2, alreadyInvitedCountsAsSuccess: true });
			assert.ok([...first.results.values()].some((result) => result.output === 'failed' && result.code === 'PEER_FLOOD'));
			const requestsBefore = sandbox.requests().length;

			const second = await worker.execute('@carol @other_member', { peerFloodCooldownHours: 2 });
			for (const result of second.results.values()) {
				assert.equal(result.output === 'failed' ? result.code : result.status, 'PEER_FLOOD');
				if (result.output === 'failed') assert.match(result.message, /held back from inviting until \d{4}-/);
			}
			assert.equal(sandbox.requests().length, requestsBefore, 'the worker sent nothing at all');
			sandbox.setBehaviour({ peerFloodAfterInvites: undefined });
		});
	});
});
