import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Api } from 'telegram';

import { FRIENDS, TEAM, teamAndFriendsWorld } from '../support/teamAndFriendsWorld';
import { inputCall } from './methods/support/tl';
import { TcpSandbox } from './support/tcpSandbox';

const world = teamAndFriendsWorld;

/** Which chat a pushed update is about (the chat id as a decimal string), or undefined. */
function chatOf(update: Api.TypeUpdate): string | undefined {
	if (update instanceof Api.UpdateGroupCall) return update.chatId?.toString();
	if (update instanceof Api.UpdateNewChannelMessage || update instanceof Api.UpdateNewMessage) {
		const peer = update.message.peerId;
		if (peer instanceof Api.PeerChannel) return peer.channelId.toString();
		if (peer instanceof Api.PeerChat) return peer.chatId.toString();
	}
	return undefined;
}

/** A short name for what an update says, to compare sequences. */
function describeUpdate(update: Api.TypeUpdate): string {
	if (update instanceof Api.UpdateGroupCall) {
		const call = update.call;
		if (call instanceof Api.GroupCallDiscarded) return 'call:discarded';
		// Absent optional fields arrive from the wire as null.
		return `call:${call.scheduleDate == null ? 'active' : 'scheduled'}${call.title == null ? '' : `:${call.title}`}${call.recordStartDate == null ? '' : ':recording'}`;
	}
	if ((update instanceof Api.UpdateNewChannelMessage || update instanceof Api.UpdateNewMessage) && update.message instanceof Api.MessageService) {
		const action = update.message.action;
		if (action instanceof Api.MessageActionGroupCall) return action.duration == null ? 'message:started' : 'message:ended';
		if (action instanceof Api.MessageActionGroupCallScheduled) return 'message:scheduled';
		if (action instanceof Api.MessageActionInviteToGroupCall) return `message:invited:${action.users.map(String).join(',')}`;
	}
	return update.className;
}

const ptsOf = (updates: readonly Api.TypeUpdate[]): number[] =>
	updates.flatMap((update) => (update instanceof Api.UpdateNewChannelMessage || update instanceof Api.UpdateNewMessage ? [update.pts] : []));

async function participantIds(tcp: TcpSandbox, callId: string, accessHash: string): Promise<string[]> {
	const answer = await tcp.invoke(new Api.phone.GetGroupParticipants({ call: inputCall(callId, accessHash), ids: [], sources: [], offset: '', limit: 100 }));
	return answer.participants.map((participant) => (participant.peer as Api.PeerUser).userId.toString());
}

describe('driving the sandbox while a GramJS client listens (TCP)', () => {
	it('the client receives each driven call event, per chat in order, with the types and fields Telegram sends', async (t) => {
		const tcp = await TcpSandbox.open(world());
		t.after(() => tcp.close());
		const drive = tcp.sandbox.drive;
		const teamPts = tcp.sandbox.world.channelPts(TEAM);
		const commonPts = (await tcp.invoke(new Api.updates.GetState())).pts;
		const soon = Math.floor(Date.now() / 1000) + 3600;

		const team = drive.adminSchedules(TEAM, { date: soon, title: 'Retro' });
		const friends = drive.adminStarts(FRIENDS, { title: 'Games' });
		drive.adminStarts(TEAM);
		drive.adminRenames(team.callId, 'Retro 2');
		drive.adminRecords(team.callId, 'start');
		drive.adminInvites(team.callId, ['1003'], { by: '1002' });
		drive.adminRecords(team.callId, 'stop');
		drive.adminEnds(friends.callId);
		drive.adminEnds(team.callId);
		const pushed = await tcp.pushesSettled();

		assert.deepEqual(
			pushed.filter((update) => chatOf(update) === TEAM).map(describeUpdate),
			[
				'call:scheduled:Retro',
				'message:scheduled',
				'call:active:Retro',
				'message:started',
				'call:active:Retro 2',
				'call:active:Retro 2:recording',
				'message:invited:1003',
				'call:active:Retro 2',
				'call:discarded',
				'message:ended',
			],
		);
		assert.deepEqual(pushed.filter((update) => chatOf(update) === FRIENDS).map(describeUpdate), [
			'call:active:Games',
			'message:started',
			'call:discarded',
			'message:ended',
		]);
		assert.deepEqual(
			ptsOf(pushed.filter((update) => chatOf(update) === TEAM)),
			[1, 2, 3, 4].map((step) => teamPts + step),
			'the channel box numbers its messages one by one',
		);
		assert.deepEqual(ptsOf(pushed.filter((update) => chatOf(update) === FRIENDS)), [commonPts + 1, commonPts + 2]);
		const state = await tcp.invoke(new Api.updates.GetState());
		assert.equal(state.pts, commonPts + 2, 'updates.getState agrees with what was pushed');

		const ended = pushed.filter((update): update is Api.UpdateGroupCall => update instanceof Api.UpdateGroupCall && chatOf(update) === TEAM).at(-1);
		assert.ok(ended?.call instanceof Api.GroupCallDiscarded);
		const log = tcp.sandbox.world.callChanges(team.callId);
		assert.equal(ended.call.duration, log.at(-1)?.after.duration, 'the duration the client got is the one the sandbox recorded');
		assert.deepEqual(
			log.map((change) => `${change.kind} by ${change.by}`),
			['scheduled by 1001', 'started by 1001', 'retitled by 1001', 'recording by 1001', 'invited by 1002', 'recording by 1001', 'ended by 1001'],
		);
		const versions = pushed
			.filter((update): update is Api.UpdateGroupCall => update instanceof Api.UpdateGroupCall && chatOf(update) === TEAM && update.call instanceof Api.GroupCall)
			.map((update) => (update.call as Api.GroupCall).version);
		assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'each updateGroupCall carries a newer version');
		const invite = pushed.find((update) => describeUpdate(update) === 'message:invited:1003') as Api.UpdateNewChannelMessage;
		assert.equal(((invite.message as Api.MessageService).fromId as Api.PeerUser).userId.toString(), '1002', 'the inviter is the author');
	});

	it('joins and leaves change getGroupParticipants but push nothing to a client that is not in the call', async (t) => {
		const tcp = await TcpSandbox.open(world());
		t.after(() => tcp.close());
		const call = tcp.sandbox.drive.adminStarts(TEAM);
		const before = (await tcp.pushesSettled()).length;
		tcp.sandbox.drive.userJoins(call.callId, '1002');
		tcp.sandbox.drive.userJoins(call.callId, '1003');
		assert.deepEqual(await participantIds(tcp, call.callId, call.accessHash), ['1002', '1003']);
		tcp.sandbox.drive.userLeaves(call.callId, '1002');
		assert.deepEqual(await participantIds(tcp, call.callId, call.accessHash), ['1003']);
		const full = await tcp.invoke(new Api.phone.GetGroupCall({ call: inputCall(call.callId, call.accessHash), limit: 10 }));
		assert.equal((full.call as Api.GroupCall).participantsCount, 1);
		assert.equal((await tcp.pushesSettled()).length, before, 'no updateGroupCallParticipants for a non-participant');
		assert.deepEqual(
			tcp.sandbox.world.callChanges(call.callId).map((change) => [change.kind, change.by]),
			[['created', '1001'], ['joined', '1002'], ['joined', '1003'], ['left', '1002']],
		);
	});

	it('after dropConnections() the client reconnects by itself and gets later events, never those sent while it was away', async (t) => {
		const tcp = await TcpSandbox.open(world());
		t.after(() => tcp.close());
		const drive = tcp.sandbox.drive;
		const call = drive.adminStarts(TEAM, { title: 'Before' });
		await tcp.pushesSettled();
		const accepted = tcp.sandbox.connectionsAccepted;
		assert.equal(drive.dropConnections(), 1);
		drive.adminRenames(call.callId, 'While away');
		// The next request waits for GramJS's own reconnect; it is the barrier for everything pushed after it.
		const pushedBeforeAfter = (await tcp.pushesSettled()).length;
		assert.ok(tcp.sandbox.connectionsAccepted > accepted, 'GramJS reconnected');
		drive.adminRenames(call.callId, 'After');
		const titles = (await tcp.pushesSettled())
			.filter((update): update is Api.UpdateGroupCall => update instanceof Api.UpdateGroupCall)
			.map((update) => (update.call as Api.GroupCall).title);
		assert.deepEqual(titles, ['Before', 'After'], 'the rename made while disconnected is gone: GramJS 2.26 has no catch-up');
		assert.equal(pushedBeforeAfter, 2, 'the start (updateGroupCall, message) and nothing from while it was away');
		assert.equal(tcp.sandbox.world.callOfChat(TEAM)?.call.title, 'After');
		assert.deepEqual(
			tcp.sandbox.world.callChanges(call.callId).map((change) => change.after.title),
			['Before', 'While away', 'After'],
			'the world did change while the client was away',
		);
	});
});
