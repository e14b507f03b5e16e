// The trigger in queue mode: Redis, a main and a worker. n8n runs triggers in the (leader) main only; the executions
// they start are queued and run on the worker. Two active workflows watch the same chat with one credential: a marker
// workflow whose Set node reads TG_E2E_ROLE from the environment of the process that runs it, and the demo's
// "Call started → Invite the sign-up list", whose Invite Users on the worker needs the session the main's trigger
// holds, so the two processes take turns through the session lease (decision 0013). The sandbox kills a session
// used by two connections at once (authKeyDuplicated), so every invite landing proves they never overlapped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_SIGN_UP } from '../../scripts/demo/demoScenario';
import { demoCredential, demoTriggerWorkflow, DEMO_CREDENTIAL_ID, DEMO_TRIGGER_NODES, DEMO_TRIGGER_WORKFLOW_ID } from '../../scripts/demo/demoWorkflow';
import { startSandbox, type Sandbox } from '../../sandbox';
import { triggerWorkflow, TRIGGER_NODES } from './fixtures/triggerWorkflows';
import { waitForPublished } from './support/n8nActivation';
import { waitForExecutions } from './support/n8nExecutions';
import {
	createN8nUserFolder,
	importCredentials,
	importWorkflow,
	ownerSetup,
	publishWorkflow,
	startN8n,
	startRedis,
	startWorker,
	type N8nMain,
	type N8nRestClient,
	type N8nUserFolder,
	type N8nWorker,
	type RedisServer,
} from './support/n8nProcess';
import { invitedExactlyOnceProblems } from './support/sandboxGroundTruth';
import { waitForTriggerItems } from './support/triggerItems';

const MARKER = triggerWorkflow('e2eTriggerQueue1', { chats: [DEMO_SIGN_UP.chat], events: ['callStarted'], credentialId: DEMO_CREDENTIAL_ID, credentialName: 'Telegram sandbox (demo)' });
const WAIT_MS = 90_000;

describe('the trigger in queue mode: the trigger in the main, its executions on the worker', () => {
	let sandbox: Sandbox;
	let folder: N8nUserFolder;
	let redis: RedisServer;
	let main: N8nMain;
	let worker: N8nWorker;
	let client: N8nRestClient;

	before(async () => {
		sandbox = await startSandbox({ port: 0 });
		sandbox.setBehaviour({ authKeyDuplicated: true });
		folder = createN8nUserFolder({ withPackage: true });
		await importCredentials(folder, [demoCredential(sandbox.credentials())]);
		await importWorkflow(folder, [MARKER, demoTriggerWorkflow()]);
		// Published before n8n starts, as after a restart: the main activates them at start-up.
		await publishWorkflow(folder, MARKER.id);
		await publishWorkflow(folder, DEMO_TRIGGER_WORKFLOW_ID);
		redis = await startRedis();
		main = await startN8n(folder, { queue: redis, env: { TG_E2E_ROLE: 'main' } });
		worker = await startWorker(folder, { queue: redis, env: { TG_E2E_ROLE: 'worker' } });
		client = await ownerSetup(main.url);
		for (const id of [MARKER.id, DEMO_TRIGGER_WORKFLOW_ID]) await waitForPublished(client, id, WAIT_MS);
	});

	after(async () => {
		await worker?.stop();
		await main?.stop();
		await redis?.stop();
		await sandbox?.stop();
		folder?.remove();
	});

	async function callStartedRuns(callId: string, runsBefore: number): Promise<void> {
		const items = await waitForTriggerItems(client, MARKER.id, {
			nodeName: TRIGGER_NODES.marker,
			until: (found) => found.some(({ item }) => item.call?.id === callId),
			what: `the marker workflow's callStarted for call ${callId}`,
			timeoutMs: WAIT_MS,
		});
		const ours = items.filter(({ item }) => item.call?.id === callId);
		assert.equal(ours.length, 1, `one callStarted item for call ${callId}`);
		assert.deepEqual({ mode: ours[0]!.mode, status: ours[0]!.status, event: ours[0]!.item.event, ranOn: ours[0]!.item.ranOn }, {
			mode: 'trigger',
			status: 'success',
			event: 'callStarted',
			ranOn: 'worker',
		});
		const invites = await waitForExecutions(client, DEMO_TRIGGER_WORKFLOW_ID, { count: runsBefore + 1, timeoutMs: WAIT_MS });
		assert.equal(invites.length, runsBefore + 1, 'one invite execution per started call');
		const latest = invites.at(-1)!;
		assert.equal(latest.status, 'success', JSON.stringify(latest.run.data.resultData.error ?? null));
		const [triggerItem] = latest.run.data.resultData.runData[DEMO_TRIGGER_NODES.trigger]?.[0]?.data?.main?.[0] ?? [];
		assert.equal((triggerItem?.json.call as { id?: string } | undefined)?.id, callId);
		assert.deepEqual(invitedExactlyOnceProblems(sandbox, callId, DEMO_SIGN_UP.expectedInvitedIds), []);
		// Where the executions ran: the worker says it ran them, the main never ran one.
		for (const id of [ours[0]!.executionId, latest.id]) {
			await worker.process.waitForOutput(new RegExp(`Worker finished execution ${id} \\(job`), WAIT_MS);
		}
		assert.doesNotMatch(main.process.output(), /Worker started execution/);
	}

	it('runs the executions of two started calls on the worker, invites the list to each exactly once, the session used by one connection at a time', async () => {
		const first = sandbox.drive.adminStarts(DEMO_SIGN_UP.chatId);
		await callStartedRuns(first.callId, 0);
		sandbox.drive.adminEnds(first.callId);

		// The worker took the session for Invite Users; the trigger in the main must have it back to see this one.
		const second = sandbox.drive.adminStarts(DEMO_SIGN_UP.chatId);
		await callStartedRuns(second.callId, 1);

		assert.equal(sandbox.maxOpenConnectionsPerKey, 1, 'never two connections of the session at once');
		assert.equal(sandbox.requests().filter((entry) => entry.error?.message === 'AUTH_KEY_DUPLICATED').length, 0);
		assert.doesNotMatch(worker.process.output(), /Activated workflow/, 'the worker activates no trigger');
	});
});
