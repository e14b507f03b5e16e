/**
 * The node in n8n's engine when the connection itself misbehaves (issue 8, items 6–9): a server that never
 * answers while the execution is cancelled, a session the server does not know, a server that went away after
 * a run, and transient answers to the connect. Real GramJS over TCP against the sandbox (or a silent listener);
 * the credential keeps the default 30 s timeout unless said otherwise, so "well before the timeout" is a bound
 * on waiting, never a measurement.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { defaultWorld, startSandbox } from '../../../sandbox';
import type { Fault } from '../../../sandbox/world/worldFile';
import { runNodeInEngine } from '../../harness';
import { waitUntil } from './support/credentialTest';
import { INVITE_METHOD } from './support/requestLog';
import { assertOutputRows, closeCompiledPool, repoRoot, runInvite, SilentServer, withSandbox } from './support/sandboxRuns';

/** Well below the default 30 s timeout, and far above what these runs take even on a loaded machine. */
const WELL_BEFORE_TIMEOUT_MS = 10_000;

const demo = (users: string) => [{ call: '@demo_group', users }];

describe('cancelling while the node connects', () => {
	it('ends the execution as cancelled at once against a server that accepts TCP and never answers, and drops the attempt', { timeout: 25_000 }, async () => {
		const silent = await SilentServer.start();
		const sandbox = await startSandbox({ port: 0 });
		const credentials = { ...sandbox.credentials(), server: `127.0.0.1:${silent.port}` };
		await sandbox.stop();
		try {
			const controller = new AbortController();
			const running = runNodeInEngine({
				packageDir: repoRoot,
				nodeType: 'telegramGroupCall',
				parameters: { resource: 'groupCall', operation: 'inviteUsers', call: '@demo_group', users: '@alice' },
				credentials: { telegramMtprotoApi: credentials },
				signal: controller.signal,
			});
			assert.ok(await waitUntil(() => silent.openSockets > 0, WELL_BEFORE_TIMEOUT_MS), 'the node never connected');
			const cancelledAt = performance.now();
			controller.abort();
			const run = await running;
			const waited = performance.now() - cancelledAt;
			// Cancelled, not TIMEOUT. n8n's engine sets status "canceled" only for an error whose message says
			// "canceled" (its spelling) or whose name says "Cancelled": the node's message spells it that way.
			assert.equal(run.status, 'canceled');
			assert.match(run.error?.message ?? '', /execution was canceled/);
			assert.doesNotMatch(JSON.stringify(run.error), /did not answer in time|TIMEOUT/);
			assert.ok(waited < WELL_BEFORE_TIMEOUT_MS, `the execution ended ${waited} ms after the cancel`);
			// Nobody else waited for that connect: it is destroyed, not left trying until its timeout.
			assert.ok(await waitUntil(() => silent.openSockets === 0, WELL_BEFORE_TIMEOUT_MS), 'the connect attempt kept its socket open');
		} finally {
			await closeCompiledPool();
			await silent.stop();
		}
	});
});

describe('a session the server does not know', () => {
	it('stops the run at once with AUTH_KEY_UNKNOWN and how to get a new session, never the session itself', { timeout: 25_000 }, async () => {
		const otherWorld = defaultWorld();
		otherWorld.apiHash = 'fedcba9876543210fedcba9876543210';
		const other = await startSandbox({ port: 0, world: otherWorld });
		const foreignSession = other.session;
		await other.stop();
		await withSandbox(undefined, async (sandbox) => {
			const credentials = { ...sandbox.credentials(), session: foreignSession };
			const started = performance.now();
			const run = await runInvite(undefined, { items: demo('@alice'), onError: 'continueRegularOutput' }, credentials);
			const elapsed = performance.now() - started;
			assert.ok(elapsed < WELL_BEFORE_TIMEOUT_MS, `took ${elapsed} ms: the -404 answer must end the wait`);
			assert.deepEqual(run.outputs[0], []);
			assert.equal(run.outputs[1].length, 1);
			const errorItem = run.outputs[1][0].json;
			assert.equal((errorItem.details as IDataObject).code, 'AUTH_KEY_UNKNOWN');
			assert.match(String(errorItem.error), /not valid for this server/);
			assert.match(String(errorItem.error), /tg-group-call login/);
			assert.ok(!JSON.stringify(run.run).includes(foreignSession), 'the session leaked into the run data');
			// Ground truth: the sandbox refused the key at the transport level; no method was reached.
			assert.ok(sandbox.events.some((event) => event.kind === 'unknown-auth-key'));
			assert.equal(sandbox.requests().length, 0);
		});
	});
});

describe('a server that went away', () => {
	it('says AUTH_KEY_UNKNOWN at once when the server comes back as another world on the same port', { timeout: 40_000 }, async () => {
		const first = await startSandbox({ port: 0 });
		const credentials = { ...first.credentials() };
		const port = Number(credentials.server.split(':')[1]);
		try {
			assert.equal((await runInvite(first, { items: demo('@alice'), options: { dryRun: true } })).status, 'success');
		} finally {
			await first.stop();
		}
		const otherWorld = defaultWorld();
		otherWorld.apiHash = 'fedcba9876543210fedcba9876543210';
		const second = await startSandbox({ port, world: otherWorld });
		try {
			// The pooled connection may meet the new server by GramJS's own reconnect or be replaced by a fresh
			// connect: either way the key is refused with -404, and the node must say so, not wait for the timeout.
			const started = performance.now();
			const run = await runInvite(undefined, { items: demo('@alice'), onError: 'continueRegularOutput' }, credentials);
			const elapsed = performance.now() - started;
			assert.equal((run.outputs[1][0]?.json.details as IDataObject | undefined)?.code, 'AUTH_KEY_UNKNOWN', JSON.stringify(run.outputs));
			assert.ok(elapsed < WELL_BEFORE_TIMEOUT_MS, `took ${elapsed} ms`);
			assert.ok(second.events.some((event) => event.kind === 'unknown-auth-key'));
			assert.equal(second.world.inviteLog().length, 0);
		} finally {
			await closeCompiledPool();
			await second.stop();
		}
	});


	it('makes the first run after it says SERVER_UNREACHABLE well before the timeout, not TIMEOUT on the stale connection', { timeout: 40_000 }, async () => {
		const sandbox = await startSandbox({ port: 0 });
		const credentials = { ...sandbox.credentials() };
		try {
			const first = await runInvite(sandbox, { items: demo('@alice'), options: { dryRun: true } });
			assert.equal(first.status, 'success');
		} finally {
			await sandbox.stop();
		}
		try {
			for (const attempt of ['first run after the stop', 'second run after the stop']) {
				const started = performance.now();
				const run = await runInvite(undefined, { items: demo('@alice'), onError: 'continueRegularOutput' }, credentials);
				const elapsed = performance.now() - started;
				assert.equal((run.outputs[1][0]?.json.details as IDataObject | undefined)?.code, 'SERVER_UNREACHABLE', `${attempt}: ${JSON.stringify(run.outputs)}`);
				assert.ok(elapsed < WELL_BEFORE_TIMEOUT_MS, `${attempt} took ${elapsed} ms`);
			}
		} finally {
			await closeCompiledPool();
		}
	});

	it('fails a pending request with SERVER_UNREACHABLE once reconnecting has failed, well before the timeout', { timeout: 40_000 }, async () => {
		const sandbox = await startSandbox({ port: 0 });
		const credentials = { ...sandbox.credentials() };
		let stopped = false;
		try {
			sandbox.addFault({ method: INVITE_METHOD, call: 1, action: 'hang' });
			const running = runInvite(sandbox, { items: demo('@alice'), onError: 'continueRegularOutput' }, credentials);
			assert.ok(await waitUntil(() => sandbox.requests(INVITE_METHOD).length > 0, WELL_BEFORE_TIMEOUT_MS), 'the invite never arrived');
			const stoppedAt = performance.now();
			await sandbox.stop();
			stopped = true;
			const run = await running;
			const waited = performance.now() - stoppedAt;
			assert.equal((run.outputs[1][0]?.json.details as IDataObject | undefined)?.code, 'SERVER_UNREACHABLE', JSON.stringify(run.outputs));
			assert.ok(waited < WELL_BEFORE_TIMEOUT_MS, `the run ended ${waited} ms after the server went away`);
		} finally {
			await closeCompiledPool();
			if (!stopped) await sandbox.stop();
		}
	});
});

describe('transient answers while connecting are waited out or retried like any request', () => {
	const cases: Array<[string, Fault]> = [
		['a short FLOOD_WAIT on help.getConfig (initConnection)', { method: 'help.getConfig', call: 1, action: 'floodWait', seconds: 1 }],
		['a 500 on help.getConfig (initConnection)', { method: 'help.getConfig', call: 1, action: 'error', code: 500, message: 'INTERNAL' }],
		['a short FLOOD_WAIT on the self lookup', { method: 'users.getUsers', call: 1, action: 'floodWait', seconds: 1 }],
		['a 500 on the self lookup', { method: 'users.getUsers', call: 1, action: 'error', code: 500, message: 'INTERNAL' }],
	];
	for (const [name, fault] of cases) {
		it(name, { timeout: 30_000 }, async () => {
			await withSandbox(undefined, async (sandbox) => {
				sandbox.addFault(fault);
				const run = await runInvite(sandbox, { items: demo('@alice'), options: { maxFloodWait: 5 } });
				assertOutputRows(run, ['0:@alice:invited'], []);
				assert.equal(sandbox.world.inviteCount('3001', '1001'), 1);
				// Ground truth: the faulted request was answered with the fault, then asked again and answered.
				const asked = sandbox.requests(fault.method);
				assert.ok(asked.length >= 2, `${fault.method} asked ${asked.length} time(s)`);
				assert.equal(asked[0].outcome, 'error');
				assert.ok(asked.some((entry) => entry.outcome === 'answered'));
			});
		});
	}

	it('a FLOOD_WAIT on help.getConfig beyond Max Flood Wait fails the users of that call with retryAfter, not the account', { timeout: 30_000 }, async () => {
		await withSandbox(undefined, async (sandbox) => {
			sandbox.addFault({ method: 'help.getConfig', call: 1, action: 'floodWait', seconds: 600 });
			const run = await runInvite(sandbox, { items: demo('@alice @bob_brown'), options: { maxFloodWait: 5 } });
			assertOutputRows(run, [], ['0:@alice:FLOOD_WAIT', '0:@bob_brown:FLOOD_WAIT']);
			assert.equal(run.outputs[1][0].json.retryAfter, 600);
			assert.equal(sandbox.requests(INVITE_METHOD).length, 0);
		});
	});
});
