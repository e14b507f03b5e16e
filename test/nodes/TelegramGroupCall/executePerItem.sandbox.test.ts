/**
 * The per-item runner every call operation uses (common/executePerItem), in n8n's real engine against the
 * sandbox, with Get as the operation: each "On Error" mode, one pooled session for all items, and cancellation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startSandbox, type Sandbox } from '../../../sandbox';
import { jsonWithItems, runOperation } from './support/operationRuns';
import { closeCompiledPool, useSharedSandbox } from './support/sandboxRuns';

/** A good item, an unknown chat (Telegram refuses it), an empty Call (refused before sending), a good item. */
const MIXED = [{ call: '@demo_group' }, { call: '@no_such_chat_here' }, { call: '' }, { call: '@town_hall' }];

describe('executePerItem in the engine', () => {
	let sandbox: Sandbox;
	useSharedSandbox((started) => (sandbox = started));

	it('Stop Workflow: the first failing item stops the run with the catalog sentence, the item named', async () => {
		const run = await runOperation(sandbox, { operation: 'get', items: MIXED });
		assert.equal(run.status, 'error');
		assert.equal(run.error?.name, 'NodeOperationError');
		assert.equal(run.error?.message, 'No Telegram account has this username. Check the spelling, or use the numeric id or phone number.');
		assert.equal(run.error?.context?.itemIndex, 1);
		assert.match(String(run.error?.description), /USERNAME_NOT_OCCUPIED \(contacts\.ResolveUsername\) \[400\]/);
		assert.deepEqual(run.outputs, [], 'no output when the workflow stops');
	});

	it('Continue (regular output): every item gives one item, paired; failures as {error, details}', async () => {
		const run = await runOperation(sandbox, { operation: 'get', items: MIXED, onError: 'continueRegularOutput' });
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.equal(run.outputs.length, 1);
		const items = jsonWithItems(run.outputs[0]);
		assert.deepEqual(
			items.map((item) => [item._item, item.state ?? Object.keys(item).slice(1).sort().join(',')]),
			[
				[0, 'active'],
				[1, 'details,error'],
				[2, 'details,error'],
				[3, 'scheduled'],
			],
		);
		assert.deepEqual(items[1].details, {
			code: 'USERNAME_NOT_OCCUPIED',
			httpCode: 400,
			reason: 'USERNAME_NOT_OCCUPIED (contacts.ResolveUsername) [400].',
		});
		assert.equal((items[2].details as { code: string }).code, 'INVALID_PARAMETER');
	});

	it('Continue (using error output): failures go to the Error output, paired, the rest stay on the main one', async () => {
		const run = await runOperation(sandbox, { operation: 'get', items: MIXED, onError: 'continueErrorOutput' });
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.equal(run.outputs.length, 2);
		assert.deepEqual(
			jsonWithItems(run.outputs[0]).map((item) => [item._item, item.state]),
			[
				[0, 'active'],
				[3, 'scheduled'],
			],
		);
		const errors = jsonWithItems(run.outputs[1]);
		assert.deepEqual(
			errors.map((item) => item._item),
			[1, 2],
		);
		assert.ok(errors.every((item) => typeof item.error === 'string' && item.error.length > 0));
	});

	it('opens one session for all items: the account connects once', async () => {
		const accepted = sandbox.connectionsAccepted;
		await closeCompiledPool();
		await runOperation(sandbox, { operation: 'get', items: [{ call: '@demo_group' }, { call: '@town_hall' }, { call: '-2002' }] });
		assert.equal(sandbox.connectionsAccepted - accepted, 1);
	});

	it('gives no credential-bearing field to any item or error', async () => {
		const run = await runOperation(sandbox, { operation: 'get', items: MIXED, onError: 'continueRegularOutput' });
		const serialized = JSON.stringify(run.run);
		const credentials = sandbox.credentials();
		assert.ok(!serialized.includes(credentials.session));
		assert.ok(!serialized.includes(credentials.apiHash));
	});
});

describe('executePerItem: cancellation', () => {
	let sandbox: Sandbox;
	const controller = new AbortController();
	before(async () => {
		// Telegram asks to wait 30 s on the first read; the test cancels once the node has that answer.
		sandbox = await startSandbox({
			port: 0,
			onRequest: (entry) => {
				if (entry.method === 'phone.getGroupCall' && entry.fault !== undefined) controller.abort();
			},
		});
		sandbox.addFault({ method: 'phone.getGroupCall', call: 1, action: 'floodWait', seconds: 30 });
	});
	after(async () => {
		await closeCompiledPool();
		await sandbox.stop();
	});

	it('stops the execution while waiting out a FLOOD_WAIT, even under Continue, and sends nothing more', async () => {
		const run = await runOperation(sandbox, {
			operation: 'get',
			items: [{ call: '@demo_group' }, { call: '@town_hall' }],
			onError: 'continueRegularOutput',
			signal: controller.signal,
		});
		assert.equal(run.status, 'canceled');
		assert.equal(run.error?.message, 'The execution was canceled while reading the call.');
		assert.equal(sandbox.requests('phone.getGroupCall').length, 1, 'the second item was never read');
	});
});
