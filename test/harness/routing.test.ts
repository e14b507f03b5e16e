import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Expression } from 'n8n-workflow';

import { FIXTURE_PACKAGE_DIR } from './fixturePackage';
import { runNodeInEngine } from './index';

const numbers = [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }];

describe('harness: routing and expressions in the real engine', () => {
	it('routes each item to the output its per-item expression picks', async () => {
		const run = await runNodeInEngine({
			packageDir: FIXTURE_PACKAGE_DIR,
			nodeType: 'harnessRouter',
			parameters: { keep: '={{ $json.n > 1 }}', label: '=n{{ $json.n }}' },
			inputItems: numbers,
		});

		assert.equal(run.status, 'success');
		assert.equal(run.error, undefined);
		assert.equal(run.outputs.length, 2);
		assert.deepEqual(
			run.outputs[0].map((item) => item.json),
			[
				{ n: 2, label: 'n2' },
				{ n: 3, label: 'n3' },
			],
		);
		assert.deepEqual(
			run.outputs[1].map((item) => item.json),
			[{ n: 1, label: 'n1' }],
		);
	});

	it('keeps each output item paired with the input item it came from', async () => {
		const run = await runNodeInEngine({
			packageDir: FIXTURE_PACKAGE_DIR,
			nodeType: 'harnessRouter',
			parameters: { keep: '={{ $json.n !== 2 }}' },
			inputItems: numbers,
		});

		assert.deepEqual(
			run.outputs[0].map((item) => item.pairedItem),
			[{ item: 0 }, { item: 2 }],
		);
		assert.deepEqual(
			run.outputs[1].map((item) => item.pairedItem),
			[{ item: 1 }],
		);
	});

	it('resolves $("Input").item through paired items, and n8n extension functions', async () => {
		const run = await runNodeInEngine({
			packageDir: FIXTURE_PACKAGE_DIR,
			nodeType: 'harnessRouter',
			parameters: { label: '={{ $("Input").item.json.name.toTitleCase() }}' },
			inputItems: [{ json: { name: 'ada lovelace' } }, { json: { name: 'alan turing' } }],
		});

		assert.deepEqual(
			run.outputs[0].map((item) => item.json.label),
			['Ada Lovelace', 'Alan Turing'],
		);
		assert.equal(Expression.getActiveImplementation(), 'legacy');
	});

	it('gives the node an empty item when the test passes no input items, as a manual trigger does', async () => {
		const run = await runNodeInEngine({ packageDir: FIXTURE_PACKAGE_DIR, nodeType: 'harnessRouter' });

		assert.deepEqual(run.outputs, [[{ json: { label: '' }, pairedItem: { item: 0 } }], []]);
	});
});
