// The Telegram Group Call Trigger in a running n8n (regular mode): a workflow activated through the REST API, as the
// editor's toggle does, starts an execution per event that other people cause in the sandbox; after the sandbox goes
// down and comes back on the same port with the same world, what happened meanwhile is emitted once and later events
// still start executions. Ground truth: the sandbox's call change log (world.callChanges()).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../sandbox';
import { sandboxCredential } from './fixtures/inviteWorkflows';
import { triggerWorkflow, TRIGGER_NODES } from './fixtures/triggerWorkflows';
import { activateWorkflow } from './support/n8nActivation';
import { lastExecutionId } from './support/n8nExecutions';
import { createN8nUserFolder, importCredentials, importWorkflow, ownerSetup, startN8n, type N8nMain, type N8nRestClient, type N8nUserFolder } from './support/n8nProcess';
import { eventKeys, waitForTriggerItems, type ItemOfExecution } from './support/triggerItems';
import { waitUntil } from './support/waitFor';

const WORKFLOW = triggerWorkflow('e2eTriggerRegul1', {
	chats: ['@quiet_room'],
	events: ['callStarted', 'callEnded', 'participantJoined', 'participantLeft'],
	pollInterval: 2,
});
/** Quiet Room (2006): no call in the built-in world; members 1001 (the admin the driver acts as), 1002, 1003. */
const CHAT_ID = '2006';
const WAIT_MS = 60_000;

describe('the trigger in a running n8n (regular mode)', () => {
	let sandbox: Sandbox;
	let folder: N8nUserFolder;
	let n8n: N8nMain;
	let client: N8nRestClient;

	before(async () => {
		sandbox = await startSandbox({ port: 0 });
		folder = createN8nUserFolder({ withPackage: true });
		await importCredentials(folder, [sandboxCredential(sandbox.credentials())]);
		await importWorkflow(folder, WORKFLOW);
		n8n = await startN8n(folder, { env: { TG_E2E_ROLE: 'main' } });
		client = await ownerSetup(n8n.url);
		await activateWorkflow(client, WORKFLOW.id);
	});

	after(async () => {
		await n8n?.stop();
		await sandbox?.stop();
		folder?.remove();
	});

	function itemsOf(items: readonly ItemOfExecution[], callId: string, event: string) {
		return items.filter(({ item }) => item.call?.id === callId && item.event === event);
	}

	it('starts an execution for a call started, a person joining, leaving, and the call ended, with the items the sandbox predicts', async () => {
		const mark = await lastExecutionId(client, WORKFLOW.id);
		const started = sandbox.drive.adminStarts(CHAT_ID, { title: 'E2E sync' });
		await waitForTriggerItems(client, WORKFLOW.id, {
			nodeName: TRIGGER_NODES.marker,
			afterId: mark,
			until: (items) => itemsOf(items, started.callId, 'callStarted').length > 0,
			what: `callStarted for call ${started.callId}`,
			timeoutMs: WAIT_MS,
		});
		sandbox.drive.userJoins(started.callId, '1002');
		await waitForTriggerItems(client, WORKFLOW.id, {
			nodeName: TRIGGER_NODES.marker,
			afterId: mark,
			until: (items) => itemsOf(items, started.callId, 'participantJoined').length > 0,
			what: `participantJoined 1002 in call ${started.callId} (found by polling)`,
			timeoutMs: WAIT_MS,
		});
		sandbox.drive.userLeaves(started.callId, '1002');
		await waitForTriggerItems(client, WORKFLOW.id, {
			nodeName: TRIGGER_NODES.marker,
			afterId: mark,
			until: (items) => itemsOf(items, started.callId, 'participantLeft').length > 0,
			what: `participantLeft 1002 in call ${started.callId}`,
			timeoutMs: WAIT_MS,
		});
		const ended = sandbox.drive.adminEnds(started.callId);
		const items = await waitForTriggerItems(client, WORKFLOW.id, {
			nodeName: TRIGGER_NODES.marker,
			afterId: mark,
			until: (found) => itemsOf(found, started.callId, 'callEnded').length > 0,
			what: `callEnded for call ${started.callId}`,
			timeoutMs: WAIT_MS,
		});

		// Each happening once, nothing else about this call.
		assert.deepEqual(eventKeys(items, started.callId), ['callEnded', 'callStarted', 'participantJoined 1002', 'participantLeft 1002']);
		for (const { mode, status, item } of items) {
			assert.deepEqual({ mode, status, ranOn: item.ranOn }, { mode: 'trigger', status: 'success', ranOn: 'main' });
			assert.equal(item.chat.username, 'quiet_room');
			assert.equal(item.call.accessHash, started.accessHash, 'the call part plugs into the action node By ID: id and access hash');
			assert.ok(!Number.isNaN(Date.parse(item.at)) && item.at.endsWith('Z'), `at is ISO 8601 UTC: ${item.at}`);
		}

		// The sandbox's record of the same happenings.
		const changes = sandbox.world.callChanges(started.callId);
		assert.deepEqual(
			changes.map((change) => [change.kind, change.userIds ?? []]),
			[
				['created', []],
				['joined', ['1002']],
				['left', ['1002']],
				['ended', []],
			],
		);
		const [endedItem] = itemsOf(items, started.callId, 'callEnded');
		assert.equal(endedItem?.item.duration, changes.at(-1)?.after.duration, "callEnded's duration is the sandbox's");
		assert.equal(ended.state, 'ended');
		const [startedItem] = itemsOf(items, started.callId, 'callStarted');
		assert.equal(startedItem?.item.call.title, 'E2E sync');
	});

	it('keeps working after the sandbox restarts on the same port: a call ended meanwhile fires callEnded once, later starts fire again', async () => {
		const mark = await lastExecutionId(client, WORKFLOW.id);
		const first = sandbox.drive.adminStarts(CHAT_ID);
		await waitForTriggerItems(client, WORKFLOW.id, {
			nodeName: TRIGGER_NODES.marker,
			afterId: mark,
			until: (items) => itemsOf(items, first.callId, 'callStarted').length > 0,
			what: `callStarted for call ${first.callId}`,
			timeoutMs: WAIT_MS,
		});
		const accepted = sandbox.connectionsAccepted;

		// An outage: the port closes, every connection drops; the call ends while nobody can be told.
		await sandbox.stopListening();
		sandbox.drive.adminEnds(first.callId);
		await sandbox.startListening();
		await waitUntil(() => sandbox.connectionsAccepted > accepted, () => `${sandbox.connectionsAccepted - accepted} new connections`, {
			what: 'the trigger to reconnect to the restarted sandbox',
			timeoutMs: WAIT_MS,
		});
		await waitForTriggerItems(client, WORKFLOW.id, {
			nodeName: TRIGGER_NODES.marker,
			afterId: mark,
			until: (items) => itemsOf(items, first.callId, 'callEnded').length > 0,
			what: `callEnded for call ${first.callId}, which ended while the sandbox was down`,
			timeoutMs: WAIT_MS,
		});

		const second = sandbox.drive.adminStarts(CHAT_ID);
		const items = await waitForTriggerItems(client, WORKFLOW.id, {
			nodeName: TRIGGER_NODES.marker,
			afterId: mark,
			until: (found) => itemsOf(found, second.callId, 'callStarted').length > 0,
			what: `callStarted for call ${second.callId}, started after the restart`,
			timeoutMs: WAIT_MS,
		});
		assert.deepEqual(eventKeys(items, first.callId), ['callEnded', 'callStarted'], 'the call that ended during the outage: started once, ended once');
		assert.deepEqual(eventKeys(items, second.callId), ['callStarted']);
		assert.equal(sandbox.openConnections, 1, 'one connection of the trigger, none left over from before the outage');
		sandbox.drive.adminEnds(second.callId);
	});
});
