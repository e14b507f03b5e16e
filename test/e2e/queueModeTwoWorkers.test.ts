// Queue mode with two workers sharing one Telegram session: 10 webhook executions of one account at once.
// The sandbox kills a session used by two clients at once (authKeyDuplicated), so this passes only if the
// workers take turns through the session lease in Redis: never two connections of the session open at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../sandbox';
import { webhookInviteWorkflow } from './fixtures/inviteWorkflows';
import { startN8n, startRedis, startWorker, type N8nMain, type N8nUserFolder, type N8nWorker, type RedisServer } from './support/n8nProcess';
import { inviteGroundTruth } from './support/sandboxGroundTruth';
import { folderWithPublishedWorkflow } from './support/webhookFolder';

const WEBHOOK_PATH = 'e2e-queue-two-workers';
const WEBHOOK_WORKFLOW = webhookInviteWorkflow('e2eQueueTwoWork1', WEBHOOK_PATH, '8c0d7a3e-4f7e-4a55-9f1e-2b6f0c7e0013');
/** One user per execution, each a different person: nobody may be named in two invite requests. */
const USERS = ['@alice', '@bob_brown', '@carol_chen', '@kim_kato', '@leo_lopez', '@mia_moreau', '@judy_private', '@ivan_outsider', '@frank_invited', '@grace_in_call'];

describe('queue mode: Redis, main and two workers, one session', () => {
	let sandbox: Sandbox;
	let folder: N8nUserFolder;
	let redis: RedisServer;
	let main: N8nMain;
	let workers: N8nWorker[] = [];

	before(async () => {
		sandbox = await startSandbox({ port: 0 });
		sandbox.setBehaviour({ authKeyDuplicated: true });
		folder = await folderWithPublishedWorkflow(sandbox.credentials(), WEBHOOK_WORKFLOW);
		redis = await startRedis();
		main = await startN8n(folder, { queue: redis });
		workers = [await startWorker(folder, { queue: redis }), await startWorker(folder, { queue: redis })];
	});

	after(async () => {
		for (const worker of workers) await worker.stop();
		await main?.stop();
		await redis?.stop();
		await sandbox?.stop();
		folder?.remove();
	});

	it('runs 10 executions started at once on both workers, one connection of the session at a time, nobody invited twice', async () => {
		const responses = await Promise.all(
			USERS.map(async (user) => {
				const response = await fetch(`${main.url}/webhook/${WEBHOOK_PATH}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ call: '@demo_group', users: [user] }),
				});
				return `${response.status} ${await response.text()}`;
			}),
		);
		for (const response of responses) {
			assert.match(response, /^200 /, response);
			assert.doesNotMatch(response, /AUTH_KEY_DUPLICATED|SESSION_BUSY|SERVER_UNREACHABLE|TIMEOUT/, response);
		}
		assert.equal(sandbox.maxOpenConnectionsPerKey, 1, 'never two connections of the session open at once');
		assert.equal(sandbox.requests().filter((entry) => entry.error?.message === 'AUTH_KEY_DUPLICATED').length, 0);

		const truth = inviteGroundTruth(sandbox, '3001');
		assert.deepEqual(truth.invitedMoreThanOnce, []);
		assert.deepEqual(truth.askedMoreThanOnce, []);
		for (const id of ['1001', '1002', '1003', '1012', '1013', '1014']) assert.ok(truth.invited.includes(id), `${id} invited`);

		// Both workers ran executions (each takes at most 5 at once), so the session really moved between processes.
		for (const worker of workers) assert.match(worker.process.output(), /Worker started execution/);
		assert.ok(sandbox.connectionsAccepted >= 2, 'the session was handed over between workers');
	});
});
