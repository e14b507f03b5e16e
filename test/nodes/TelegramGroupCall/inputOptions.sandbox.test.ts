/**
 * Options given by expressions, as from a webhook or a sheet: every spelling of true and false, and values that
 * mean neither. Run in n8n's engine against the sandbox (build first); the sandbox's request log says whether
 * anything was sent. Issue 8, item 1: "true" as text once sent real invitations.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { type Sandbox } from '../../../sandbox';
import { runNodeInEngine } from '../../harness';
import { inviteRequestsSince, lastRequestSeq, requestsSince, runWithInputs } from './support/inputRuns';
import { invitedIdsOf } from './support/requestLog';
import { repoRoot, rows, useSharedSandbox } from './support/sandboxRuns';

/** A value as an item's json can hold it. */
type JsonValue = IDataObject[string];

const DRY_RUN_FROM_ITEM = { dryRun: '={{ $json.dry }}' };

describe('options from expressions', () => {
	let sandbox: Sandbox;
	useSharedSandbox((started) => (sandbox = started));

	it('treats every spelling of true as a dry run: nothing is sent', async () => {
		for (const dry of [true, 'true', 'TRUE', ' True ', 1, '1', ' 1 '] as JsonValue[]) {
			const since = lastRequestSeq(sandbox);
			const run = await runWithInputs(sandbox, {
				items: [{ call: '@demo_group', users: '@alice', dry }],
				options: DRY_RUN_FROM_ITEM,
			});
			const label = JSON.stringify(dry);
			assert.equal(run.status, 'success', `${label}: ${JSON.stringify(run.error)}`);
			assert.deepEqual(inviteRequestsSince(sandbox, since), [], `${label}: a dry run sends no invitation`);
			assert.deepEqual(rows(run.outputs[0]), ['0:@alice:would_invite'], label);
		}
	});

	it('treats every spelling of false (and an empty value) as a real run', async () => {
		const spellings: JsonValue[] = [false, 'false', 'FALSE ', 0, '0', '', null];
		const users = ['@alice', '@bob_brown', '@carol_chen', '+15550001004', '1005', '@kim_kato', '@leo_lopez'];
		const since = lastRequestSeq(sandbox);
		const run = await runWithInputs(sandbox, {
			items: spellings.map((dry, index) => ({ call: '@demo_group', users: users[index], dry })),
			options: DRY_RUN_FROM_ITEM,
		});
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.deepEqual(
			rows(run.outputs[0]),
			users.map((user, index) => `${index}:${user}:invited`),
		);
		assert.deepEqual(
			inviteRequestsSince(sandbox, since).map(invitedIdsOf),
			[['1001'], ['1002'], ['1003'], ['1004'], ['1005'], ['1012'], ['1013']],
		);
	});

	it('refuses a Dry Run value that is neither true nor false, naming the option, and sends nothing', async () => {
		const unreadable: JsonValue[] = ['yes', 'no', 'on', 'truee', 2, -1, 0.5, [], {}, 'null'];
		for (const dry of unreadable) {
			const since = lastRequestSeq(sandbox);
			const run = await runWithInputs(sandbox, {
				items: [{ call: '@demo_group', users: '@mia_moreau', dry }],
				options: DRY_RUN_FROM_ITEM,
			});
			const label = JSON.stringify(dry);
			assert.equal(run.status, 'error', label);
			assert.equal(run.error?.name, 'NodeOperationError', label);
			assert.match(run.error?.message ?? '', /"Dry Run" must be true or false/, label);
			assert.match(run.error?.message ?? '', /Nothing was sent/, label);
			assert.deepEqual(requestsSince(sandbox, since), [], `${label}: the node did not even connect`);
		}
	});

	it('refuses Dry Run values that differ between items instead of following the first item', async () => {
		const since = lastRequestSeq(sandbox);
		const run = await runWithInputs(sandbox, {
			items: [
				{ call: '@demo_group', users: '@mia_moreau', dry: false },
				{ call: '@demo_group', users: '@alice', dry: 'true' },
			],
			options: DRY_RUN_FROM_ITEM,
		});
		assert.equal(run.status, 'error');
		assert.match(run.error?.message ?? '', /"Dry Run" must be the same for every input item.*item 0 gives false, item 1 gives true/);
		assert.equal(run.error?.context?.itemIndex, 1);
		assert.deepEqual(requestsSince(sandbox, since), []);
	});

	it('in a continue mode, turns every item into an error item when the options cannot be read', async () => {
		const since = lastRequestSeq(sandbox);
		const run = await runWithInputs(sandbox, {
			items: [
				{ call: '@demo_group', users: '@mia_moreau', dry: 'maybe' },
				{ call: '@demo_group', users: '@alice', dry: 'maybe' },
			],
			options: DRY_RUN_FROM_ITEM,
			onError: 'continueErrorOutput',
		});
		assert.deepEqual(run.outputs[0], [], 'nobody on Invited');
		assert.deepEqual(run.outputs[1], [], 'nobody on Failed');
		assert.deepEqual(
			run.outputs[2].map((item) => [item.pairedItem, item.json.error]),
			[0, 1].map((index) => [{ item: index }, run.outputs[2][0].json.error]),
		);
		assert.match(String(run.outputs[2][0].json.error), /"Dry Run" must be true or false/);
		assert.deepEqual(requestsSince(sandbox, since), []);
	});

	it('runs a workflow whose Options hold no object (imported JSON: null, a text, a number, a list) as with no options', async () => {
		// n8n's engine puts the collection's default in place of such a value before the node runs; the node's own
		// reader (parameters/collectionValue.ts, collectionParameters.test.ts) stands behind it for hosts that do not.
		for (const options of [null, 'as speaker', 5, ['asSpeaker']]) {
			const since = lastRequestSeq(sandbox);
			const run = await runNodeInEngine({
				packageDir: repoRoot,
				nodeType: 'telegramGroupCall',
				parameters: { resource: 'groupCall', operation: 'getInviteLink', call: { __rl: true, mode: 'chat', value: '@demo_group' }, options } as unknown as INodeParameters,
				credentials: { telegramMtprotoApi: { ...sandbox.credentials() } },
			});
			const label = JSON.stringify(options);
			assert.equal(run.status, 'success', `${label}: ${JSON.stringify(run.error)}`);
			assert.equal(run.outputs[0][0]?.json.asSpeaker, false, label);
			const exports = requestsSince(sandbox, since, 'phone.exportGroupCallInvite');
			assert.equal(exports.length, 1, label);
			const params = exports[0].params as { canSelfUnmute?: unknown };
			assert.notEqual(params.canSelfUnmute, true, `${label}: a listener link, as without options`);
		}
	});

	it('reads numbers given as text, and refuses out-of-range or broken numbers with the option and its range', async () => {
		const since = lastRequestSeq(sandbox);
		const batched = await runWithInputs(sandbox, {
			items: [{ call: '@ops_news', users: '@alice @carol_chen @kim_kato', batch: ' 3 ' }],
			options: { batchSize: '={{ $json.batch }}' },
		});
		assert.deepEqual(rows(batched.outputs[0]), ['0:@alice:invited', '0:@carol_chen:invited', '0:@kim_kato:invited']);
		assert.deepEqual(inviteRequestsSince(sandbox, since).map(invitedIdsOf), [['1001', '1003', '1012']], 'one request of 3');

		const refusals: Array<[string, JsonValue, RegExp]> = [
			['batchSize', 50, /"Batch Size" must be a whole number from 1 to 10; 50 is out of that range/],
			['batchSize', '2.5', /"Batch Size" must be a whole number from 1 to 10; 2.5 is not a whole number/],
			['batchSize', 'ten', /"Batch Size" must be a whole number from 1 to 10, but it is the text "ten"/],
			['pauseMs', -5, /"Pause Between Requests \(Ms\)" must be a whole number from 0 to 3,600,000/],
			['maxFloodWait', '0x10', /"Max Flood Wait \(Seconds\)" must be a whole number from 0 to 86,400/],
			['skipUsersAlreadyInCall', 'yes', /"Skip Users Already in Call" must be true or false/],
			['alreadyInvitedCountsAsSuccess', 2, /"Already Invited Counts as Success" must be true or false/],
			['includeInputFields', 'some', /"Include Input Fields" must be one of "none", "all", "selected"/],
		];
		for (const [option, value, message] of refusals) {
			const before = lastRequestSeq(sandbox);
			const run = await runWithInputs(sandbox, {
				items: [{ call: '@demo_group', users: '@mia_moreau', value }],
				options: { [option]: '={{ $json.value }}' },
			});
			assert.equal(run.status, 'error', option);
			assert.match(run.error?.message ?? '', message, option);
			assert.deepEqual(requestsSince(sandbox, before), [], option);
		}
	});
});
