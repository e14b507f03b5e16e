import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Api } from 'telegram';

import { CallDriver, DriveError } from '../../../sandbox/methods/callDriver';
import { WorldState } from '../../../sandbox/world/worldState';
import { buildWorld, worldCall } from '../../support/worldBuilder';

const SUPERGROUP = '5001';
const BASIC_GROUP = '5002';
const START = 1_800_000_000;

/** A world with a supergroup (its own message box) and a basic group (the account's common box), no calls yet. */
function world(): WorldState {
	return new WorldState(
		buildWorld({
			users: [
				{ id: '1001', accessHash: '7001', firstName: 'Alice' },
				{ id: '1002', accessHash: '7002', firstName: 'Bob' },
				{ id: '1003', accessHash: '7003', firstName: 'Bot', bot: true },
				{ id: '1009', accessHash: '7009', firstName: 'Outsider' },
			],
			chats: [
				{ id: SUPERGROUP, accessHash: '8001', kind: 'supergroup', title: 'Team', members: ['1000', '1003', '1001', '1002'] },
				{ id: BASIC_GROUP, kind: 'group', title: 'Friends', members: ['1000', '1002'] },
			],
		}),
	);
}

/** A driver on a clock the test moves, recording what it pushes to the account. */
function driverOn(state: WorldState): { driver: CallDriver; pushed: Api.Updates[]; clock: { now: number }; dropped: number[] } {
	const pushed: Api.Updates[] = [];
	const clock = { now: START };
	const dropped: number[] = [];
	const driver = new CallDriver(state, {
		pushToAccount: (updates) => {
			assert.ok(updates instanceof Api.Updates);
			pushed.push(updates);
		},
		dropConnections: () => {
			dropped.push(clock.now);
			return 2;
		},
		now: () => clock.now,
	});
	return { driver, pushed, clock, dropped };
}

const classNames = (updates: Api.Updates): string[] => updates.updates.map((update) => update.className);

function serviceMessage(updates: Api.Updates): { update: Api.UpdateNewChannelMessage | Api.UpdateNewMessage; message: Api.MessageService } {
	const update = updates.updates.find((u) => u instanceof Api.UpdateNewChannelMessage || u instanceof Api.UpdateNewMessage);
	assert.ok(update instanceof Api.UpdateNewChannelMessage || update instanceof Api.UpdateNewMessage);
	assert.ok(update.message instanceof Api.MessageService);
	return { update, message: update.message };
}

describe('the sandbox call driver', () => {
	it('acts as the first member who is not the account, a bot or deleted; logs every change with who made it', () => {
		const state = world();
		const { driver, clock } = driverOn(state);
		const scheduled = driver.adminSchedules(SUPERGROUP, { date: START + 3600, title: 'Retro' });
		assert.equal(scheduled.by, '1001');
		assert.equal(scheduled.state, 'scheduled');
		clock.now += 10;
		driver.adminStarts(SUPERGROUP, { by: '1002' });
		driver.userJoins(scheduled.callId, '1002');
		driver.adminRenames(scheduled.callId, '  Retro, round 2  ');
		driver.adminRecords(scheduled.callId, 'start');
		driver.adminRecords(scheduled.callId, 'stop');
		driver.adminInvites(scheduled.callId, ['1009', '1009', '1002']);
		driver.userLeaves(scheduled.callId, '1002');
		driver.adminEnds(scheduled.callId);
		assert.deepEqual(
			state.callChanges(scheduled.callId).map((change) => [change.kind, change.by, change.userIds ?? []]),
			[
				['scheduled', '1001', []],
				['started', '1002', []],
				['joined', '1002', ['1002']],
				['retitled', '1001', []],
				['recording', '1001', []],
				['recording', '1001', []],
				['invited', '1001', ['1009', '1002']],
				['left', '1002', ['1002']],
				['ended', '1001', []],
			],
		);
		const versions = state.callChanges(scheduled.callId).map((change) => change.after.version);
		assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'the version only grows');
		assert.equal(state.callOfChat(SUPERGROUP)?.call.title, 'Retro, round 2');
	});

	it('pushes updateGroupCall and the service message, numbered per channel box and in the common box with seq', () => {
		const state = world();
		const { driver, pushed, clock } = driverOn(state);
		const channelPtsBefore = state.channelPts(SUPERGROUP);
		const common = state.updateCounters();
		const team = driver.adminStarts(SUPERGROUP, { title: 'Stand-up' });
		const friends = driver.adminSchedules(BASIC_GROUP, { date: START + 600 });
		clock.now += 90;
		driver.adminEnds(team.callId);
		assert.deepEqual(pushed.map(classNames), [
			['UpdateGroupCall', 'UpdateNewChannelMessage'],
			['UpdateGroupCall', 'UpdateNewMessage'],
			['UpdateGroupCall', 'UpdateNewChannelMessage'],
		]);
		const [started, scheduled, ended] = pushed.map(serviceMessage);
		assert.ok(started.message.action instanceof Api.MessageActionGroupCall);
		assert.equal(started.message.action.duration, undefined, 'a start carries no duration');
		assert.equal(started.message.fromId instanceof Api.PeerUser && started.message.fromId.userId.toString(), '1001');
		assert.equal(started.message.out, false, 'another user posted it');
		assert.ok(scheduled.message.action instanceof Api.MessageActionGroupCallScheduled);
		assert.equal(scheduled.message.action.scheduleDate, START + 600);
		assert.equal(scheduled.message.action.call.id.toString(), friends.callId);
		assert.ok(ended.message.action instanceof Api.MessageActionGroupCall);
		assert.equal(ended.message.action.duration, 90);
		const discarded = (pushed[2].updates[0] as Api.UpdateGroupCall).call;
		assert.ok(discarded instanceof Api.GroupCallDiscarded);
		assert.equal(discarded.duration, 90);
		assert.deepEqual([started.update.pts, ended.update.pts], [channelPtsBefore + 1, channelPtsBefore + 2]);
		assert.equal(scheduled.update.pts, common.pts + 1);
		assert.deepEqual(pushed.map((envelope) => envelope.seq), [0, common.seq + 1, 0], 'only the common box advances seq');
		assert.deepEqual(
			pushed.map((envelope) => envelope.users.map((user) => user.id.toString())),
			[['1001'], ['1002'], ['1001']],
			'the acting admin (the basic group\'s only other member is 1002) comes along',
		);
	});

	it('pushes nothing for joins and leaves, and tells how long the user stayed', () => {
		const state = world();
		const { driver, pushed, clock } = driverOn(state);
		const call = driver.adminStarts(SUPERGROUP);
		const before = pushed.length;
		const joined = driver.userJoins(call.callId, '1002');
		assert.equal(joined.participantsCount, 1);
		clock.now += 30;
		const left = driver.userLeaves(call.callId, '1002');
		assert.equal(left.secondsInCall, 30);
		assert.equal(left.participantsCount, 0);
		assert.equal(pushed.length, before);
		assert.deepEqual(state.toJSON().chats.find((chat) => chat.id === SUPERGROUP)?.call?.participants, []);
	});

	it('an invite posts messageActionInviteToGroupCall naming inviter and invitees, and no change to who was invited by the account', () => {
		const state = world();
		const { driver, pushed } = driverOn(state);
		const call = driver.adminStarts(SUPERGROUP);
		driver.adminInvites(call.callId, ['1009'], { by: '1002' });
		const { message } = serviceMessage(pushed[pushed.length - 1]);
		assert.ok(message.action instanceof Api.MessageActionInviteToGroupCall);
		assert.deepEqual(message.action.users.map(String), ['1009']);
		assert.equal(message.fromId instanceof Api.PeerUser && message.fromId.userId.toString(), '1002');
		assert.equal(state.inviteCount(call.callId, '1009'), 0, 'the invite ledger counts the account\'s own invites');
	});

	it('an invited user marked joinsWhenInvited joins at once, logged after the invite', () => {
		const state = new WorldState(
			buildWorld({
				users: [
					{ id: '1001', accessHash: '7001', firstName: 'Alice' },
					{ id: '1002', accessHash: '7002', firstName: 'Eager', joinsWhenInvited: true },
				],
				chats: [{ id: SUPERGROUP, accessHash: '8001', kind: 'supergroup', title: 'Team', members: ['1000', '1001', '1002'] }],
			}),
		);
		const { driver, pushed } = driverOn(state);
		const call = driver.adminStarts(SUPERGROUP);
		const invited = driver.adminInvites(call.callId, ['1002']);
		assert.equal(invited.participantsCount, 1);
		assert.deepEqual(
			state.callChanges(call.callId).map((change) => [change.kind, change.by]),
			[['created', '1001'], ['invited', '1001'], ['joined', '1002']],
		);
		assert.deepEqual(pushed.map(classNames).at(-1), ['UpdateNewChannelMessage'], 'the join itself pushes nothing');
	});

	it('starting a call while another runs in the chat ends that one first, as Telegram does', () => {
		const state = new WorldState(
			buildWorld({
				users: [{ id: '1001', accessHash: '7001', firstName: 'Alice' }],
				chats: [{ id: SUPERGROUP, accessHash: '8001', kind: 'supergroup', title: 'Team', members: ['1000', '1001'], call: worldCall('3001', '9001') }],
			}),
		);
		const { driver, pushed } = driverOn(state);
		const next = driver.adminStarts(SUPERGROUP);
		assert.notEqual(next.callId, '3001');
		assert.equal(state.call('3001')?.state, 'ended');
		assert.deepEqual(pushed.map(classNames), [['UpdateGroupCall'], ['UpdateGroupCall', 'UpdateNewChannelMessage']]);
		assert.deepEqual(state.callChanges().map((change) => [change.callId, change.kind]), [['3001', 'ended'], [next.callId, 'created']]);
	});

	it('refuses what cannot be applied with a sentence naming the value, changing nothing', () => {
		const state = world();
		const { driver, pushed } = driverOn(state);
		const call = driver.adminStarts(SUPERGROUP);
		const refusals: Array<[() => unknown, RegExp]> = [
			[() => driver.userJoins(call.callId, '1000'), /1000 is the account itself/],
			[() => driver.userJoins(call.callId, '1003'), /1003 is a bot/],
			[() => driver.userJoins(call.callId, '4242'), /no user 4242/],
			[() => driver.userJoins('777', '1001'), /no call 777/],
			[() => driver.userLeaves(call.callId, '1001'), /1001 is not in call/],
			[() => driver.adminRenames(call.callId, 'x', { by: '1009' }), /1009 cannot act as an admin of chat 5001/],
			[() => driver.adminRenames(call.callId, 'x', { by: '1000' }), /the account itself/],
			[() => driver.adminStarts('9999'), /no chat 9999/],
			[() => driver.adminSchedules(SUPERGROUP, { date: START - 1 }), /schedule date must be a Unix time in the future/],
			[() => driver.adminRecords(call.callId, 'stop'), /not being recorded/],
			[() => driver.adminInvites(call.callId, []), /at least one user/],
		];
		const changes = state.callChanges().length;
		const pushes = pushed.length;
		for (const [act, message] of refusals) assert.throws(act, (error: unknown) => error instanceof DriveError && message.test(error.message));
		assert.equal(state.callChanges().length, changes);
		assert.equal(pushed.length, pushes);
		driver.adminEnds(call.callId);
		assert.throws(() => driver.userJoins(call.callId, '1001'), /it is ended, not active/);
		assert.throws(() => driver.adminEnds(call.callId), /it has ended/);
	});

	it('drops connections through the server', () => {
		const { driver, dropped } = driverOn(world());
		assert.equal(driver.dropConnections(), 2);
		assert.equal(dropped.length, 1);
	});
});
