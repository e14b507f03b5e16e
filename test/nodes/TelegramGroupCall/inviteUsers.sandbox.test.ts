/**
 * The node inside n8n's real engine (test/harness) talking real MTProto to the sandbox through the
 * unmodified GramJS client. Needs dist/ (npm run build). The lead's integration suite covers the full
 * matrix; these check the node's own paths end to end: parameter forms, routing, On Error modes, the
 * connection pool, timeouts, reconnects and flood waits.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { type Sandbox } from '../../../sandbox';
import { runNodeInEngine } from '../../harness';
import { INVITE_METHOD } from './support/requestLog';
import { assertOutputRows, repoRoot, runInvite, useSharedSandbox, withSandbox } from './support/sandboxRuns';

/** One item for Demo's call (@demo_group), which most of these tests invite to. */
const demo = (users: string | string[]) => [{ call: '@demo_group', users }];

describe('Telegram Group Call node against the sandbox', () => {
	let sandbox: Sandbox;
	useSharedSandbox((started) => (sandbox = started));

	it('accepts every form of the Call parameter (dry run)', async () => {
		// One user per item: the same user twice for one call would be a duplicate.
		const forms: Array<[string, string, string]> = [
			['@demo_group', '@alice', '3001'],
			['demo_group', '@bob_brown', '3001'],
			['https://t.me/demo_group', '@carol_chen', '3001'],
			['https://t.me/demo_group?videochat', '@kim_kato', '3001'],
			['t.me/demo_group?voicechat=abc', '@leo_lopez', '3001'],
			['-1000000002001', '@mia_moreau', '3001'],
			['2001', '1005', '3001'],
			['-2002', '@alice', '3002'],
			['3001:9001', '+15550001004', '3001'],
		];
		const run = await runInvite(sandbox, {
			items: forms.map(([call, users]) => ({ call, users })),
			options: { dryRun: true },
		});
		assert.equal(run.status, 'success');
		assert.deepEqual(run.outputs[1], []);
		assert.deepEqual(
			run.outputs[0].map((item) => [item.json.status, item.json.callId]),
			forms.map(([, , callId]) => ['would_invite', callId]),
		);
		assert.equal(sandbox.requests(INVITE_METHOD).length, 0, 'a dry run invites nobody');
	});

	it('accepts every form of user reference, as text or as an array (dry run)', async () => {
		const run = await runInvite(sandbox, {
			items: demo(['@alice', 'bob_brown', 'https://t.me/carol_chen', '+15550001004', '1005']),
			options: { dryRun: true },
		});
		assert.deepEqual(
			run.outputs[0].map((item) => item.json.userId),
			['1001', '1002', '1003', '1004', '1005'],
		);
		assert.deepEqual(run.outputs[1], []);
	});

	for (const batchSize of [1, 10]) {
		it(`routes every outcome per user with batch size ${batchSize}, paired to its item, invited once`, async () => {
			await withSandbox(undefined, async (local) => {
				const run = await runInvite(local, {
					items: [
						{ call: '@demo_group', users: '@alice @frank_invited @demo_helper_bot 1009 @ivan_outsider' },
						{ call: '@demo_group', users: ['@judy_private', '@nope_nobody', '1001', 'bad!', '1005'] },
						{ call: '@quiet_room', users: '@kim_kato' },
					],
					options: { batchSize },
				});
				assertOutputRows(
					run,
					['0:@alice:invited', '1:1005:invited'],
					[
						'0:@frank_invited:USER_ALREADY_INVITED',
						'0:@demo_helper_bot:CHAT_TYPE_INVALID',
						'0:1009:INPUT_USER_DEACTIVATED',
						'0:@ivan_outsider:USER_NOT_PARTICIPANT',
						'1:@judy_private:USER_PRIVACY_RESTRICTED',
						'1:@nope_nobody:USERNAME_NOT_OCCUPIED',
						'1:1001:DUPLICATE_IN_INPUT',
						'1:bad!:INVALID_USER_REFERENCE',
						'2:@kim_kato:NO_ACTIVE_CALL',
					],
				);
				assert.equal(local.world.inviteCount('3001', '1001'), 1);
				assert.equal(local.world.inviteCount('3001', '1005'), 1);
			});
		});
	}

	it('reuses one connection for two executions with the same credential', async () => {
		await runInvite(sandbox, { items: demo('@alice'), options: { dryRun: true } });
		const accepted = sandbox.connectionsAccepted;
		await runInvite(sandbox, { items: demo('@bob_brown'), options: { dryRun: true } });
		await runInvite(sandbox, { items: demo('@carol_chen'), options: { dryRun: true } });
		assert.equal(sandbox.connectionsAccepted, accepted);
	});

	describe('account-level failures, per "On Error" mode', () => {
		const unreachable = { server: '127.0.0.1:1', timeout: 5 };

		// The test timeouts guard against hangs: GramJS alone would retry or wait forever here.
		it('stops with a NodeOperationError that says what to do', { timeout: 20_000 }, async () => {
			const run = await runInvite(sandbox, { items: demo('@alice'), credentials: unreachable });
			assert.equal(run.status, 'error');
			assert.equal(run.error?.name, 'NodeOperationError');
			assert.match(run.error?.message ?? '', /Could not connect to the Telegram server/);
			assert.match(String(run.error?.description), /127\.0\.0\.1:1/);
		});

		it('emits one error item per input item on Failed with "continue (regular output)", nothing on Invited', async () => {
			const run = await runInvite(sandbox, {
				items: [...demo('@alice @bob_brown'), ...demo('@carol_chen')],
				credentials: unreachable,
				onError: 'continueRegularOutput',
			});
			assert.equal(run.status, 'success');
			assert.deepEqual(run.outputs[0], []);
			assert.deepEqual(
				run.outputs[1].map((item) => [item.pairedItem, (item.json.details as IDataObject).users]),
				[
					[{ item: 0 }, ['@alice', '@bob_brown']],
					[{ item: 1 }, ['@carol_chen']],
				],
			);
			assert.match(String(run.outputs[1][0].json.error), /Could not connect/);
		});

		it('sends the error items to the Error output with "continue (error output)"', async () => {
			const run = await runInvite(sandbox, { items: demo('@alice'), credentials: unreachable, onError: 'continueErrorOutput' });
			assert.equal(run.outputs.length, 3);
			assert.deepEqual(run.outputs[0], []);
			assert.deepEqual(run.outputs[1], []);
			assert.equal(run.outputs[2].length, 1);
			assert.equal((run.outputs[2][0].json.details as IDataObject).code, 'SERVER_UNREACHABLE');
		});

		it('never passes the raw input item out of Invited, even when no credential is selected', async () => {
			const run = await runNodeInEngine({
				packageDir: repoRoot,
				nodeType: 'telegramGroupCall',
				parameters: { resource: 'groupCall', operation: 'inviteUsers', call: '@demo_group', users: '={{ $json.users }}' },
				inputItems: [{ json: { users: '@alice', marker: 'raw input' } }],
				onError: 'continueRegularOutput',
			});
			assert.deepEqual(run.outputs[0], []);
			assert.equal(run.outputs[1].length, 1);
			assert.equal((run.outputs[1][0].json.details as IDataObject).code, 'UNEXPECTED_ERROR');
			assert.equal(run.outputs[1][0].json.marker, undefined);
		});

		it('reports a revoked session with how to get a new one, and never the session itself', async () => {
			await withSandbox(undefined, async (local) => {
				const credentials = local.credentials();
				await runInvite(local, { items: demo('@alice'), options: { dryRun: true } });
				local.revokeSession();
				const run = await runInvite(local, { items: demo('@alice') });
				assert.equal(run.status, 'error');
				assert.match(run.error?.message ?? '', /tg-group-call login/);
				const serialized = JSON.stringify(run.run);
				assert.ok(!serialized.includes(credentials.session), 'the session leaked into the run data');
				assert.ok(!serialized.includes(credentials.apiHash), 'the API hash leaked into the run data');
			});
		});

		it('times out on a request that is never answered instead of hanging', { timeout: 20_000 }, async () => {
			await withSandbox(undefined, async (local) => {
				local.addFault({ method: INVITE_METHOD, call: 1, action: 'hang' });
				const run = await runInvite(local, { items: demo('@alice'), credentials: { timeout: 1 } });
				assert.equal(run.status, 'error');
				assert.match(run.error?.message ?? '', /did not answer in time/);
				local.clearFaults();
				const retry = await runInvite(local, { items: demo('@alice'), credentials: { timeout: 1 } });
				assert.equal(retry.outputs[0][0]?.json.status, 'invited', 'a fresh connection replaces the stuck one');
			});
		});
	});

	describe('faults on the invite', () => {
		it('never invites twice when the connection drops after the invite was applied', async () => {
			await withSandbox(undefined, async (local) => {
				local.addFault({ method: INVITE_METHOD, call: 1, action: 'drop', when: 'after' });
				const run = await runInvite(local, { items: demo('@alice @bob_brown'), options: { batchSize: 2 } });
				assert.equal(run.status, 'success');
				assert.equal(local.world.inviteCount('3001', '1001'), 1);
				assert.equal(local.world.inviteCount('3001', '1002'), 1);
				for (const item of run.outputs[1]) {
					assert.equal(item.json.code, 'USER_ALREADY_INVITED');
					assert.equal(item.json.maybeInvitedByThisRun, true);
				}
				assert.equal(run.outputs[1].length, 2);
			});
		});

		it('waits out a short FLOOD_WAIT and fails the rest of the call on a long one', async () => {
			await withSandbox(undefined, async (local) => {
				local.addFault({ method: INVITE_METHOD, call: 1, action: 'floodWait', seconds: 1 });
				local.addFault({ method: INVITE_METHOD, call: 3, action: 'floodWait', seconds: 600 });
				const run = await runInvite(local, { items: demo('@alice @bob_brown @carol_chen'), options: { maxFloodWait: 5 } });
				assertOutputRows(run, ['0:@alice:invited'], ['0:@bob_brown:FLOOD_WAIT', '0:@carol_chen:FLOOD_WAIT']);
				assert.equal(run.outputs[1][0].json.retryAfter, 600);
			});
		});

		it('stops waiting when the execution is cancelled during a flood wait', { timeout: 20_000 }, async () => {
			await withSandbox(undefined, async (local) => {
				local.addFault({ method: INVITE_METHOD, call: 1, action: 'floodWait', seconds: 600 });
				const controller = new AbortController();
				const waiting = runNodeInEngine({
					packageDir: repoRoot,
					nodeType: 'telegramGroupCall',
					parameters: {
						resource: 'groupCall',
						operation: 'inviteUsers',
						call: '@demo_group',
						users: '@alice',
						options: { maxFloodWait: 600 },
					},
					credentials: { telegramMtprotoApi: { ...local.credentials() } },
					signal: controller.signal,
				});
				await new Promise<void>((resolve) => {
					const check = setInterval(() => {
						if (local.requests(INVITE_METHOD).length > 0) {
							clearInterval(check);
							resolve();
						}
					}, 20);
				});
				controller.abort();
				const run = await waiting;
				assert.notEqual(run.status, 'success');
				assert.equal(local.world.inviteCount('3001', '1001'), 0);
			});
		});
	});
});
