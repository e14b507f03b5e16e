import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FIXTURE_PACKAGE_DIR } from './fixturePackage';
import { runNodeInEngine } from './index';

const people = [{ json: { name: 'ann' } }, { json: { name: 'bob' } }, { json: { name: 'cid' } }];

function runThrower(onError: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput') {
	return runNodeInEngine({
		packageDir: FIXTURE_PACKAGE_DIR,
		nodeType: 'harnessThrower',
		parameters: { fail: '={{ $json.name === "bob" }}' },
		inputItems: people,
		onError,
	});
}

function runErrorItems(onError?: 'continueRegularOutput' | 'continueErrorOutput') {
	return runNodeInEngine({
		packageDir: FIXTURE_PACKAGE_DIR,
		nodeType: 'harnessErrorItems',
		parameters: { outcome: '={{ $json.outcome }}' },
		inputItems: [
			{ json: { name: 'ann', outcome: 'success' } },
			{ json: { name: 'bob', outcome: 'failureWithDetails' } },
			{ json: { name: 'cid', outcome: 'errorOnly' } },
		],
		onError,
	});
}

describe('harness: a node that throws, under each On Error setting', () => {
	it('stopWorkflow: the execution fails with the NodeOperationError and its item index', async () => {
		const run = await runThrower('stopWorkflow');

		assert.equal(run.status, 'error');
		assert.equal(run.error?.name, 'NodeOperationError');
		assert.equal(run.error?.message, 'Item 1 was told to fail');
		assert.equal(run.error?.description, 'The fixture fails on purpose');
		assert.equal(run.error?.context?.itemIndex, 1);
		assert.deepEqual(run.outputs, []);
	});

	// n8n 2.41 engine behaviour (issues #25581, #37407): a throw under a continue mode sends the raw
	// input items out of output 0 and still records the error, so nodes must catch per item instead.
	for (const onError of ['continueRegularOutput', 'continueErrorOutput'] as const) {
		it(`${onError}: the raw input items leave on output 0 and the error is still recorded`, async () => {
			const run = await runThrower(onError);

			assert.equal(run.outputs.length, 1);
			assert.deepEqual(
				run.outputs[0].map((item) => item.json),
				people.map((item) => item.json),
			);
			assert.equal(run.nodeError?.message, 'Item 1 was told to fail');
			assert.equal(run.status, 'error');
		});
	}
});

describe('harness: items with an error key on a node that returns normally', () => {
	it('stopWorkflow: every item stays on the output the node chose', async () => {
		const run = await runErrorItems();

		assert.equal(run.status, 'success');
		assert.equal(run.outputs.length, 2);
		assert.deepEqual(
			run.outputs[1].map((item) => item.json),
			[{ name: 'bob', code: 'FIXTURE_FAILURE', error: 'bob failed' }, { error: 'cid failed' }],
		);
	});

	it('continueRegularOutput: nothing is moved either', async () => {
		const run = await runErrorItems('continueRegularOutput');

		assert.equal(run.outputs.length, 2);
		assert.equal(run.outputs[1].length, 2);
	});

	it('continueErrorOutput: a third "Error" output receives the items whose json is only an error', async () => {
		const run = await runErrorItems('continueErrorOutput');

		assert.equal(run.status, 'success');
		assert.equal(run.outputs.length, 3);
		assert.deepEqual(
			run.outputs[0].map((item) => item.json),
			[{ name: 'ann', ok: true }],
		);
		// An error item that carries other keys is a business result and stays where the node put it.
		assert.deepEqual(
			run.outputs[1].map((item) => item.json),
			[{ name: 'bob', code: 'FIXTURE_FAILURE', error: 'bob failed' }],
		);
		// The engine rebuilds a moved item from its paired input item's json plus the error.
		assert.deepEqual(run.outputs[2], [
			{ json: { name: 'cid', outcome: 'errorOnly', error: 'cid failed' }, pairedItem: { item: 2 } },
		]);
	});
});
