import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createCall, type CreateParameters } from '../../../../nodes/TelegramGroupCall/actions/groupCall/lifecycle/createCall';
import { endCall } from '../../../../nodes/TelegramGroupCall/actions/groupCall/lifecycle/endCall';
import { startScheduledCall } from '../../../../nodes/TelegramGroupCall/actions/groupCall/lifecycle/startScheduledCall';
import { parseCallReference, type CallReference } from '../../../../nodes/TelegramGroupCall/input/parseCallReference';
import { parseChatReference } from '../../../../nodes/TelegramGroupCall/input/parseChatReference';
import { isTelegramError, type TelegramChat } from '../../../../nodes/TelegramGroupCall/transport';
import { MemoryGateway } from '../support/memoryGateway';

const GROUP: TelegramChat = { kind: 'channel', id: '2006', accessHash: '8006', title: 'Quiet Room', username: 'quiet_room' };

function world(): { gateway: MemoryGateway; chat: TelegramChat } {
	const gateway = new MemoryGateway();
	const chat = gateway.world.addChat('@quiet_room', GROUP);
	return { gateway, chat };
}

function create(extra: Partial<CreateParameters> = {}): CreateParameters {
	const chat = parseChatReference('@quiet_room');
	assert.ok(chat.ok);
	return { chat: chat.reference, ifCallExists: 'returnIt', randomId: 42, ...extra };
}

function call(text: string): CallReference {
	const parsed = parseCallReference(text);
	assert.ok(parsed.ok);
	return parsed.reference;
}

async function failureCode(work: () => Promise<unknown>): Promise<string> {
	try {
		await work();
	} catch (error) {
		assert.ok(isTelegramError(error), String(error));
		return error.code;
	}
	assert.fail('expected a failure');
}

describe('Create (in-memory gateway)', () => {
	it('schedules a call with its title and date, and outputs it as Get does with created: true', async () => {
		const { gateway } = world();
		const scheduleDate = gateway.world.now + 3600;
		const json = await createCall(gateway, create({ title: 'Launch', scheduleDate }));
		assert.equal(json.created, true);
		assert.equal(json.state, 'scheduled');
		assert.equal(json.title, 'Launch');
		assert.equal(json.scheduledFor, new Date(scheduleDate * 1000).toISOString());
		assert.deepEqual(json.chat, { id: '2006', title: 'Quiet Room', username: 'quiet_room' });
		assert.equal(json.link, 'https://t.me/quiet_room?videochat');
		assert.deepEqual(gateway.requests('createGroupCall').map((request) => request.args), [['2006', '42', 'Launch', String(scheduleDate)]]);
		assert.equal(gateway.world.created.length, 1);
	});

	it('returns the call the chat already has (running or scheduled) with created: false, and never sends a create', async () => {
		for (const state of ['active', 'scheduled'] as const) {
			const { gateway, chat } = world();
			const existing = gateway.world.addCall(chat, state, 'Old');
			const json = await createCall(gateway, create({ title: 'New' }));
			assert.deepEqual([json.created, json.callId, json.state, json.title], [false, existing.callId, state, 'Old']);
			assert.equal(gateway.requests('createGroupCall').length, 0);
		}
	});

	it('fails with CALL_ALREADY_EXISTS when told to, still without sending a create; an ended call does not count', async () => {
		const { gateway, chat } = world();
		gateway.world.addCall(chat, 'active');
		assert.equal(await failureCode(() => createCall(gateway, create({ ifCallExists: 'fail' }))), 'CALL_ALREADY_EXISTS');
		assert.equal(gateway.requests('createGroupCall').length, 0);
		const other = world();
		other.gateway.world.addCall(other.chat, 'ended');
		assert.equal((await createCall(other.gateway, create({ ifCallExists: 'fail' }))).created, true);
	});

	it("passes Telegram's refusals on: no right to manage calls, a date Telegram refuses, an unknown chat", async () => {
		const { gateway } = world();
		gateway.world.addChat('@no_rights', { kind: 'channel', id: '2005', accessHash: '8005', title: 'Anonymous Room', canManageCalls: false });
		const noRights = parseChatReference('@no_rights');
		assert.ok(noRights.ok);
		assert.equal(await failureCode(() => createCall(gateway, create({ chat: noRights.reference }))), 'CHAT_ADMIN_REQUIRED');
		assert.equal(await failureCode(() => createCall(gateway, create({ scheduleDate: gateway.world.now + 5 }))), 'SCHEDULE_DATE_INVALID');
		const unknown = parseChatReference('@nobody_here');
		assert.ok(unknown.ok);
		assert.equal(await failureCode(() => createCall(gateway, create({ chat: unknown.reference }))), 'CHAT_NOT_FOUND');
		assert.equal(gateway.world.created.length, 0);
	});
});

describe('Start Scheduled (in-memory gateway)', () => {
	it('starts the scheduled call of a chat, then reports it already started without another request', async () => {
		const { gateway, chat } = world();
		const scheduled = gateway.world.addCall(chat, 'scheduled', 'Town hall');
		const first = await startScheduledCall(gateway, call('@quiet_room'));
		assert.deepEqual([first.status, first.callId, first.state, first.scheduledFor], ['started', scheduled.callId, 'active', null]);
		const again = await startScheduledCall(gateway, call('@quiet_room'));
		assert.deepEqual([again.status, again.state], ['already_started', 'active']);
		assert.equal(gateway.requests('startScheduledGroupCall').length, 1);
	});

	it('By ID: one request; a running call answers already_started, an ended one CALL_ENDED, a wrong hash GROUPCALL_INVALID', async () => {
		const { gateway, chat } = world();
		const scheduled = gateway.world.addCall(chat, 'scheduled');
		const byId = call(`${scheduled.callId}:${scheduled.accessHash}`);
		assert.equal((await startScheduledCall(gateway, byId)).status, 'started');
		assert.deepEqual(gateway.calls.map((entry) => entry.method), ['startScheduledGroupCall']);
		const again = await startScheduledCall(gateway, byId);
		assert.equal(again.status, 'already_started');
		assert.equal(again.chat, null);
		const ended = gateway.world.addCall(chat, 'ended');
		assert.equal(await failureCode(() => startScheduledCall(gateway, call(`${ended.callId}:${ended.accessHash}`))), 'CALL_ENDED');
		assert.equal(await failureCode(() => startScheduledCall(gateway, call(`${ended.callId}:1`))), 'GROUPCALL_INVALID');
	});

	it('fails with NO_CALL for a chat without a call', async () => {
		const { gateway } = world();
		assert.equal(await failureCode(() => startScheduledCall(gateway, call('@quiet_room'))), 'NO_CALL');
	});
});

describe('End (in-memory gateway)', () => {
	it('ends a running call with its duration; re-runs give already_ended (By ID) and no_call (by chat), not failures', async () => {
		const { gateway, chat } = world();
		const running = gateway.world.addCall(chat, 'active', 'Retro');
		gateway.world.now += 754;
		const ended = await endCall(gateway, call('@quiet_room'));
		assert.deepEqual([ended.status, ended.state, ended.duration, ended.callId], ['ended', 'ended', 754, running.callId]);
		const byId = await endCall(gateway, call(`${running.callId}:${running.accessHash}`));
		assert.deepEqual([byId.status, byId.state, byId.duration], ['already_ended', 'ended', 754]);
		const byChat = await endCall(gateway, call('@quiet_room'));
		assert.deepEqual([byChat.status, byChat.state, byChat.callId, byChat.duration], ['no_call', 'none', null, null]);
		assert.equal(gateway.requests('discardGroupCall').length, 2);
	});

	it('cancels a scheduled call (duration 0) and passes on an unknown call', async () => {
		const { gateway, chat } = world();
		const scheduled = gateway.world.addCall(chat, 'scheduled');
		const ended = await endCall(gateway, call(`${scheduled.callId}:${scheduled.accessHash}`));
		assert.deepEqual([ended.status, ended.duration], ['ended', 0]);
		assert.equal(await failureCode(() => endCall(gateway, call('777:1'))), 'GROUPCALL_INVALID');
	});
});

describe('a basic group upgraded to a supergroup (in-memory gateway)', () => {
	const SUPERGROUP: TelegramChat = { kind: 'channel', id: '2010', accessHash: '8010', title: 'Friends' };

	function upgraded(): MemoryGateway {
		const { gateway } = world();
		gateway.migrateGroup('2009', gateway.world.addChat('-1000000002010', SUPERGROUP));
		return gateway;
	}

	it('Create naming the old group creates the call in the supergroup, its chat marked migratedFrom', async () => {
		const gateway = upgraded();
		for (const text of ['-2009', '2009']) {
			const chat = parseChatReference(text);
			assert.ok(chat.ok);
			const json = await createCall(gateway, create({ chat: chat.reference }));
			assert.deepEqual(json.chat, { id: '2010', title: 'Friends', username: null, migratedFrom: '-2009' }, text);
		}
		// The ground truth: one call, in the supergroup (the second item found it running there).
		assert.deepEqual(gateway.world.created.map((call) => call.callId), [gateway.world.currentCall(SUPERGROUP)?.callId]);
		assert.deepEqual(gateway.followedUpgrades().map((chat) => [chat.id, chat.migratedFrom]), [['2010', '2009']]);
	});

	it('End naming the old group ends the supergroup\'s call', async () => {
		const gateway = upgraded();
		const running = gateway.world.addCall(SUPERGROUP, 'active');
		const json = await endCall(gateway, call('-2009'));
		assert.deepEqual([json.callId, json.state], [running.callId, 'ended']);
	});
});
