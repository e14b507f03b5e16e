/**
 * The trigger in n8n-core's real trigger machinery (ActiveWorkflowTriggers, TriggerContext; test/harness/
 * activateTrigger.ts) against the sandbox over TCP, driven with sandbox.drive as other people would act. Ground
 * truth: the sandbox's call change log (world.callChanges), its connections, and the process's active handles.
 * Build first (the harness loads dist/). Issue 12.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { defaultWorld, startSandbox, type Sandbox } from '../../../sandbox';
import type { WorldFile } from '../../../sandbox/world/worldFile';
import { activateTrigger, listenForTestEvent, type ActiveTrigger } from '../../harness/activateTrigger';
import { TRIGGER_EVENTS } from '../../../nodes/TelegramGroupCallTrigger/watcher/events';
import { closeCompiledPool, repoRoot } from '../TelegramGroupCall/support/sandboxRuns';

const QUIET_ROOM = '2006';
/** 60 more members of the Quiet Room, for crowds. */
const CROWD = Array.from({ length: 60 }, (_, index) => String(5000 + index));

function crowdedWorld(): WorldFile {
	const world = defaultWorld();
	world.users.push(...CROWD.map((id) => ({ id, accessHash: `7${id}`, firstName: `Guest ${id}` })));
	const quiet = world.chats.find((chat) => chat.id === QUIET_ROOM);
	assert.ok(quiet);
	quiet.members.push(...CROWD);
	return world;
}

function parameters(extra: { chats?: string[]; events?: readonly string[]; pollInterval?: number | string } = {}): INodeParameters {
	const chats = extra.chats ?? ['@quiet_room'];
	return {
		chats: 'chosenChats',
		chosenChats: { chat: chats.map((value) => ({ chat: { __rl: true, mode: 'chat', value } })) },
		events: [...(extra.events ?? TRIGGER_EVENTS)],
		options: { pollInterval: extra.pollInterval ?? 2 },
	};
}

async function withTriggerSandbox(body: (sandbox: Sandbox) => Promise<void>): Promise<void> {
	const sandbox = await startSandbox({ port: 0, world: crowdedWorld() });
	try {
		await body(sandbox);
	} finally {
		await closeCompiledPool();
		await sandbox.stop();
	}
}

async function activate(sandbox: Sandbox, options: { parameters?: INodeParameters; staticData?: IDataObject } = {}): Promise<ActiveTrigger> {
	return await activateTrigger({
		packageDir: repoRoot,
		nodeType: 'telegramGroupCallTrigger',
		parameters: options.parameters ?? parameters(),
		credentials: { telegramMtprotoApi: { ...sandbox.credentials() } },
		staticData: options.staticData,
		workflowId: 'trigger-sandbox',
	});
}

const eventsOf = (items: INodeExecutionData[]): string[] => items.map(({ json }) => `${String(json.event)} ${String((json.call as IDataObject).id)}`);
const json = (items: INodeExecutionData[], event: string): IDataObject => {
	const found = items.find((item) => item.json.event === event);
	assert.ok(found, `no ${event} item`);
	return found.json;
};

describe('the trigger in n8n-core against the sandbox', () => {
	it('reports every event once, each matching the sandbox change log', async () => {
		await withTriggerSandbox(async (sandbox) => {
			const trigger = await activate(sandbox);
			const now = Math.floor(Date.now() / 1000);
			const call = sandbox.drive.adminSchedules(QUIET_ROOM, { date: now + 3600, title: 'Office hours' });
			await trigger.items(1);
			sandbox.drive.adminStarts(QUIET_ROOM);
			await trigger.items(2);
			sandbox.drive.adminRenames(call.callId, 'Office hours, part 2');
			await trigger.items(3);
			sandbox.drive.adminRecords(call.callId, 'start');
			await trigger.items(4);
			sandbox.drive.adminRecords(call.callId, 'stop');
			await trigger.items(5);
			sandbox.drive.adminInvites(call.callId, ['1001', '1003'], { by: '1002' });
			await trigger.items(6);
			sandbox.drive.userJoins(call.callId, '1001');
			await trigger.items(7);
			sandbox.drive.userLeaves(call.callId, '1001');
			await trigger.items(8);
			const ended = sandbox.drive.adminEnds(call.callId);
			const items = await trigger.items(9);
			await trigger.deactivate();

			assert.deepEqual(eventsOf(items), [
				`callScheduled ${call.callId}`,
				`callStarted ${call.callId}`,
				`titleChanged ${call.callId}`,
				`recordingStarted ${call.callId}`,
				`recordingStopped ${call.callId}`,
				`usersInvited ${call.callId}`,
				`participantJoined ${call.callId}`,
				`participantLeft ${call.callId}`,
				`callEnded ${call.callId}`,
			]);
			const changes = sandbox.world.callChanges(call.callId);
			assert.deepEqual(
				changes.map((change) => change.kind),
				['scheduled', 'started', 'retitled', 'recording', 'recording', 'invited', 'joined', 'left', 'ended'],
			);
			for (const { json: item } of items) {
				assert.deepEqual(item.chat, { id: QUIET_ROOM, title: 'Quiet Room', username: 'quiet_room' });
				assert.equal((item.call as IDataObject).accessHash, call.accessHash);
				assert.match(String(item.at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
			}
			assert.equal((json(items, 'callScheduled').call as IDataObject).scheduledFor, new Date((now + 3600) * 1000).toISOString());
			assert.equal(json(items, 'titleChanged').previousTitle, 'Office hours');
			assert.equal((json(items, 'titleChanged').call as IDataObject).title, 'Office hours, part 2');
			assert.deepEqual(json(items, 'usersInvited').invitedUsers, [{ id: '1001' }, { id: '1003' }]);
			assert.deepEqual(json(items, 'usersInvited').inviter, { id: '1002' });
			const joined = json(items, 'participantJoined');
			assert.equal((joined.user as IDataObject).id, '1001');
			assert.equal((joined.user as IDataObject).username, 'alice');
			const left = changes.find((change) => change.kind === 'left');
			const join = changes.find((change) => change.kind === 'joined');
			assert.ok(left && join);
			assert.ok(Number(json(items, 'participantLeft').timeInCall) >= left.at - join.at);
			assert.equal(json(items, 'callEnded').duration, ended.state === 'ended' ? changes.at(-1)?.after.duration : undefined);
			assert.equal((json(items, 'callEnded').call as IDataObject).state, 'ended');
		});
	});

	it('events during a dropped connection arrive exactly once after the reconnect, a call that started and ended meanwhile included', async () => {
		await withTriggerSandbox(async (sandbox) => {
			const trigger = await activate(sandbox);
			const first = sandbox.drive.adminStarts(QUIET_ROOM);
			sandbox.drive.userJoins(first.callId, '1002');
			await trigger.items(2);
			assert.ok(sandbox.drive.dropConnections() > 0);
			sandbox.drive.adminEnds(first.callId);
			const second = sandbox.drive.adminStarts(QUIET_ROOM, { title: 'Quick one' });
			sandbox.drive.adminInvites(second.callId, ['1003']);
			sandbox.drive.adminEnds(second.callId);
			await trigger.items(7);
			// A marker after the re-read: everything before it came exactly once.
			const third = sandbox.drive.adminStarts(QUIET_ROOM);
			const items = await trigger.items(8);
			await trigger.deactivate();
			assert.deepEqual(eventsOf(items), [
				`callStarted ${first.callId}`,
				`participantJoined ${first.callId}`,
				`participantLeft ${first.callId}`,
				`callEnded ${first.callId}`,
				`callStarted ${second.callId}`,
				`usersInvited ${second.callId}`,
				`callEnded ${second.callId}`,
				`callStarted ${third.callId}`,
			]);
			assert.ok(sandbox.connectionsAccepted >= 2, 'the watch reconnected');
		});
	});

	it('a call that starts and ends between two polls still gives started and ended; 50 people joining at once give 50 events', async () => {
		await withTriggerSandbox(async (sandbox) => {
			const slow = await activate(sandbox, { parameters: parameters({ pollInterval: 3600 }) });
			const brief = sandbox.drive.adminStarts(QUIET_ROOM);
			sandbox.drive.userJoins(brief.callId, '1001');
			sandbox.drive.adminEnds(brief.callId);
			const briefItems = await slow.items(2);
			await slow.deactivate();
			assert.deepEqual(eventsOf(briefItems), [`callStarted ${brief.callId}`, `callEnded ${brief.callId}`]);

			const trigger = await activate(sandbox, { parameters: parameters({ events: ['participantJoined'] }) });
			const call = sandbox.drive.adminStarts(QUIET_ROOM);
			const fifty = CROWD.slice(0, 50);
			for (const userId of fifty) sandbox.drive.userJoins(call.callId, userId);
			const items = await trigger.items(50);
			await trigger.deactivate();
			assert.equal(items.length, 50);
			assert.deepEqual(items.map(({ json: item }) => (item.user as IDataObject).id).sort(), [...fifty].sort());
			const joinedInLog = sandbox.world.callChanges(call.callId).filter((change) => change.kind === 'joined').flatMap((change) => change.userIds ?? []);
			assert.deepEqual([...joinedInLog].sort(), [...fifty].sort());
		});
	});

	it('a restart with the saved static data replays nothing and reports once what happened while it was off', async () => {
		await withTriggerSandbox(async (sandbox) => {
			const first = await activate(sandbox);
			const call = sandbox.drive.adminStarts(QUIET_ROOM);
			sandbox.drive.userJoins(call.callId, '1001');
			await first.items(2);
			await first.deactivate();
			// While the workflow is off: Alice leaves, the call ends.
			sandbox.drive.userLeaves(call.callId, '1001');
			sandbox.drive.adminEnds(call.callId);
			const second = await activate(sandbox, { staticData: first.staticData() });
			const caughtUp = await second.items(2);
			assert.deepEqual(eventsOf(caughtUp), [`participantLeft ${call.callId}`, `callEnded ${call.callId}`]);
			await second.deactivate();
			const third = await activate(sandbox, { staticData: second.staticData() });
			const marker = sandbox.drive.adminStarts(QUIET_ROOM);
			const items = await third.items(1);
			await third.deactivate();
			assert.deepEqual(eventsOf(items), [`callStarted ${marker.callId}`], 'nothing before the marker was replayed');
		});
	});

	it('All Chats: calls running at activation are its baseline; events in any group or channel of the account come', async () => {
		await withTriggerSandbox(async (sandbox) => {
			const trigger = await activate(sandbox, { parameters: { chats: 'allChats', events: ['callStarted', 'callEnded'], options: {} } });
			assert.deepEqual(trigger.emitted, [], 'the calls already running are no events');
			sandbox.drive.adminEnds('3007');
			const started = sandbox.drive.adminStarts(QUIET_ROOM);
			const items = await trigger.items(2);
			await trigger.deactivate();
			assert.deepEqual(eventsOf(items), ['callEnded 3007', `callStarted ${started.callId}`]);
			assert.deepEqual(items[0].json.chat, { id: '2007', title: 'Ops News', username: 'ops_news' });
		});
	});

	it('reads parameters from expressions n8n-style: events as text, the interval as text, chats as a number and a link', async () => {
		await withTriggerSandbox(async (sandbox) => {
			const trigger = await activate(sandbox, {
				parameters: {
					chats: 'chosenChats',
					chosenChats: {
						chat: [
							{ chat: { __rl: true, mode: 'id', value: '={{ -1000000002006 }}' } },
							{ chat: { __rl: true, mode: 'chat', value: '={{ "https://t.me/quiet_room?videochat" }}' } },
							{ chat: { __rl: true, mode: 'chat', value: '@town_hall' } },
						],
					},
					events: '={{ "callStarted, callEnded" }}',
					options: { pollInterval: '={{ "5" }}' },
				},
			});
			const started = sandbox.drive.adminStarts(QUIET_ROOM);
			sandbox.drive.adminStarts('2002');
			sandbox.drive.adminEnds(started.callId);
			const items = await trigger.items(2);
			await trigger.deactivate();
			assert.deepEqual(eventsOf(items), [`callStarted ${started.callId}`, `callEnded ${started.callId}`], 'Quiet Room once, Team Basic not watched');
			const nodeData = trigger.staticData()['node:Telegram Group Call Trigger'] as IDataObject;
			assert.deepEqual(Object.keys((nodeData.callWatch as IDataObject).chats as IDataObject).sort(), ['channel:2003', 'channel:2006']);
		});
	});

	it('deactivation leaves no connection, timer or handler behind', async () => {
		await withTriggerSandbox(async (sandbox) => {
			const resourcesBefore = countResources();
			const trigger = await activate(sandbox);
			sandbox.drive.adminStarts(QUIET_ROOM);
			await trigger.items(1);
			assert.ok(sandbox.openConnections > 0);
			await trigger.deactivate();
			// The sandbox sees the socket close a moment after the client closed it (bounded by the test's timeout).
			while (sandbox.openConnections > 0) await new Promise((resolve) => setTimeout(resolve, 10));
			// Earlier tests' servers may still be closing, so only growth counts: nothing of the trigger is left.
			const after = countResources();
			const grown = Object.keys(after).filter((kind) => after[kind] > (resourcesBefore[kind] ?? 0));
			assert.deepEqual(grown, [], `no timer, socket or handle of the trigger is left (before ${JSON.stringify(resourcesBefore)}, after ${JSON.stringify(after)})`);
		});
	});

	it('a failed activation (a chosen chat that does not exist) leaves no connection, timer or handler, attempt after attempt', async () => {
		await withTriggerSandbox(async (sandbox) => {
			const resourcesBefore = countResources();
			// n8n retries a failed activation with backoff: no attempt may leave anything behind.
			for (let attempt = 0; attempt < 3; attempt++) {
				const failure = await activate(sandbox, { parameters: parameters({ chats: ['@quiet_room', '@no_such_chat'] }) }).then(
					() => assert.fail('the activation should fail'),
					(error: unknown) => error,
				);
				assert.ok(failure instanceof Error);
				assert.equal(failure.name, 'WorkflowActivationError');
				assert.match(failure.message, /Chats to Watch: cannot watch "@no_such_chat"/);
				// The sandbox sees the socket close a moment after the client closed it (bounded by the test's timeout).
				while (sandbox.openConnections > 0) await new Promise((resolve) => setTimeout(resolve, 10));
			}
			const after = countResources();
			const grown = Object.keys(after).filter((kind) => after[kind] > (resourcesBefore[kind] ?? 0));
			assert.deepEqual(grown, [], `no timer, socket or handle of the attempts is left (before ${JSON.stringify(resourcesBefore)}, after ${JSON.stringify(after)})`);
		});
	});

	it('a revoked session stops the trigger with the catalog\'s sentence (n8n then deactivates and retries), no secret in it', async () => {
		await withTriggerSandbox(async (sandbox) => {
			const trigger = await activate(sandbox);
			sandbox.revokeSession('SESSION_REVOKED');
			sandbox.drive.dropConnections();
			while (trigger.errors.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
			const [error] = trigger.errors;
			assert.equal(error.name, 'NodeOperationError');
			assert.match(error.message, /\[SESSION_REVOKED\]$/);
			assert.match(error.message, /tg-group-call login/);
			const { apiHash, session } = sandbox.credentials();
			assert.ok(!error.message.includes(apiHash) && !error.message.includes(session));
			await trigger.deactivate();
			while (sandbox.openConnections > 0) await new Promise((resolve) => setTimeout(resolve, 10));
		});
	});

	it('"Listen for test event": the first event fills the panel', async () => {
		await withTriggerSandbox(async (sandbox) => {
			const call = sandbox.drive.adminStarts(QUIET_ROOM);
			let renames = 0;
			let done = false;
			const run = await listenForTestEvent(
				{ packageDir: repoRoot, nodeType: 'telegramGroupCallTrigger', parameters: parameters({ events: ['titleChanged'] }), credentials: { telegramMtprotoApi: { ...sandbox.credentials() } } },
				async () => {
					// There is no hook for "listening now": rename until the trigger reports one (earlier ones are its baseline).
					void (async () => {
						while (!done) {
							sandbox.drive.adminRenames(call.callId, `Take ${++renames}`);
							await new Promise((resolve) => setTimeout(resolve, 100));
						}
					})();
				},
			);
			done = true;
			const output = run.data.resultData.runData['Telegram Group Call Trigger']?.[0]?.data?.main?.[0] ?? [];
			assert.equal(output.length, 1);
			assert.equal(output[0].json.event, 'titleChanged');
			assert.match(String((output[0].json.call as IDataObject).title), /^Take \d+$/);
		});
	});
});

/** The process's active handles and timers by kind; file system requests in flight (module loading) aside. */
function countResources(): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const kind of process.getActiveResourcesInfo()) if (!kind.startsWith('FSReq')) counts[kind] = (counts[kind] ?? 0) + 1;
	return counts;
}
