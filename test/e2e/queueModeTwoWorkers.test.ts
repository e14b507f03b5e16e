// Queue mode with two workers sharing one Telegram session: 10 webhook executions of one account at once.
// The sandbox kills a session used by two clients at once (authKeyDuplicated), so this passes only if the
// workers take turns through the session lease in Redis: never two connections of the session open at once.
// The account's pause and its flood waits live in the same Redis: the invites of all executions on both workers
// are the pause apart, and a FLOOD_WAIT met on one worker stops the other from asking Telegram again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../sandbox';
import { webhookInviteWorkflow } from './fixtures/inviteWorkflows';
import { startN8n, startRedis, startWorker, type N8nMain, type N8nUserFolder, type N8nWorker, type RedisServer } from './support/n8nProcess';
import { inviteGroundTruth } from './support/sandboxGroundTruth';
import { folderWithPublishedWorkflow } from './support/webhookFolder';

const WEBHOOK_PATH = 'e2e-queue-two-workers';
/** "Pause Between Requests" of the workflow: it must hold across executions and workers. */
const PAUSE_MS = 700;
/**
 * What may come off a pause in the sandbox's log: slots are reserved the pause apart, and the time from a slot to
 * the request's arrival (Redis's answer, the worker's event loop, GramJS, loopback) differs between two requests,
 * by tens of ms on a busy machine (63 ms seen in-process under a load of 10). Allowed: a quarter of the pause;
 * without shared pacing the workers' requests arrive a few ms apart.
 */
const PAUSE_ALLOWANCE_MS = PAUSE_MS / 4;
const WEBHOOK_WORKFLOW = webhookInviteWorkflow('e2eQueueTwoWork1', WEBHOOK_PATH, '8c0d7a3e-4f7e-4a55-9f1e-2b6f0c7e0013', {
	pauseMs: PAUSE_MS,
	maxFloodWait: 60,
});
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

	/** Starts one execution per user at once through the webhook; each answer as "<status> <body>". */
	async function executeAtOnce(users: readonly string[]): Promise<string[]> {
		return await Promise.all(
			users.map(async (user) => {
				const response = await fetch(`${main.url}/webhook/${WEBHOOK_PATH}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ call: '@demo_group', users: [user] }),
				});
				return `${response.status} ${await response.text()}`;
			}),
		);
	}

	/** How many executions each worker has started so far (from its log). */
	function startedPerWorker(): number[] {
		return workers.map((worker) => worker.process.output().match(/Worker started execution/g)?.length ?? 0);
	}

	it('runs 10 executions started at once on both workers, one connection of the session at a time, the pause holding across them, nobody invited twice', async (t) => {
		const invitesBefore = sandbox.requests('phone.inviteToGroupCall').length;
		const responses = await executeAtOnce(USERS);
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

		// The pause is the account's, not the execution's: every invite request, whichever execution and worker sent
		// it, came at least the pause after the one before (one user per execution, so each gap is between two).
		const times = sandbox
			.requests('phone.inviteToGroupCall')
			.slice(invitesBefore)
			.map((entry) => Date.parse(entry.at))
			.sort((a, b) => a - b);
		assert.equal(times.length, USERS.length, 'one invite request per execution');
		const gaps = times.slice(1).map((time, index) => time - times[index]);
		t.diagnostic(`gaps between invite requests (ms), pause ${PAUSE_MS}: ${gaps.join(', ')}`);
		assert.ok(Math.min(...gaps) >= PAUSE_MS - PAUSE_ALLOWANCE_MS, `gaps between invite requests (ms): ${gaps.join(', ')}`);
	});

	it('a FLOOD_WAIT met on one worker fails the executions of both workers without asking Telegram again', async () => {
		// The next contacts.resolveUsername (a username no worker knows yet) meets a wait beyond Max Flood Wait (60 s).
		sandbox.addFault({ method: 'contacts.resolveUsername', call: sandbox.requests('contacts.resolveUsername').length + 1, action: 'floodWait', seconds: 600 });
		const [first] = await executeAtOnce(['@fresh_name_one']);
		assert.match(first, /^200 /, first);
		assert.match(first, /FLOOD_WAIT/, first);
		const resolvesBefore = sandbox.requests('contacts.resolveUsername').length;
		const startedBefore = startedPerWorker();

		const fresh = Array.from({ length: 10 }, (_, index) => `@fresh_name_${index + 2}`);
		const responses = await executeAtOnce(fresh);
		for (const response of responses) {
			assert.match(response, /^200 /, response);
			const results = JSON.parse(response.slice(4)) as Array<{ code?: string; retryAfter?: number }>;
			assert.equal(results.length, 1, response);
			assert.equal(results[0].code, 'FLOOD_WAIT', response);
			assert.ok((results[0].retryAfter ?? 0) > 60, `waits the remembered wait out, not a new one: ${response}`);
		}
		const startedNow = startedPerWorker();
		for (const [index, count] of startedNow.entries()) {
			assert.ok(count > startedBefore[index], `worker ${index + 1} ran some of the executions (started ${startedBefore.join('/')} → ${startedNow.join('/')})`);
		}
		assert.equal(sandbox.requests('contacts.resolveUsername').length, resolvesBefore, 'no worker asked Telegram again');
		sandbox.clearFaults();
	});
});
