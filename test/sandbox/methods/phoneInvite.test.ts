import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Api } from 'telegram';
import bigInt from 'big-integer';

import { defaultWorld } from '../../../sandbox/world/defaultWorld';
import { buildWorld, worldCall } from '../../support/worldBuilder';
import { MethodHarness } from './support/methodHarness';
import { DEMO_CALL, demoUser, ids, inputCall, inputUser, invite } from './support/tl';
import { invitedUserIds, isEmptyUpdates, serviceMessageOf } from './support/updates';

const ALICE = '1001';
const BOB = '1002';
const CAROL = '1003';
const BOT = '1008';
const OUTSIDER = '1010';

describe('phone.inviteToGroupCall: success', () => {
	it('invites a member and answers the channel service message listing exactly that user', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(invite(DEMO_CALL, [demoUser(ALICE)]));
		const { update, message } = serviceMessageOf(answer);
		assert.ok(update instanceof Api.UpdateNewChannelMessage);
		assert.ok(message.peerId instanceof Api.PeerChannel);
		assert.equal(message.peerId.channelId.toString(), '2001');
		assert.ok(message.action instanceof Api.MessageActionInviteToGroupCall);
		assert.equal(message.action.call.id.toString(), '3001');
		assert.deepEqual(ids(message.action.users), [ALICE]);
		assert.ok(answer instanceof Api.Updates);
		assert.deepEqual(ids(answer.users.map((user) => user.id)).sort(), ['1000', ALICE]);
		assert.deepEqual(ids(answer.chats.map((chat) => chat.id)), ['2001']);
		assert.equal(sandbox.world.inviteCount('3001', ALICE), 1);
		assert.deepEqual(sandbox.world.invitedUsers('3001'), [ALICE]);
		assert.equal(sandbox.appliedCount, 1);
	});

	it('uses updateNewMessage with a peerChat in a basic group and advances seq', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(invite(inputCall('3002', '9002'), [demoUser(ALICE), demoUser(BOB)]));
		const { update, message } = serviceMessageOf(answer);
		assert.ok(update instanceof Api.UpdateNewMessage);
		assert.ok(message.peerId instanceof Api.PeerChat);
		assert.deepEqual(invitedUserIds(answer), [ALICE, BOB]);
		assert.ok(answer instanceof Api.Updates && answer.seq > 0);
	});

	it('posts as the channel in a broadcast channel', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(invite(inputCall('3007', '9007'), [demoUser(ALICE)]));
		const { message } = serviceMessageOf(answer);
		assert.equal(message.post, true);
		assert.equal(message.fromId, null);
	});

	it('gives each new service message a higher id and pts', async () => {
		const sandbox = new MethodHarness();
		const first = serviceMessageOf(await sandbox.invoke(invite(DEMO_CALL, [demoUser(ALICE)])));
		const second = serviceMessageOf(await sandbox.invoke(invite(DEMO_CALL, [demoUser(BOB)])));
		assert.ok(second.message.id > first.message.id);
		assert.ok(second.update.pts > first.update.pts);
	});

	it('invites a user listed twice once', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(invite(DEMO_CALL, [demoUser(ALICE), demoUser(ALICE)]));
		assert.deepEqual(invitedUserIds(answer), [ALICE]);
		assert.equal(sandbox.world.inviteCount('3001', ALICE), 1);
	});

	it('answers USER_ALREADY_INVITED for a second invite and records only the first', async () => {
		const sandbox = new MethodHarness();
		await sandbox.invoke(invite(DEMO_CALL, [demoUser(ALICE)]));
		await sandbox.expectError(invite(DEMO_CALL, [demoUser(ALICE)]), 400, 'USER_ALREADY_INVITED');
		assert.equal(sandbox.world.inviteCount('3001', ALICE), 1);
		assert.deepEqual(sandbox.world.toJSON().chats[0]?.call?.invited, ['1006', ALICE]);
	});
});

describe('phone.inviteToGroupCall: self', () => {
	it('drops the account itself silently and invites the others', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(invite(DEMO_CALL, [new Api.InputUserSelf(), demoUser(ALICE)]));
		assert.deepEqual(invitedUserIds(answer), [ALICE]);
	});

	it('answers empty updates and applies nothing when only the account is listed (by self or by id)', async () => {
		const sandbox = new MethodHarness();
		const me = sandbox.world.account;
		for (const self of [new Api.InputUserSelf(), inputUser(me.id, me.accessHash)]) {
			const answer = await sandbox.invoke(invite(DEMO_CALL, [self]));
			assert.ok(isEmptyUpdates(answer));
		}
		assert.equal(sandbox.appliedCount, 0);
		assert.deepEqual(sandbox.world.invitedUsers('3001'), []);
	});
});

describe('phone.inviteToGroupCall: per-user errors (default world)', () => {
	const cases: Array<[string, Api.TypeInputUser, number, string]> = [
		['a wrong access hash', inputUser(ALICE, '1234'), 400, 'USER_ID_INVALID'],
		['a zero access hash', inputUser(ALICE, '0'), 400, 'USER_ID_INVALID'],
		['an unknown user', inputUser('999999', '1'), 400, 'USER_ID_INVALID'],
		[
			'inputUserFromMessage',
			new Api.InputUserFromMessage({ peer: new Api.InputPeerSelf(), msgId: 1, userId: bigInt(ALICE) }),
			400,
			'USER_ID_INVALID',
		],
		['a deleted account', demoUser('1009'), 400, 'INPUT_USER_DEACTIVATED'],
		['a bot', demoUser(BOT), 403, 'CHAT_TYPE_INVALID'],
		['a non-member', demoUser(OUTSIDER), 403, 'USER_NOT_PARTICIPANT'],
		['a user already invited', demoUser('1006'), 400, 'USER_ALREADY_INVITED'],
		['a user already in the call', demoUser('1007'), 400, 'USER_ALREADY_INVITED'],
		['a privacy-restricted user', demoUser('1011'), 403, 'USER_PRIVACY_RESTRICTED'],
	];
	for (const [what, user, code, message] of cases) {
		it(`answers ${code} ${message} for ${what} and applies nothing`, async () => {
			const sandbox = new MethodHarness();
			await sandbox.expectError(invite(DEMO_CALL, [user]), code, message);
			assert.equal(sandbox.appliedCount, 0);
			assert.deepEqual(sandbox.world.inviteLog(), []);
		});
	}
});

describe('phone.inviteToGroupCall: per-call errors', () => {
	const cases: Array<[string, Api.InputGroupCall, number, string]> = [
		['an unknown call', inputCall('3999', '9001'), 400, 'GROUPCALL_INVALID'],
		["a wrong call access hash", inputCall('3001', '9002'), 400, 'GROUPCALL_INVALID'],
		['an ended call', inputCall('3004', '9004'), 403, 'GROUPCALL_FORBIDDEN'],
		['a scheduled call', inputCall('3003', '9003'), 403, 'GROUPCALL_FORBIDDEN'],
		["a call in a chat the account is not in", inputCall('3008', '9008'), 403, 'GROUPCALL_FORBIDDEN'],
		['a call the account joined as a channel', inputCall('3005', '9005'), 400, 'INVITE_FORBIDDEN_WITH_JOINAS'],
	];
	for (const [what, call, code, message] of cases) {
		it(`answers ${code} ${message} for ${what}, whoever is invited`, async () => {
			const sandbox = new MethodHarness();
			await sandbox.expectError(invite(call, [demoUser(ALICE), demoUser(BOT)]), code, message);
			assert.equal(sandbox.appliedCount, 0);
		});
	}

	it('answers USERS_TOO_MUCH above maxUsersPerInvite (default 10), before looking at the users', async () => {
		const sandbox = new MethodHarness();
		const eleven = Array.from({ length: 11 }, () => demoUser(ALICE));
		await sandbox.expectError(invite(DEMO_CALL, eleven), 400, 'USERS_TOO_MUCH');
		sandbox.world.setBehaviour({ maxUsersPerInvite: 2 });
		await sandbox.expectError(invite(DEMO_CALL, [demoUser(ALICE), demoUser(BOB), demoUser(CAROL)]), 400, 'USERS_TOO_MUCH');
		const two = await sandbox.invoke(invite(DEMO_CALL, [demoUser(ALICE), demoUser(BOB)]));
		assert.deepEqual(invitedUserIds(two), [ALICE, BOB]);
	});
});

describe('phone.inviteToGroupCall: check order', () => {
	const world = buildWorld({
		me: { id: '1', firstName: 'Me', phone: '15550000001' },
		users: [
			{ id: '11', accessHash: '11', firstName: 'BotOutside', bot: true },
			{ id: '12', accessHash: '12', firstName: 'GoneOutside', deleted: true },
			{ id: '13', accessHash: '13', firstName: 'ShyOutside', inviteRestricted: true },
			{ id: '14', accessHash: '14', firstName: 'ShyInvited', inviteRestricted: true },
			{ id: '15', accessHash: '15', firstName: 'BotInCall', bot: true },
		],
		chats: [
			{
				id: '20',
				accessHash: '20',
				kind: 'supergroup',
				title: 'Order',
				members: ['1', '14', '15'],
				call: worldCall('30', '30', { participants: ['15'], invited: ['14'] }),
			},
		],
	});
	const call = inputCall('30', '30');
	const cases: Array<[string, string, string]> = [
		['bot before membership', '11', 'CHAT_TYPE_INVALID'],
		['deleted before membership', '12', 'INPUT_USER_DEACTIVATED'],
		['membership before privacy', '13', 'USER_NOT_PARTICIPANT'],
		['already invited before privacy', '14', 'USER_ALREADY_INVITED'],
		['bot before already in call', '15', 'CHAT_TYPE_INVALID'],
	];
	for (const [what, id, message] of cases) {
		it(`checks ${what}`, async () => {
			const sandbox = new MethodHarness(world);
			const failure = await sandbox.invokeError(invite(call, [inputUser(id, id)]));
			assert.equal(failure.errorMessage, message);
		});
	}

	it('answers the first failing user in request order', async () => {
		const sandbox = new MethodHarness();
		const failure = await sandbox.invokeError(invite(DEMO_CALL, [demoUser(ALICE), demoUser(OUTSIDER), demoUser(BOT)]));
		assert.equal(failure.errorMessage, 'USER_NOT_PARTICIPANT');
	});
});

describe('phone.inviteToGroupCall: batch modes with [Alice, a bot, Bob]', () => {
	const batch = (): Api.phone.InviteToGroupCall => invite(DEMO_CALL, [demoUser(ALICE), demoUser(BOT), demoUser(BOB)]);

	it('atomic (default): answers the error and invites nobody', async () => {
		const sandbox = new MethodHarness();
		await sandbox.expectError(batch(), 403, 'CHAT_TYPE_INVALID');
		assert.deepEqual(sandbox.world.invitedUsers('3001'), []);
		assert.equal(sandbox.appliedCount, 0);
		assert.deepEqual(sandbox.pushed, []);
	});

	it('partial: invites Alice and Bob, answers the error, and pushes the service message as an update', async () => {
		const sandbox = new MethodHarness();
		sandbox.world.setBehaviour({ batch: 'partial' });
		await sandbox.expectError(batch(), 403, 'CHAT_TYPE_INVALID');
		assert.deepEqual(sandbox.world.invitedUsers('3001'), [ALICE, BOB]);
		assert.equal(sandbox.world.inviteCount('3001', BOT), 0);
		assert.equal(sandbox.appliedCount, 1);
		assert.equal(sandbox.pushed.length, 1);
		assert.deepEqual(invitedUserIds(sandbox.pushed[0] as Api.TypeUpdates), [ALICE, BOB]);
	});

	it('lenient: succeeds and the service message lists only Alice and Bob', async () => {
		const sandbox = new MethodHarness();
		sandbox.world.setBehaviour({ batch: 'lenient' });
		const answer = await sandbox.invoke(batch());
		assert.deepEqual(invitedUserIds(answer), [ALICE, BOB]);
		assert.deepEqual(sandbox.world.invitedUsers('3001'), [ALICE, BOB]);
		assert.deepEqual(sandbox.pushed, []);
	});

	it('lenient with every user failing: succeeds with empty updates and applies nothing', async () => {
		const sandbox = new MethodHarness();
		sandbox.world.setBehaviour({ batch: 'lenient' });
		const answer = await sandbox.invoke(invite(DEMO_CALL, [demoUser(BOT), demoUser(OUTSIDER)]));
		assert.ok(isEmptyUpdates(answer));
		assert.equal(sandbox.appliedCount, 0);
	});

	it('partial with every user failing: answers the error and applies nothing', async () => {
		const sandbox = new MethodHarness();
		sandbox.world.setBehaviour({ batch: 'partial' });
		await sandbox.expectError(invite(DEMO_CALL, [demoUser(BOT)]), 403, 'CHAT_TYPE_INVALID');
		assert.equal(sandbox.appliedCount, 0);
		assert.deepEqual(sandbox.pushed, []);
	});
});

describe('phone.inviteToGroupCall: PEER_FLOOD', () => {
	it('answers 400 PEER_FLOOD once the account has invited peerFloodAfterInvites users, applying nothing', async () => {
		const sandbox = new MethodHarness();
		sandbox.world.setBehaviour({ peerFloodAfterInvites: 2 });
		await sandbox.invoke(invite(DEMO_CALL, [demoUser(ALICE)]));
		await sandbox.invoke(invite(inputCall('3002', '9002'), [demoUser(BOB)]));
		await sandbox.expectError(invite(DEMO_CALL, [demoUser(CAROL)]), 400, 'PEER_FLOOD');
		assert.equal(sandbox.world.inviteCount('3001', CAROL), 0);
		assert.equal(sandbox.world.invitesBy('1000'), 2);
	});

	it('checks the count when a request arrives: a batch that crosses the limit is still applied whole', async () => {
		const sandbox = new MethodHarness();
		sandbox.world.setBehaviour({ peerFloodAfterInvites: 1 });
		const answer = await sandbox.invoke(invite(DEMO_CALL, [demoUser(ALICE), demoUser(BOB)]));
		assert.deepEqual(invitedUserIds(answer), [ALICE, BOB]);
		await sandbox.expectError(invite(DEMO_CALL, [demoUser(CAROL)]), 400, 'PEER_FLOOD');
	});

	it('answers PEER_FLOOD from the first invite when the limit is 0, and stops once the switch is removed', async () => {
		const sandbox = new MethodHarness();
		sandbox.world.setBehaviour({ peerFloodAfterInvites: 0 });
		await sandbox.expectError(invite(DEMO_CALL, [demoUser(ALICE)]), 400, 'PEER_FLOOD');
		sandbox.world.setBehaviour({ peerFloodAfterInvites: undefined });
		assert.deepEqual(invitedUserIds(await sandbox.invoke(invite(DEMO_CALL, [demoUser(ALICE)]))), [ALICE]);
	});
});

describe('phone.inviteToGroupCall: invitees who join (world file joinsWhenInvited)', () => {
	it('puts such an invitee into the running call, others stay invited only; a second invite changes nothing', async () => {
		const world = defaultWorld();
		for (const user of world.users) if (user.id === ALICE) user.joinsWhenInvited = true;
		const sandbox = new MethodHarness(world);
		const versionBefore = sandbox.world.call('3001')?.version ?? 0;
		await sandbox.invoke(invite(DEMO_CALL, [demoUser(ALICE), demoUser(BOB)]));
		const call = sandbox.world.call('3001');
		assert.ok(call);
		assert.ok(call.isParticipant(ALICE));
		assert.ok(!call.isParticipant(BOB));
		assert.equal(call.version, versionBefore + 1);
		const listed = await sandbox.invoke(new Api.phone.GetGroupParticipants({ call: DEMO_CALL, ids: [], sources: [], offset: '', limit: 100 }));
		assert.ok(ids(listed.participants.map((entry) => (entry.peer as Api.PeerUser).userId)).includes(ALICE));
		await assert.rejects(sandbox.invoke(invite(DEMO_CALL, [demoUser(ALICE)])), /USER_ALREADY_INVITED/);
		assert.equal(sandbox.world.toJSON().chats.find((chat) => chat.id === '2001')?.call?.participants.filter((id) => id === ALICE).length, 1);
	});
});
