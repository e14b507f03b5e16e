/**
 * Shutting the transport down (PooledConnections.destroyAll, behind closeAllTelegramConnections) while a call watch
 * is still starting: the watch is closed with everything else, and nothing of it comes back afterwards. Over the
 * real pool, GramJS and TCP against the sandbox, whose connection counts are the ground truth; the lease store
 * says who holds the session, and the watches' reconnect waits go through a sleep the test drives.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';

import { CancelledError } from '../../../../../nodes/TelegramGroupCall/errors/cancellation';
import { settle } from '../../../../../nodes/TelegramGroupCall/errors/settle';
import { accountFingerprint, readConnectionSettings, type ConnectionSettings } from '../../../../../nodes/TelegramGroupCall/transport/connectionSettings';
import { MemoryLeaseStore } from '../../../../../nodes/TelegramGroupCall/transport/lease/memoryLeaseStore';
import { leaseKey, SessionLeases } from '../../../../../nodes/TelegramGroupCall/transport/lease/sessionLeases';
import { PooledConnections } from '../../../../../nodes/TelegramGroupCall/transport/pooledConnections';
import { startSandbox, type Sandbox } from '../../../../../sandbox';
import { deferred, type Deferred } from '../../../../support/deferred';
import { TEAM, teamAndFriendsWorld } from '../../../../support/teamAndFriendsWorld';
import { WatchRecorder } from './watchRecorder';

const gramjs = async () => await import('../../../../../nodes/TelegramGroupCall/transport/gramjs');

/** Reconnect waits that end only when the test drives time on; each asked wait is recorded. */
class DrivenSleeps {
	readonly waits: number[] = [];

	private readonly pending: Array<() => void> = [];

	readonly sleep = async (ms: number, signal: AbortSignal): Promise<void> => {
		this.waits.push(ms);
		if (signal.aborted) throw new CancelledError();
		await new Promise<void>((resolve, reject) => {
			signal.addEventListener('abort', () => reject(new CancelledError()), { once: true });
			this.pending.push(resolve);
		});
	};

	/** Ends every wait asked so far, as if that much time had passed, and lets what follows run. */
	async passTime(): Promise<void> {
		for (const resolve of this.pending.splice(0)) resolve();
		await new Promise<void>((resolve) => setImmediate(resolve));
	}
}

/** A recorder that starts the shutdown the moment the watch's first connection is up, before watch() returns. */
class ShutdownOnConnected extends WatchRecorder {
	shutdown: Promise<void> | undefined;

	constructor(private readonly shutDown: () => Promise<void>) {
		super();
	}

	override connected(): void {
		this.shutdown ??= this.shutDown();
		super.connected();
	}
}

interface Rig {
	sandbox: Sandbox;
	connections: PooledConnections;
	settings: ConnectionSettings;
	sleeps: DrivenSleeps;
	/** GramJS's first load (~270 ms in n8n): the pool waits for it until the test resolves it. */
	gramjsLoaded: Deferred<void>;
	/** Who holds the session's lease now (undefined: nobody). */
	leaseHolder(): Promise<string | undefined>;
	whenConnections(done: (open: number) => boolean): Promise<void>;
}

function isShutdownRefusal(error: unknown): boolean {
	const { code, detail } = error as { code?: string; detail?: string };
	assert.equal(code, 'CONNECTION_CLOSED');
	assert.match(detail ?? '', /closing its Telegram connections \(shutdown\), so the call watch was not started/);
	return true;
}

describe('a call watch starting while the transport shuts down', () => {
	const cleanups: Array<() => Promise<unknown>> = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});

	async function setUp(options: { gramjsGated: boolean }): Promise<Rig> {
		const waiters: Array<() => void> = [];
		const sandbox = await startSandbox({
			port: 0,
			world: teamAndFriendsWorld(),
			onEvent: () => {
				for (const wake of waiters.splice(0)) wake();
			},
		});
		cleanups.push(async () => await sandbox.stop());
		const store = new MemoryLeaseStore();
		cleanups.push(async () => await store.close());
		const leases = new SessionLeases({ store, processName: 'main/1' });
		const gramjsLoaded = deferred<void>();
		if (!options.gramjsGated) gramjsLoaded.resolve();
		const sleeps = new DrivenSleeps();
		const connections = new PooledConnections({
			idleMs: 60_000,
			leases: async () => leases,
			gramjs: async () => {
				await gramjsLoaded.promise;
				return await gramjs();
			},
			watchSleep: sleeps.sleep,
		});
		cleanups.push(async () => await connections.destroyAll());
		const settings = readConnectionSettings({ ...sandbox.credentials() });
		return {
			sandbox,
			connections,
			settings,
			sleeps,
			gramjsLoaded,
			leaseHolder: async () => await store.holder(leaseKey(accountFingerprint(settings))),
			whenConnections: async (done) => {
				while (!done(sandbox.openConnections)) await new Promise<void>((resolve) => waiters.push(resolve));
			},
		};
	}

	/** Time passes (every reconnect wait ends, several times over): the watch that was closed stays closed. */
	async function assertNothingComesBack(rig: Rig, accepted: number): Promise<void> {
		for (let round = 0; round < 3; round++) await rig.sleeps.passTime();
		assert.equal(await rig.leaseHolder(), undefined, 'nobody holds the session');
		assert.equal(rig.sandbox.connectionsAccepted, accepted, 'no new connection after the shutdown');
		assert.deepEqual(rig.sleeps.waits, [], 'no reconnect was planned');
		await rig.whenConnections((open) => open === 0);
	}

	it('closes a watch still loading GramJS: it never connects nor takes the session', async () => {
		const rig = await setUp({ gramjsGated: true });
		const recorder = new WatchRecorder();
		const watching = rig.connections.watch(rig.settings, recorder);
		const shutdown = rig.connections.destroyAll();
		rig.gramjsLoaded.resolve();
		await shutdown;
		const watched = await settle(async () => await watching);
		await assertNothingComesBack(rig, 0);
		assert.ok(!watched.ok && isShutdownRefusal(watched.error), 'watch() rejects: its watch was closed');
		assert.deepEqual(recorder.entries, [], 'the watch was told nothing');
	});

	it('closes a watch whose first connection is up but that watch() has not handed out yet', async () => {
		const rig = await setUp({ gramjsGated: false });
		const recorder = new ShutdownOnConnected(async () => await rig.connections.destroyAll());
		const watching = settle(async () => await rig.connections.watch(rig.settings, recorder));
		await recorder.until(() => recorder.shutdown !== undefined);
		await recorder.shutdown;
		const watched = await watching;
		await assertNothingComesBack(rig, 1);
		assert.ok(!watched.ok && isShutdownRefusal(watched.error), 'watch() rejects: its watch was closed');
		assert.deepEqual(recorder.entries, [{ kind: 'connected' }], 'nothing after the shutdown');
	});

	it('refuses a watch asked for while the shutdown runs, and connects again once it is over', async () => {
		const rig = await setUp({ gramjsGated: false });
		const shutdown = rig.connections.destroyAll();
		const watching = settle(async () => await rig.connections.watch(rig.settings, new WatchRecorder()));
		const acquiring = settle(async () => await rig.connections.acquire(rig.settings));
		await shutdown;
		const [watched, acquired] = [await watching, await acquiring];
		await assertNothingComesBack(rig, 0);
		assert.ok(!watched.ok && isShutdownRefusal(watched.error), 'a watch is refused while the shutdown runs');
		assert.ok(!acquired.ok && acquired.error instanceof CancelledError, 'so is a connection');

		const recorder = new WatchRecorder();
		const watch = await rig.connections.watch(rig.settings, recorder);
		assert.deepEqual(recorder.entries, [{ kind: 'connected' }]);
		assert.equal(rig.sandbox.connectionsAccepted, 1);
		const call = rig.sandbox.drive.adminStarts(TEAM);
		await recorder.until(() => recorder.updates.length >= 1);
		assert.equal(call.chatId, TEAM);
		await watch.close();
		await rig.whenConnections((open) => open === 0);
		assert.equal(await rig.leaseHolder(), undefined);
	});
});
