/**
 * Create, Start Scheduled and End in n8n's real engine against the sandbox over TCP (build first). The ground
 * truth is the sandbox's world: the chat's call, the change log (who changed the call, when, and how it looked
 * after), the service messages in the chat, and the request log. Issue 10.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INodeExecutionData, INodeParameters, OnError } from 'n8n-workflow';

import { defaultWorld, type Sandbox } from '../../../sandbox';
import { runNodeInEngine, type EngineRun } from '../../harness';
import { pairedIndex, repoRoot, withSandbox } from './support/sandboxRuns';

const QUIET_ROOM = '2006';
const ACCOUNT = '1000';

/** Runs one operation; every parameter is an expression reading the item's json field of the same name. */
async function runOperation(
	sandbox: Sandbox,
	operation: 'create' | 'startScheduled' | 'end',
	items: IDataObject[],
	extra: { onError?: OnError; options?: IDataObject } = {},
): Promise<EngineRun> {
	const parameters: INodeParameters =
		operation === 'create'
			? {
					resource: 'groupCall',
					operation,
					chat: { __rl: true, mode: 'username', value: '={{ $json.chat }}' },
					title: '={{ $json.title }}',
					start: '={{ $json.start }}',
					startAt: '={{ $json.startAt }}',
					options: (extra.options ?? {}) as INodeParameters,
				}
			: { resource: 'groupCall', operation, call: { __rl: true, mode: 'chat', value: '={{ $json.call }}' } };
	return await runNodeInEngine({
		packageDir: repoRoot,
		nodeType: 'telegramGroupCall',
		parameters,
		credentials: { telegramMtprotoApi: { ...sandbox.credentials() } },
		inputItems: items.map((json) => ({ json })),
		onError: extra.onError,
	});
}

function only(run: EngineRun): IDataObject {
	assert.equal(run.status, 'success', JSON.stringify(run.error));
	assert.equal(run.outputs[0]?.length, 1, JSON.stringify(run.outputs));
	return run.outputs[0][0].json;
}

function changeKinds(sandbox: Sandbox, callId: string): string[] {
	return sandbox.world.callChanges(callId).map((change) => `${change.kind} by ${change.by}`);
}

function actionsOf(sandbox: Sandbox, chatId: string): IDataObject[] {
	return sandbox.world.messages(chatId).map((message) => ({ ...message.action }));
}

describe('Create → Start Scheduled → End over TCP', () => {
	it('schedules a call at that date with that title, starts it, ends it, and a re-run of End is harmless', async () => {
		await withSandbox(undefined, async (sandbox) => {
			const startAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2 * 3600_000).toISOString();
			const created = only(await runOperation(sandbox, 'create', [{ chat: '@quiet_room', title: 'Launch  party', start: 'scheduled', startAt }]));
			assert.equal(created.created, true);
			assert.equal(created.state, 'scheduled');
			assert.equal(created.title, 'Launch party');
			assert.equal(created.scheduledFor, startAt);
			const callId = String(created.callId);
			// The world: that call, scheduled at that date with that title, made by the account.
			const call = sandbox.world.callOfChat(QUIET_ROOM);
			assert.deepEqual([call?.id, call?.state, call?.call.title, call?.call.scheduleDate], [callId, 'scheduled', 'Launch party', Date.parse(startAt) / 1000]);
			assert.deepEqual(changeKinds(sandbox, callId), [`scheduled by ${ACCOUNT}`]);
			assert.deepEqual(actionsOf(sandbox, QUIET_ROOM).at(-1), { kind: 'groupCallScheduled', callId, scheduleDate: Date.parse(startAt) / 1000 });

			const started = only(await runOperation(sandbox, 'startScheduled', [{ call: '@quiet_room' }]));
			assert.deepEqual([started.status, started.state, started.callId, started.scheduledFor], ['started', 'active', callId, null]);
			assert.equal(sandbox.world.call(callId)?.state, 'active');
			assert.deepEqual(actionsOf(sandbox, QUIET_ROOM).at(-1), { kind: 'groupCall', callId });
			const again = only(await runOperation(sandbox, 'startScheduled', [{ call: `${callId}:${String(created.accessHash)}` }]));
			assert.equal(again.status, 'already_started');

			const ended = only(await runOperation(sandbox, 'end', [{ call: '@quiet_room' }]));
			assert.deepEqual([ended.status, ended.state, ended.callId], ['ended', 'ended', callId]);
			const duration = sandbox.world.call(callId)?.duration;
			assert.equal(ended.duration, duration);
			assert.deepEqual(actionsOf(sandbox, QUIET_ROOM).at(-1), { kind: 'groupCall', callId, duration });

			const byId = only(await runOperation(sandbox, 'end', [{ call: `${callId}:${String(created.accessHash)}` }]));
			assert.deepEqual([byId.status, byId.state, byId.duration], ['already_ended', 'ended', duration]);
			const byChat = only(await runOperation(sandbox, 'end', [{ call: '@quiet_room' }]));
			assert.deepEqual([byChat.status, byChat.state, byChat.callId], ['no_call', 'none', null]);

			// Three changes, each raising the version; the re-runs changed nothing.
			assert.deepEqual(changeKinds(sandbox, callId), [`scheduled by ${ACCOUNT}`, `started by ${ACCOUNT}`, `ended by ${ACCOUNT}`]);
			const versions = sandbox.world.callChanges(callId).map((change) => change.after.version);
			assert.deepEqual([...versions].sort((a, b) => a - b), versions);
			assert.equal(new Set(versions).size, 3);
			assert.equal(sandbox.requests('phone.discardGroupCall').length, 2);
			assert.equal(sandbox.requests('phone.startScheduledGroupCall').length, 2);
		});
	});

	it('reads the date from an expression as a Luxon DateTime, as Unix seconds (number and text)', async () => {
		const world = defaultWorld();
		for (const id of ['2101', '2102']) {
			world.chats.push({ id, accessHash: `8${id}`, kind: 'supergroup', title: `Room ${id}`, username: `room_${id}`, members: [ACCOUNT], canManageCall: true });
		}
		await withSandbox(world, async (sandbox) => {
			const seconds = Math.floor(Date.now() / 1000) + 3 * 86_400;
			for (const [chat, startAt] of [
				['@quiet_room', seconds],
				['@room_2101', '={{ $now.plus({ days: 3 }) }}'],
				['@room_2102', String(seconds)],
			] as const) {
				const run = await runNodeInEngine({
					packageDir: repoRoot,
					nodeType: 'telegramGroupCall',
					parameters: {
						resource: 'groupCall',
						operation: 'create',
						chat: { __rl: true, mode: 'username', value: chat },
						start: 'scheduled',
						startAt,
						options: { ifCallExists: 'fail' },
					},
					credentials: { telegramMtprotoApi: { ...sandbox.credentials() } },
				});
				const json = only(run);
				const scheduled = sandbox.world.call(String(json.callId))?.call.scheduleDate ?? 0;
				assert.ok(Math.abs(scheduled - seconds) <= 5, `${chat}: ${scheduled} vs ${seconds}`);
			}
		});
	});
});

describe('Create is idempotent per item', () => {
	it('creates one call when the answer is lost and GramJS resends the request (same random_id)', async () => {
		await withSandbox(undefined, async (sandbox) => {
			sandbox.addFault({ method: 'phone.createGroupCall', call: 1, action: 'drop', when: 'after' });
			const json = only(await runOperation(sandbox, 'create', [{ chat: '@quiet_room', title: 'Once', start: 'now' }]));
			assert.equal(json.created, true);
			const requests = sandbox.requests('phone.createGroupCall');
			assert.deepEqual(requests.map((entry) => entry.outcome), ['dropped', 'answered']);
			const randomIds = requests.map((entry) => (entry.params as { randomId: unknown }).randomId);
			assert.equal(randomIds[0], randomIds[1], 'the resend carries the same random_id');
			const creations = sandbox.world.callChanges().filter((change) => change.chatId === QUIET_ROOM);
			assert.deepEqual(creations.map((change) => [change.callId, change.kind]), [[String(json.callId), 'created']]);
			assert.equal(actionsOf(sandbox, QUIET_ROOM).filter((action) => action.kind === 'groupCall').length, 1);
		});
	});

	it('returns the running call of the chat instead of replacing it (created: false), or fails when told to', async () => {
		await withSandbox(undefined, async (sandbox) => {
			const kept = only(await runOperation(sandbox, 'create', [{ chat: '@demo_group', title: 'New', start: 'now' }]));
			assert.deepEqual([kept.created, kept.callId, kept.title, kept.state], [false, '3001', 'Weekly sync', 'active']);
			const failed = await runOperation(sandbox, 'create', [{ chat: '@demo_group', start: 'now' }], {
				onError: 'continueRegularOutput',
				options: { ifCallExists: 'fail' },
			});
			assert.equal((failed.outputs[0][0].json.details as IDataObject).code, 'CALL_ALREADY_EXISTS');
			assert.equal(sandbox.requests('phone.createGroupCall').length, 0);
			assert.equal(sandbox.world.call('3001')?.state, 'active');
			assert.deepEqual(sandbox.world.callChanges(), []);
		});
	});
});

describe('Retries', () => {
	it('waits out a FLOOD_WAIT answered to phone.discardGroupCall, sends it again, and ends the call exactly once', async () => {
		await withSandbox(undefined, async (sandbox) => {
			sandbox.addFault({ method: 'phone.discardGroupCall', call: 1, action: 'floodWait', seconds: 1 });
			const ended = only(await runOperation(sandbox, 'end', [{ call: '@demo_group' }]));
			assert.deepEqual([ended.status, ended.state, ended.callId], ['ended', 'ended', '3001']);
			// The request log: refused once with FLOOD_WAIT_1 (nothing applied), then answered and applied.
			const discards = sandbox.requests('phone.discardGroupCall');
			assert.deepEqual(
				discards.map((entry) => [entry.outcome, entry.error?.message ?? null, entry.applied]),
				[
					['error', 'FLOOD_WAIT_1', false],
					['answered', null, true],
				],
			);
			// The world: the call ended, once, by the account; its duration is what the item says.
			assert.equal(sandbox.world.call('3001')?.state, 'ended');
			assert.deepEqual(changeKinds(sandbox, '3001'), [`ended by ${ACCOUNT}`]);
			assert.equal(ended.duration, sandbox.world.call('3001')?.duration);
		});
	});
});

describe('bad input and refusals, one error item per input item', () => {
	it('refuses bad fields before sending anything, and passes on Telegram\'s refusals, each paired to its item', async () => {
		const world = defaultWorld();
		// A chat without a call where the account may not manage calls.
		world.chats.push({ id: '2100', accessHash: '8100', kind: 'supergroup', title: 'No Rights', username: 'no_rights', members: [ACCOUNT, '1001'], canManageCall: false });
		await withSandbox(world, async (sandbox) => {
			const soon = new Date(Date.now() + 3600_000).toISOString();
			const run = await runOperation(
				sandbox,
				'create',
				[
					{ chat: '@quiet_room', title: 'x'.repeat(65), start: 'now' },
					{ chat: '@quiet_room', start: 'scheduled', startAt: new Date(Date.now() + 9 * 86_400_000).toISOString() },
					{ chat: '@quiet_room', start: 'scheduled', startAt: 'next friday' },
					{ chat: '@quiet_room', start: 'scheduled', startAt: '' },
					{ chat: '3001:9001', start: 'now' },
					{ chat: '@nobody_has_this', start: 'now' },
					{ chat: '@no_rights', start: 'scheduled', startAt: soon },
					{ chat: '@quiet_room', title: 'Fine', start: 'scheduled', startAt: soon },
				],
				{ onError: 'continueRegularOutput' },
			);
			assert.equal(run.status, 'success', JSON.stringify(run.error));
			const items = run.outputs[0] as INodeExecutionData[];
			assert.deepEqual(items.map(pairedIndex), [0, 1, 2, 3, 4, 5, 6, 7]);
			const summary = items.map((item) => (item.json.error === undefined ? `created:${String(item.json.state)}` : String((item.json.details as IDataObject).code)));
			assert.deepEqual(summary, [
				'INVALID_PARAMETER',
				'INVALID_PARAMETER',
				'INVALID_PARAMETER',
				'INVALID_PARAMETER',
				'INVALID_PARAMETER',
				'USERNAME_NOT_OCCUPIED',
				'CHAT_ADMIN_REQUIRED',
				'created:scheduled',
			]);
			const messages = items.slice(0, 5).map((item) => String(item.json.error));
			assert.match(messages[0], /^"Title" can have at most 64 characters \(Telegram's limit\), but it has 65/u);
			assert.match(messages[1], /^"Start At" \(.+\) is more than 8 days ahead/u);
			assert.match(messages[2], /^"Start At" must be an ISO 8601 date and time/u);
			assert.match(messages[3], /^"Start At" is empty/u);
			assert.match(messages[4], /^The "Chat" parameter is not usable: this names a call/u);
			assert.match(String(items[6].json.error), /admin rights/u);
			// Only the last two reached phone.createGroupCall; only the last created a call.
			const sent = sandbox.requests('phone.createGroupCall').map((entry) => (entry.params as { peer: { channelId: string } }).peer.channelId);
			assert.deepEqual(sent, ['2100', QUIET_ROOM]);
			assert.deepEqual(sandbox.world.callChanges().map((change) => [change.chatId, change.kind]), [[QUIET_ROOM, 'scheduled']]);
		});
	});

	it('End and Start Scheduled: a call By ID that has ended, no admin right, stop-workflow naming the item', async () => {
		await withSandbox(undefined, async (sandbox) => {
			const ended = only(await runOperation(sandbox, 'end', [{ call: '3004:9004' }]));
			assert.deepEqual([ended.status, ended.state, ended.chat], ['already_ended', 'ended', null]);
			const start = await runOperation(sandbox, 'startScheduled', [{ call: '3004:9004' }, { call: '@town_hall' }], { onError: 'continueRegularOutput' });
			assert.deepEqual(
				start.outputs[0].map((item) => item.json.status ?? (item.json.details as IDataObject).code),
				['CALL_ENDED', 'started'],
			);
			assert.equal(sandbox.world.call('3003')?.state, 'active');
			const stopped = await runOperation(sandbox, 'end', [{ call: '@demo_group' }, { call: '@anonymous_room' }]);
			assert.equal(stopped.status, 'error');
			assert.match(stopped.error?.message ?? '', /admin rights/u);
			assert.equal((stopped.error as { context?: { itemIndex?: number } } | undefined)?.context?.itemIndex, 1);
			assert.equal(sandbox.world.call('3001')?.state, 'ended', 'the first item was ended before the second failed');
			assert.equal(sandbox.world.call('3005')?.state, 'active');
		});
	});
});
