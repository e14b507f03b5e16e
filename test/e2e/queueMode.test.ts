// Queue mode: Redis, a main process and one worker sharing a database. The published webhook workflow must
// run on the worker (the main only enqueues), and the worker's node must keep its Telegram connection
// between executions, as a long-running n8n should, rather than dialling again for every run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../sandbox';
import { webhookInviteWorkflow } from './fixtures/inviteWorkflows';
import {
	ownerSetup,
	startN8n,
	startRedis,
	startWorker,
	type N8nMain,
	type N8nUserFolder,
	type N8nWorker,
	type RedisServer,
} from './support/n8nProcess';
import { invitedExactlyOnceProblems } from './support/sandboxGroundTruth';
import { folderWithPublishedWorkflow } from './support/webhookFolder';

const WEBHOOK_PATH = 'e2e-queue-invite';
const WEBHOOK_WORKFLOW = webhookInviteWorkflow('e2eQueueInvite01', WEBHOOK_PATH, '8c0d7a3e-4f7e-4a55-9f1e-2b6f0c7e0002');

describe('queue mode: Redis, main and one worker', () => {
	let sandbox: Sandbox;
	let folder: N8nUserFolder;
	let redis: RedisServer;
	let main: N8nMain;
	let worker: N8nWorker;

	before(async () => {
		sandbox = await startSandbox({ port: 0 });
		folder = await folderWithPublishedWorkflow(sandbox.credentials(), WEBHOOK_WORKFLOW);
		redis = await startRedis();
		main = await startN8n(folder, { queue: redis });
		worker = await startWorker(folder, { queue: redis });
	});

	after(async () => {
		await worker?.stop();
		await main?.stop();
		await redis?.stop();
		await sandbox?.stop();
		folder?.remove();
	});

	async function invite(users: readonly string[]): Promise<Array<[unknown, unknown]>> {
		const response = await fetch(`${main.url}/webhook/${WEBHOOK_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ call: '@demo_group', users }),
		});
		assert.equal(response.status, 200, await response.clone().text());
		const results = (await response.json()) as Array<Record<string, unknown>>;
		return results.map((result) => [result.user, result.status ?? result.code]);
	}

	it('runs two webhook executions in a row on the worker, over one Telegram connection', async () => {
		const first = await invite(['@alice', '@frank_invited']);
		assert.deepEqual(first, [
			['@alice', 'invited'],
			['@frank_invited', 'USER_ALREADY_INVITED'],
		]);
		const connectionsAfterFirst = sandbox.connectionsAccepted;
		assert.ok(connectionsAfterFirst >= 1);

		const second = await invite(['@bob_brown', '@demo_helper_bot']);
		assert.deepEqual(second, [
			['@bob_brown', 'invited'],
			['@demo_helper_bot', 'CHAT_TYPE_INVALID'],
		]);
		assert.equal(sandbox.connectionsAccepted, connectionsAfterFirst, 'the second execution opened no new connection');
		const invites = sandbox.requests('phone.inviteToGroupCall');
		assert.equal(invites.length, 4);
		assert.equal(new Set(invites.map((entry) => entry.connectionId)).size, 1, 'both executions invited over one connection');
		assert.deepEqual(invitedExactlyOnceProblems(sandbox, '3001', ['1001', '1002']), []);

		// Where they ran: both on the worker, none on the main.
		const client = await ownerSetup(main.url);
		const executions = await client.request<{ results: Array<{ id: string; mode: string; status: string }> }>('GET', '/rest/executions');
		assert.deepEqual(executions.results.map(({ mode, status }) => ({ mode, status })), [
			{ mode: 'webhook', status: 'success' },
			{ mode: 'webhook', status: 'success' },
		]);
		for (const { id } of executions.results) {
			await worker.process.waitForOutput(new RegExp(`Worker finished execution ${id} \\(job`), 10_000);
			assert.match(worker.process.output(), new RegExp(`Worker started execution ${id} \\(job`));
		}
		assert.doesNotMatch(main.process.output(), /Worker started execution/);
	});
});
