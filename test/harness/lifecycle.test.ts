import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FIXTURE_PACKAGE_DIR, waitForCancelModule } from './fixturePackage';
import { INPUT_NODE_NAME, runNodeInEngine } from './index';

const credentials = { harnessFixtureApi: { user: 'alice', token: 't' } };

describe('harness: executions in one process', () => {
	it('runs a node twice in sequence, keeping the module state of the loaded package', async () => {
		const first = await runNodeInEngine({
			packageDir: FIXTURE_PACKAGE_DIR,
			nodeType: 'harnessCredentialEcho',
			credentials,
		});
		const second = await runNodeInEngine({
			packageDir: FIXTURE_PACKAGE_DIR,
			nodeType: 'harnessCredentialEcho',
			credentials,
		});

		const executionOf = (run: typeof first) => run.outputs[0][0].json.execution as number;
		assert.equal(executionOf(second), executionOf(first) + 1);
	});

	it('records only the current execution in each run', async () => {
		await runNodeInEngine({
			packageDir: FIXTURE_PACKAGE_DIR,
			nodeType: 'harnessRouter',
			inputItems: [{ json: { n: 1 } }, { json: { n: 2 } }],
		});
		const run = await runNodeInEngine({
			packageDir: FIXTURE_PACKAGE_DIR,
			nodeType: 'harnessRouter',
			nodeName: 'Second Router',
			inputItems: [{ json: { n: 3 } }],
		});

		assert.deepEqual(Object.keys(run.runData).sort(), [INPUT_NODE_NAME, 'Second Router']);
		assert.deepEqual(
			run.outputs[0].map((item) => item.json.n),
			[3],
		);
	});

	it('rejects a node type the package does not have, naming the package', async () => {
		await assert.rejects(
			runNodeInEngine({ packageDir: FIXTURE_PACKAGE_DIR, nodeType: 'noSuchNode' }),
			/Package "n8n-nodes-harness-fixture" has no node named "noSuchNode"/,
		);
	});
});

describe('harness: cancellation through the signal option', () => {
	it('cancels a running execution; the node sees its cancel signal fire', async () => {
		const controller = new AbortController();
		waitForCancelModule().nodeStarted.once('waiting', () => controller.abort());

		const run = await runNodeInEngine({
			packageDir: FIXTURE_PACKAGE_DIR,
			nodeType: 'harnessWaitForCancel',
			signal: controller.signal,
		});

		assert.equal(run.status, 'canceled');
		assert.equal(run.error?.name, 'ManualExecutionCancelledError');
		assert.deepEqual(run.outputs[0][0].json, { sawCancel: true });
	});

	it('does not run the node when the signal is already aborted', async () => {
		const run = await runNodeInEngine({
			packageDir: FIXTURE_PACKAGE_DIR,
			nodeType: 'harnessWaitForCancel',
			signal: AbortSignal.abort(),
		});

		assert.equal(run.status, 'canceled');
		assert.equal(run.runData[run.nodeName], undefined);
	});
});
