/**
 * Taking turns in queue mode (decision 0015): a call watch holds its session's lease like any pooled connection,
 * hands it over when another process wants the session, and takes it back when that process is done. Two
 * SessionLeases over one store stand for the trigger's main process and a worker; the sandbox, with
 * AUTH_KEY_DUPLICATED on, is the ground truth that the session never had two connections at once.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';

import { accountFingerprint, readConnectionSettings, type ConnectionSettings } from '../../../../../nodes/TelegramGroupCall/transport/connectionSettings';
import { MemoryLeaseStore } from '../../../../../nodes/TelegramGroupCall/transport/lease/memoryLeaseStore';
import { SessionLeases } from '../../../../../nodes/TelegramGroupCall/transport/lease/sessionLeases';
import { PooledConnections } from '../../../../../nodes/TelegramGroupCall/transport/pooledConnections';
import { startSandbox, type Sandbox } from '../../../../../sandbox';
import { buildWorld } from '../../../../support/worldBuilder';
import { describeCallUpdate, WatchRecorder } from './watchRecorder';

const TEAM = '5001';

const gramjs = async () => await import('../../../../../nodes/TelegramGroupCall/transport/gramjs');

describe('a call watch takes turns with another process of the session', () => {
	const cleanups: Array<() => Promise<unknown>> = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});

	async function setUp(): Promise<{ sandbox: Sandbox; main: PooledConnections; worker: SessionLeases; settings: ConnectionSettings }> {
		const sandbox = await startSandbox({
			port: 0,
			world: buildWorld({
				users: [{ id: '1001', accessHash: '7001', firstName: 'Alice' }],
				chats: [{ id: TEAM, accessHash: '8001', kind: 'supergroup', title: 'Team', members: ['1000', '1001'] }],
			}),
		});
		cleanups.push(async () => await sandbox.stop());
		sandbox.setBehaviour({ authKeyDuplicated: true });
		const store = new MemoryLeaseStore();
		cleanups.push(async () => await store.close());
		const mainLeases = new SessionLeases({ store, processName: 'main/1' });
		const main = new PooledConnections({ idleMs: 60_000, leases: async () => mainLeases, gramjs });
		cleanups.push(async () => await main.destroyAll());
		// A short credential timeout: the watch's bounded waits for the lease end (and start again) within the test.
		return { sandbox, main, worker: new SessionLeases({ store, processName: 'worker/2' }), settings: readConnectionSettings({ ...sandbox.credentials(), timeout: 2 }) };
	}

	it('hands the session to a worker that wants it, reconnects when the worker releases it, never two connections at once', async () => {
		const { sandbox, main, worker, settings } = await setUp();
		const recorder = new WatchRecorder();
		const watch = await main.watch(settings, recorder);
		cleanups.push(async () => await watch.close());
		const call = sandbox.drive.adminStarts(TEAM, { title: 'Before' });
		await recorder.until(() => recorder.updates.length === 2);

		const workerLease = await worker.acquire(accountFingerprint(settings), { waitMs: 10_000 });
		const handedOver = recorder.entries.find((entry) => entry.kind === 'disconnected');
		assert.match(handedOver?.kind === 'disconnected' ? handedOver.reason : '', /^handed over to n8n process worker\/2#1, which waits for this Telegram session; reconnecting in 1 s$/);

		const { connectTelegram, GramjsGateway } = await gramjs();
		const workerConnection = await connectTelegram(settings);
		assert.equal((await new GramjsGateway(async () => workerConnection).getMe()).id, '1000', 'the worker uses the session');
		sandbox.drive.adminRenames(call.callId, 'While the worker holds it');
		await workerConnection.destroy();
		await workerLease.release();

		await recorder.until(() => recorder.count('connected') === 2);
		sandbox.drive.adminRenames(call.callId, 'After');
		await recorder.until(() => recorder.updates.length === 3);
		assert.deepEqual(recorder.updates.map(describeCallUpdate), ['call:active:Before', 'message:started', 'call:active:After']);
		assert.equal(sandbox.maxOpenConnectionsPerKey, 1, 'the sandbox never saw two connections of the session at once');
		assert.deepEqual(sandbox.requests().filter((entry) => entry.error !== undefined).map((entry) => entry.error?.message), []);
		assert.equal(sandbox.connectionsAccepted, 3, 'the watch, the worker, the watch again');
		assert.equal(recorder.count('failed'), 0);

		await watch.close();
		assert.equal(await worker.store.holder(`tg-group-call:${accountFingerprint(settings)}:lease`), undefined, 'closing the watch released the lease');
	});

	it('keeps waiting for a worker that holds the session longer than the timeout, telling each wait, and closes at once while waiting', async () => {
		const { sandbox, main, worker, settings } = await setUp();
		const recorder = new WatchRecorder();
		const watch = await main.watch(settings, recorder);
		const workerLease = await worker.acquire(accountFingerprint(settings), { waitMs: 10_000 });
		cleanups.push(async () => await workerLease.release());
		await recorder.until(() => recorder.entries.filter((entry) => entry.kind === 'disconnected' && entry.reason.includes('SESSION_BUSY')).length >= 1);
		const busy = recorder.entries.find((entry) => entry.kind === 'disconnected' && entry.reason.includes('SESSION_BUSY'));
		assert.match(busy?.kind === 'disconnected' ? busy.reason : '', /^could not connect \(SESSION_BUSY: waited 2000 ms for this Telegram session's lease, held by n8n process worker\/2#1 \(connect\)\); reconnecting in 1 s$/);
		assert.equal(recorder.count('failed'), 0, 'a busy session is waited for, not a failure');

		await watch.close();
		const entries = recorder.entries.length;
		assert.equal(sandbox.openConnections, 0);
		await workerLease.release();
		assert.equal(await worker.store.holder(`tg-group-call:${accountFingerprint(settings)}:lease`), undefined, 'the closed watch did not take the session back');
		assert.equal(recorder.entries.length, entries, 'nothing after close');
	});
});
