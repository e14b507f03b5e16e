// Proves the real-n8n machinery with built-in nodes only: the cached install, the CLI, `n8n start` with
// its REST API, the package installed the way users get it, and queue mode with Redis and a worker.
// Durations go to the test's diagnostics (docs/real-n8n.md keeps the measured numbers); nothing asserts on them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { failingWorkflow, manualSetWorkflow, roleReportingWebhookWorkflow, SMOKE_WEBHOOK_PATH } from './support/builtinWorkflows';
import {
	createN8nUserFolder,
	executeWorkflow,
	fetchNodeTypes,
	importWorkflow,
	locateN8nInstallation,
	N8N_VERSION,
	nodeOutputJson,
	ownerSetup,
	PACKAGE_NAME,
	publishWorkflow,
	startN8n,
	startRedis,
	startWorker,
	testCredential,
	E2E_OWNER,
	N8nRestClient,
} from './support/n8nProcess';

async function timed<T>(t: TestContext, label: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	const result = await work();
	t.diagnostic(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return result;
}

function userFolder(t: TestContext, options?: Parameters<typeof createN8nUserFolder>[0]) {
	const folder = createN8nUserFolder(options);
	t.after(() => folder.remove());
	return folder;
}

describe('real n8n (built-in nodes only)', () => {
	it('is installed in the cache: n8n 2.41.1 on Node 24', () => {
		const installation = locateN8nInstallation();
		assert.equal(installation.n8nVersion, N8N_VERSION);
		assert.match(installation.nodeVersion, /^v24\./);
	});

	it('imports and executes a workflow with the CLI, and reports a failing one with its error', async (t) => {
		const folder = userFolder(t);
		await timed(t, 'CLI import (fresh database)', () => importWorkflow(folder, [manualSetWorkflow, failingWorkflow]));

		const success = await timed(t, 'CLI execute', () => executeWorkflow(folder, manualSetWorkflow.id));
		assert.equal(success.exitCode, 0);
		assert.equal(success.run.status, 'success');
		assert.deepEqual(nodeOutputJson(success.run, 'Greet'), [{ greeting: 'hello 42' }]);
		assert.deepEqual(nodeOutputJson(success.run, 'Done'), [{ greeting: 'hello 42' }]);

		const failure = await executeWorkflow(folder, failingWorkflow.id);
		assert.equal(failure.exitCode, 1);
		assert.equal(failure.run.status, 'error');
		assert.equal(failure.run.data.resultData.error?.message, 'deliberate {smoke} failure');
		assert.equal(failure.run.data.resultData.lastNodeExecuted, 'Fail');
	});

	it('starts n8n, sets up the owner and answers REST calls with the session cookie', async (t) => {
		const folder = userFolder(t);
		const n8n = await timed(t, 'n8n start (fresh database)', () => startN8n(folder));
		t.after(() => n8n.stop());

		const client = await ownerSetup(n8n.url);
		const me = await client.request<{ email: string }>('GET', '/rest/login');
		assert.equal(me.email, E2E_OWNER.email);
		await assert.rejects(new N8nRestClient(n8n.url).request('GET', '/rest/login'), /answered 401/);

		const nodeTypes = await fetchNodeTypes(client);
		assert.ok(nodeTypes.some((type) => type.name === 'n8n-nodes-base.manualTrigger'));

		// Bot API credential: its test calls api.telegram.org, which is unreachable here, so n8n reports an error.
		const result = await testCredential(client, { id: '', name: 'Bot', type: 'telegramApi', data: { accessToken: '123:not-a-token' } });
		assert.equal(result.status, 'Error');
		assert.ok(result.message.length > 0);
	});

	it('installs the packed package with production dependencies only, n8n-workflow left to n8n', (t) => {
		const folder = userFolder(t, { withPackage: true });
		const installed = folder.installedPackage;
		assert.ok(installed);
		assert.equal(installed.packageDir, join(folder.path, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME));
		const manifest = JSON.parse(readFileSync(join(installed.packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;
		assert.equal(manifest.name, PACKAGE_NAME);
		assert.equal(manifest.peerDependencies, undefined);
		assert.ok(installed.dependencyNames.includes('telegram'), installed.dependencyNames.join(', '));
		assert.ok(installed.dependencyNames.includes('big-integer'));
		for (const unwanted of ['n8n-workflow', 'n8n-core', 'typescript', 'tsx', 'eslint']) {
			assert.ok(!installed.dependencyNames.includes(unwanted), `${unwanted} must not be installed with the package`);
		}
		const nodesRoot = join(folder.path, '.n8n', 'nodes', 'node_modules');
		assert.deepEqual(readdirSync(nodesRoot), [PACKAGE_NAME]);
		assert.ok(!existsSync(join(nodesRoot, 'n8n-workflow')));
	});

	it('runs a production webhook execution on a queue-mode worker', async (t) => {
		const folder = userFolder(t);
		await importWorkflow(folder, roleReportingWebhookWorkflow);
		await publishWorkflow(folder, roleReportingWebhookWorkflow.id);

		const redis = await startRedis();
		t.after(() => redis.stop());
		const startedQueue = Date.now();
		const main = await startN8n(folder, { queue: redis, env: { TG_E2E_ROLE: 'main' } });
		t.after(() => main.stop());
		const worker = await startWorker(folder, { queue: redis, env: { TG_E2E_ROLE: 'worker' } });
		t.after(() => worker.stop());
		t.diagnostic(`queue startup (Redis + main + worker): ${((Date.now() - startedQueue) / 1000).toFixed(1)} s`);

		const response = await fetch(`${main.url}/webhook/${SMOKE_WEBHOOK_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ who: 'alice' }),
		});
		assert.equal(response.status, 200);
		assert.deepEqual(await response.json(), { ranOn: 'worker', who: 'alice' });

		const client = await ownerSetup(main.url);
		const executions = await client.request<{ results: Array<{ id: string; mode: string; status: string }> }>('GET', '/rest/executions');
		assert.equal(executions.results.length, 1);
		const [execution] = executions.results;
		assert.deepEqual({ mode: execution.mode, status: execution.status }, { mode: 'webhook', status: 'success' });
		await worker.process.waitForOutput(new RegExp(`Worker finished execution ${execution.id} \\(job`), 10_000);
		assert.match(worker.process.output(), new RegExp(`Worker started execution ${execution.id} \\(job`));
		assert.doesNotMatch(main.process.output(), /Worker started execution/);
	});
});
