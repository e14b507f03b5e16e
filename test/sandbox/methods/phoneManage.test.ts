import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Api } from 'telegram';

import { createMethodTable } from '../../../sandbox/methods';
import { defaultWorld } from '../../../sandbox/world/defaultWorld';
import { MethodHarness, TEST_NOW } from './support/methodHarness';
import { DEMO_CALL, demoUser, inputCall, inputChannel, inputPeerChannel, inputPeerChat, invite } from './support/tl';
import { serviceMessageOf } from './support/updates';

const QUIET_ROOM = inputPeerChannel('2006', '8006');

function groupCallsIn(updates: Api.TypeUpdates): Api.TypeGroupCall[] {
	assert.ok(updates instanceof Api.Updates);
	return updates.updates.filter((update) => update instanceof Api.UpdateGroupCall).map((update) => (update as Api.UpdateGroupCall).call);
}

const create = (peer: Api.TypeInputPeer, randomId: number, extra: { title?: string; scheduleDate?: number } = {}): Api.phone.CreateGroupCall =>
	new Api.phone.CreateGroupCall({ peer, randomId, ...extra });

describe('phone.createGroupCall', () => {
	it('starts a call: updateGroupCall plus the "video chat started" message, pushed to the sessions', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(create(QUIET_ROOM, 77, { title: 'Drop-in' }));
		const [call] = groupCallsIn(answer);
		assert.ok(call instanceof Api.GroupCall);
		assert.equal(call.title, 'Drop-in');
		const { message } = serviceMessageOf(answer);
		assert.ok(message.action instanceof Api.MessageActionGroupCall);
		assert.equal(message.action.call.id.toString(), call.id.toString());
		assert.equal(sandbox.appliedCount, 1);
		assert.equal(sandbox.pushed.length, 1);
		assert.equal(groupCallsIn(sandbox.pushed[0] as Api.TypeUpdates)[0]?.id.toString(), call.id.toString());
		const full = await sandbox.invoke(new Api.channels.GetFullChannel({ channel: inputChannel('2006', '8006') }));
		assert.equal(full.fullChat.call?.id.toString(), call.id.toString());
	});

	it('returns the same call for a resent request (same random_id) without applying it again', async () => {
		const sandbox = new MethodHarness();
		const first = groupCallsIn(await sandbox.invoke(create(QUIET_ROOM, 5)))[0];
		const again = groupCallsIn(await sandbox.invoke(create(QUIET_ROOM, 5)))[0];
		assert.equal(again?.id.toString(), first?.id.toString());
		assert.equal(sandbox.appliedCount, 1);
		assert.equal(sandbox.pushed.length, 1);
	});

	it('schedules a call with a date ahead, and refuses a date in the past with 400 SCHEDULE_DATE_INVALID', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(create(QUIET_ROOM, 1, { scheduleDate: TEST_NOW + 3600 }));
		const [call] = groupCallsIn(answer);
		assert.ok(call instanceof Api.GroupCall);
		assert.equal(call.scheduleDate, TEST_NOW + 3600);
		assert.ok(serviceMessageOf(answer).message.action instanceof Api.MessageActionGroupCallScheduled);
		await sandbox.expectError(create(QUIET_ROOM, 2, { scheduleDate: TEST_NOW - 60 }), 400, 'SCHEDULE_DATE_INVALID');
	});

	it('ends the running call of the chat first', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(create(inputPeerChannel('2001', '8001'), 9));
		const [ended, started] = groupCallsIn(answer);
		assert.ok(ended instanceof Api.GroupCallDiscarded);
		assert.equal(ended.id.toString(), '3001');
		assert.ok(started instanceof Api.GroupCall);
		await sandbox.expectError(invite(DEMO_CALL, [demoUser('1001')]), 403, 'GROUPCALL_FORBIDDEN');
	});

	it('starts a call in a basic group (updateNewMessage)', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(create(inputPeerChat('2002'), 3));
		assert.ok(serviceMessageOf(answer).update instanceof Api.UpdateNewMessage);
	});

	it('answers 400 CHAT_ADMIN_REQUIRED without call rights and 400 PEER_ID_INVALID for a user peer', async () => {
		const sandbox = new MethodHarness();
		await sandbox.expectError(create(inputPeerChannel('2005', '8005'), 1), 400, 'CHAT_ADMIN_REQUIRED');
		await sandbox.expectError(create(new Api.InputPeerSelf(), 1), 400, 'PEER_ID_INVALID');
		assert.equal(sandbox.appliedCount, 0);
	});
});

describe('phone.discardGroupCall', () => {
	it('ends the call, tells the sessions who left, and refuses a second discard', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(new Api.phone.DiscardGroupCall({ call: DEMO_CALL }));
		assert.ok(groupCallsIn(answer)[0] instanceof Api.GroupCallDiscarded);
		const { message } = serviceMessageOf(answer);
		assert.ok(message.action instanceof Api.MessageActionGroupCall);
		assert.equal(typeof message.action.duration, 'number');
		const pushed = sandbox.pushed[0];
		assert.ok(pushed instanceof Api.Updates);
		const left = pushed.updates.find((update) => update instanceof Api.UpdateGroupCallParticipants);
		assert.ok(left instanceof Api.UpdateGroupCallParticipants);
		assert.deepEqual(
			left.participants.map((participant) => [(participant.peer as Api.PeerUser).userId.toString(), participant.left]),
			[
				['1000', true],
				['1007', true],
			],
		);
		const call = sandbox.world.toJSON().chats[0]?.call;
		assert.equal(call?.state, 'ended');
		assert.deepEqual(call?.participants, []);
		await sandbox.expectError(new Api.phone.DiscardGroupCall({ call: DEMO_CALL }), 400, 'GROUPCALL_ALREADY_DISCARDED');
	});

	it('answers 400 CHAT_ADMIN_REQUIRED without call rights', async () => {
		const sandbox = new MethodHarness();
		await sandbox.expectError(new Api.phone.DiscardGroupCall({ call: inputCall('3005', '9005') }), 400, 'CHAT_ADMIN_REQUIRED');
	});
});

describe('phone.editGroupCallTitle, toggleGroupCallRecord, startScheduledGroupCall', () => {
	it('renames the call, raising its version, and pushes updateGroupCall', async () => {
		const sandbox = new MethodHarness();
		const before = await sandbox.invoke(new Api.phone.GetGroupCall({ call: DEMO_CALL, limit: 0 }));
		await sandbox.invoke(new Api.phone.EditGroupCallTitle({ call: DEMO_CALL, title: 'Renamed' }));
		const after = await sandbox.invoke(new Api.phone.GetGroupCall({ call: DEMO_CALL, limit: 0 }));
		assert.ok(before.call instanceof Api.GroupCall && after.call instanceof Api.GroupCall);
		assert.equal(after.call.title, 'Renamed');
		assert.ok(after.call.version > before.call.version);
		assert.equal(sandbox.pushed.length, 1);
		await sandbox.expectError(new Api.phone.EditGroupCallTitle({ call: inputCall('3005', '9005'), title: 'x' }), 400, 'CHAT_ADMIN_REQUIRED');
	});

	it('starts and stops recording, keeping title, video and orientation in the world', async () => {
		const sandbox = new MethodHarness();
		const record = new Api.phone.ToggleGroupCallRecord({ call: DEMO_CALL, start: true, video: true, videoPortrait: true, title: ' Sync notes ' });
		const started = groupCallsIn(await sandbox.invoke(record))[0];
		assert.ok(started instanceof Api.GroupCall);
		assert.equal(started.recordStartDate, TEST_NOW);
		assert.equal(started.recordVideoActive, true);
		assert.deepEqual(sandbox.world.toJSON().chats[0]?.call?.recording, { startDate: TEST_NOW, title: 'Sync notes', video: true, videoPortrait: true });
		const stopped = groupCallsIn(await sandbox.invoke(new Api.phone.ToggleGroupCallRecord({ call: DEMO_CALL })))[0];
		assert.ok(stopped instanceof Api.GroupCall);
		assert.equal(stopped.recordStartDate, null);
		assert.equal(stopped.recordVideoActive, false);
		assert.equal(sandbox.world.toJSON().chats[0]?.call?.recording, undefined);
	});

	it('answers 400 GROUPCALL_NOT_MODIFIED to a second start and to a stop while not recording, 403 GROUPCALL_FORBIDDEN when not active', async () => {
		const sandbox = new MethodHarness();
		await sandbox.expectError(new Api.phone.ToggleGroupCallRecord({ call: DEMO_CALL }), 400, 'GROUPCALL_NOT_MODIFIED');
		await sandbox.invoke(new Api.phone.ToggleGroupCallRecord({ call: DEMO_CALL, start: true }));
		await sandbox.expectError(new Api.phone.ToggleGroupCallRecord({ call: DEMO_CALL, start: true, title: 'Other' }), 400, 'GROUPCALL_NOT_MODIFIED');
		assert.deepEqual(sandbox.world.toJSON().chats[0]?.call?.recording, { startDate: TEST_NOW, video: false });
		await sandbox.expectError(new Api.phone.ToggleGroupCallRecord({ call: inputCall('3003', '9003'), start: true }), 403, 'GROUPCALL_FORBIDDEN');
		assert.equal(sandbox.appliedCount, 1);
	});

	it('starts a scheduled call, after which invites work; a started call answers 403 GROUPCALL_ALREADY_STARTED', async () => {
		const sandbox = new MethodHarness();
		const townHall = inputCall('3003', '9003');
		const answer = await sandbox.invoke(new Api.phone.StartScheduledGroupCall({ call: townHall }));
		const [call] = groupCallsIn(answer);
		assert.ok(call instanceof Api.GroupCall);
		assert.equal(call.scheduleDate, null);
		const invited = await sandbox.invoke(invite(townHall, [demoUser('1001')]));
		assert.ok(serviceMessageOf(invited).message.action instanceof Api.MessageActionInviteToGroupCall);
		await sandbox.expectError(new Api.phone.StartScheduledGroupCall({ call: townHall }), 403, 'GROUPCALL_ALREADY_STARTED');
		assert.equal(sandbox.world.toJSON().chats[2]?.call?.scheduleDate, undefined);
	});
});

describe('phone.toggleGroupCallSettings', () => {
	const settings = (call: Api.InputGroupCall, extra: { joinMuted?: boolean; resetInviteHash?: boolean }): Api.phone.ToggleGroupCallSettings =>
		new Api.phone.ToggleGroupCallSettings({ call, ...extra });

	it('sets join_muted, shown in groupCall and the world, and answers 400 GROUPCALL_NOT_MODIFIED when it already is', async () => {
		const sandbox = new MethodHarness();
		const [call] = groupCallsIn(await sandbox.invoke(settings(DEMO_CALL, { joinMuted: true })));
		assert.ok(call instanceof Api.GroupCall);
		assert.equal(call.joinMuted, true);
		assert.equal(call.canChangeJoinMuted, true);
		assert.equal(sandbox.world.toJSON().chats[0]?.call?.joinMuted, true);
		await sandbox.expectError(settings(DEMO_CALL, { joinMuted: true }), 400, 'GROUPCALL_NOT_MODIFIED');
		await sandbox.expectError(settings(DEMO_CALL, {}), 400, 'GROUPCALL_NOT_MODIFIED');
		const [unmuted] = groupCallsIn(await sandbox.invoke(settings(DEMO_CALL, { joinMuted: false })));
		assert.ok(unmuted instanceof Api.GroupCall);
		assert.equal(unmuted.joinMuted, false);
		assert.equal(sandbox.appliedCount, 2);
	});

	it('resets the speaker-link hash: links exported before and after differ, listener links stay', async () => {
		const sandbox = new MethodHarness();
		const speakerLink = async (): Promise<string> =>
			(await sandbox.invoke(new Api.phone.ExportGroupCallInvite({ call: DEMO_CALL, canSelfUnmute: true }))).link;
		const before = await speakerLink();
		await sandbox.invoke(settings(DEMO_CALL, { resetInviteHash: true }));
		const after = await speakerLink();
		assert.notEqual(after, before);
		assert.equal(after, `https://t.me/demo_group?videochat=${sandbox.world.toJSON().chats[0]?.call?.inviteHash}`);
		await sandbox.invoke(settings(DEMO_CALL, { resetInviteHash: true, joinMuted: false }));
		assert.notEqual(await speakerLink(), after, 'a reset always changes the hash, even with join_muted unchanged');
		assert.equal((await sandbox.invoke(new Api.phone.ExportGroupCallInvite({ call: DEMO_CALL }))).link, 'https://t.me/demo_group?videochat');
	});

	it('answers 403 GROUPCALL_CHANGE_FORBIDDEN where can_change_join_muted is false, 400 CHAT_ADMIN_REQUIRED without rights, 403 GROUPCALL_FORBIDDEN when ended', async () => {
		const world = defaultWorld();
		const demo = world.chats[0]?.call;
		assert.ok(demo);
		demo.canChangeJoinMuted = false;
		const sandbox = new MethodHarness(world);
		await sandbox.expectError(settings(DEMO_CALL, { joinMuted: true }), 403, 'GROUPCALL_CHANGE_FORBIDDEN');
		await sandbox.invoke(settings(DEMO_CALL, { resetInviteHash: true }));
		await sandbox.expectError(settings(inputCall('3005', '9005'), { joinMuted: true }), 400, 'CHAT_ADMIN_REQUIRED');
		await sandbox.expectError(settings(inputCall('3004', '9004'), { resetInviteHash: true }), 403, 'GROUPCALL_FORBIDDEN');
		assert.equal(sandbox.appliedCount, 1);
	});
});

describe('phone.exportGroupCallInvite', () => {
	const exportInvite = (call: Api.InputGroupCall, canSelfUnmute?: boolean): Api.phone.ExportGroupCallInvite =>
		new Api.phone.ExportGroupCallInvite({ call, canSelfUnmute });

	it('gives a listener link for public chats and a speaker link with a hash to admins', async () => {
		const sandbox = new MethodHarness();
		assert.equal((await sandbox.invoke(exportInvite(DEMO_CALL))).link, 'https://t.me/demo_group?videochat');
		assert.match((await sandbox.invoke(exportInvite(DEMO_CALL, true))).link, /^https:\/\/t\.me\/demo_group\?videochat=[0-9a-f]+$/);
		assert.equal((await sandbox.invoke(exportInvite(inputCall('3007', '9007')))).link, 'https://t.me/ops_news?livestream');
	});

	it('answers 403 PUBLIC_CHANNEL_MISSING for a basic group and 400 CHAT_ADMIN_REQUIRED for a speaker link without rights', async () => {
		const sandbox = new MethodHarness();
		await sandbox.expectError(exportInvite(inputCall('3002', '9002')), 403, 'PUBLIC_CHANNEL_MISSING');
		await sandbox.expectError(exportInvite(inputCall('3005', '9005'), true), 400, 'CHAT_ADMIN_REQUIRED');
	});
});

describe('the method table', () => {
	it('answers every method the brief lists', () => {
		const sandbox = new MethodHarness();
		const names = Object.keys(createMethodTable(sandbox.world)).sort();
		assert.deepEqual(names, [
			'channels.GetFullChannel',
			'channels.GetParticipants',
			'contacts.GetContacts',
			'contacts.ResolvePhone',
			'contacts.ResolveUsername',
			'messages.GetChats',
			'messages.GetDialogs',
			'messages.GetFullChat',
			'messages.GetHistory',
			'phone.CreateGroupCall',
			'phone.DiscardGroupCall',
			'phone.EditGroupCallTitle',
			'phone.ExportGroupCallInvite',
			'phone.GetGroupCall',
			'phone.GetGroupParticipants',
			'phone.InviteToGroupCall',
			'phone.StartScheduledGroupCall',
			'phone.ToggleGroupCallRecord',
			'phone.ToggleGroupCallSettings',
			'updates.GetState',
			'users.GetFullUser',
			'users.GetUsers',
		]);
	});
});

describe('the call lifecycle as ground truth (change log, version, service messages)', () => {
	it('logs schedule → start → end with who, when and the call after each change, and posts each service message', async () => {
		const sandbox = new MethodHarness();
		const scheduleDate = TEST_NOW + 7200;
		const [scheduled] = groupCallsIn(await sandbox.invoke(create(QUIET_ROOM, 41, { title: 'Launch', scheduleDate })));
		assert.ok(scheduled instanceof Api.GroupCall);
		const call = inputCall(scheduled.id.toString(), scheduled.accessHash.toString());
		await sandbox.invoke(new Api.phone.StartScheduledGroupCall({ call }));
		await sandbox.invoke(new Api.phone.DiscardGroupCall({ call }));
		const callId = scheduled.id.toString();
		const log = sandbox.world.callChanges(callId);
		assert.deepEqual(
			log.map((entry) => [entry.kind, entry.by, entry.at, entry.chatId, entry.after.state, entry.after.title, entry.after.scheduleDate]),
			[
				['scheduled', '1000', TEST_NOW, '2006', 'scheduled', 'Launch', scheduleDate],
				['started', '1000', TEST_NOW, '2006', 'active', 'Launch', null],
				['ended', '1000', TEST_NOW, '2006', 'ended', 'Launch', null],
			],
		);
		const versions = log.map((entry) => entry.after.version);
		assert.ok(versions[0]! < versions[1]! && versions[1]! < versions[2]!, `versions grow: ${versions.join(', ')}`);
		assert.equal(log[2]?.after.duration, 0);
		const actions = sandbox.world.messages('2006').map((message) => message.action);
		assert.deepEqual(actions, [
			{ kind: 'chatCreate' },
			{ kind: 'groupCallScheduled', callId, scheduleDate },
			{ kind: 'groupCall', callId },
			{ kind: 'groupCall', callId, duration: 0 },
		]);
	});

	it('logs the running call a new call ended, and nothing for a resend or a refused request', async () => {
		const sandbox = new MethodHarness();
		await sandbox.invoke(create(inputPeerChannel('2001', '8001'), 12));
		await sandbox.invoke(create(inputPeerChannel('2001', '8001'), 12));
		await sandbox.expectError(create(QUIET_ROOM, 13, { scheduleDate: TEST_NOW + 5 }), 400, 'SCHEDULE_DATE_INVALID');
		assert.deepEqual(
			sandbox.world.callChanges().map((entry) => [entry.callId, entry.kind]),
			[
				['3001', 'ended'],
				['3009', 'created'],
			],
		);
	});

	it('answers 406 CHANNEL_PRIVATE to create in a private supergroup the account is not in', async () => {
		const sandbox = new MethodHarness();
		await sandbox.expectError(create(inputPeerChannel('2008', '8008'), 1), 406, 'CHANNEL_PRIVATE');
		assert.deepEqual(sandbox.world.callChanges(), []);
	});
});
