import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CancelledError } from '../../../nodes/TelegramGroupCall/errors/cancellation';
import { TelegramError, type CallMessage, type GroupCallInfo, type TelegramChat } from '../../../nodes/TelegramGroupCall/transport';
import { parseChatReference } from '../../../nodes/TelegramGroupCall/input/parseChatReference';
import { WatchedChatError } from '../../../nodes/TelegramGroupCallTrigger/watcher/callWatcher';
import { memoryParticipant, telegramError } from '../TelegramGroupCall/support/memoryGateway';
import { HistoryGateway, WatcherRig } from './support/watcherRig';

const OPS: TelegramChat = { kind: 'channel', id: '2006', title: 'Ops', username: 'ops' };
const TEAM: TelegramChat = { kind: 'chat', id: '3007', title: 'Team' };

/** A memory world with two chats; Ops has a running call with two people in it. */
function world(): { gateway: HistoryGateway; call: GroupCallInfo } {
	const gateway = new HistoryGateway();
	gateway.world.addChat('-1000000002006', OPS);
	gateway.world.addChat('-3007', TEAM);
	const call = gateway.world.addCall(OPS, 'active', 'Standup');
	gateway.listParticipants(call.callId, [memoryParticipant('5'), memoryParticipant('6')]);
	return { gateway, call };
}

function chosen(...written: string[]) {
	return {
		mode: 'chosen' as const,
		chats: written.map((label) => {
			const parsed = parseChatReference(label);
			assert.ok(parsed.ok);
			return { reference: parsed.reference, label };
		}),
	};
}

/** Posts a call's service message in the chat (Ops unless given); gives it with its id. */
function message(gateway: HistoryGateway, callId: string, action: CallMessage['action'], chat: TelegramChat = OPS): CallMessage {
	const body = { date: 1_800_000_100, fromUserId: '42', call: { callId, accessHash: `${callId}99` }, action };
	const messageId = gateway.postMessage(chat, body);
	return { ...body, chat: { kind: chat.kind, id: chat.id }, messageId };
}

describe('the call watcher', () => {
	it('a first activation records the present (the people in a running call included) and reports nothing for it', async () => {
		const { gateway, call } = world();
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		assert.deepEqual(rig.names, []);
		assert.equal(rig.saved?.chats[`channel:${OPS.id}`].call?.id, call.callId);
		assert.equal(rig.saved?.chats[`chat:${TEAM.id}`].call, null);
		assert.equal(rig.clock.pending, 1, 'a call is running: a poll is due');
		await rig.poll();
		assert.deepEqual(rig.names, [], 'the people already in the call at activation did not just join');
		gateway.listParticipants(call.callId, [memoryParticipant('6'), memoryParticipant('7', { joinedAt: 1_800_000_050 })]);
		await rig.poll();
		assert.deepEqual(rig.names, [`participantLeft ${call.callId} 5`, `participantJoined ${call.callId} 7`]);
		const [left, joined] = rig.emitted[0];
		assert.equal(left.timeInCall, Math.floor(rig.clock.ms / 1000) - 1_700_000_000);
		assert.equal(joined.at, 1_800_000_050);
		await rig.watcher.close();
	});

	it('50 people joining between two polls give 50 events in one emission; the list is read in pages of 100', async () => {
		const { gateway, call } = world();
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		await rig.poll();
		const crowd = Array.from({ length: 150 }, (_, index) => memoryParticipant(String(100 + index), { joinedAt: 1_800_000_000 + index }));
		gateway.listParticipants(call.callId, [memoryParticipant('5'), memoryParticipant('6'), ...crowd.slice(0, 50)]);
		await rig.poll();
		assert.equal(rig.emitted.length, 1);
		assert.deepEqual(rig.emitted[0].map((event) => event.peer?.id), crowd.slice(0, 50).map((entry) => entry.peer.id));
		gateway.listParticipants(call.callId, [memoryParticipant('5'), memoryParticipant('6'), ...crowd]);
		const pagesBefore = gateway.requests('getParticipantsPage').length;
		await rig.poll();
		assert.equal(rig.emitted[1].length, 100);
		assert.deepEqual(gateway.requests('getParticipantsPage').slice(pagesBefore).map((request) => request.args[1]), ['', '100']);
		await rig.watcher.close();
	});

	it('updates and service messages: each happening once, whichever source tells it first; unchosen events are not emitted', async () => {
		const { gateway, call } = world();
		const rig = new WatcherRig({ gateway, events: ['callStarted', 'callEnded', 'usersInvited', 'titleChanged'] });
		await rig.watcher.start();
		const next = gateway.world.addCall(TEAM, 'active', 'Weekly');
		rig.watch.on.update({ type: 'call', chat: { kind: 'chat', id: TEAM.id }, call: next });
		rig.watch.on.update({ type: 'message', message: message(gateway, next.callId, { kind: 'started' }, TEAM) });
		rig.watch.on.update({ type: 'call', chat: { kind: 'channel', id: OPS.id }, call: { ...call, title: 'Daily', version: call.version + 1 } });
		rig.watch.on.update({ type: 'message', message: message(gateway, call.callId, { kind: 'invited', userIds: ['8'] }) });
		rig.watch.on.update({ type: 'message', message: message(gateway, call.callId, { kind: 'ended', duration: 100 }) });
		rig.watch.on.update({ type: 'call', chat: null, call: { ...call, state: 'ended', duration: 100, version: 0 } });
		await rig.settle();
		assert.deepEqual(rig.names, [`callStarted ${next.callId}`, `titleChanged ${call.callId}`, `usersInvited ${call.callId}`, `callEnded ${call.callId}`]);
		assert.equal(rig.saved?.chats[`channel:${OPS.id}`].participants, null, 'the participants left with the call (not chosen: not emitted)');
		await rig.watcher.close();
	});

	it('after a drop it re-reads: a call that ended meanwhile ends once, one that started and ended meanwhile gives both, invitations missed come', async () => {
		const { gateway, call } = world();
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		await rig.poll();
		const seen = message(gateway, call.callId, { kind: 'invited', userIds: ['8'] });
		rig.watch.on.update({ type: 'message', message: seen });
		await rig.settle();
		rig.watch.on.disconnected('dropped');
		assert.equal(rig.clock.pending, 0, 'no polls while the connection is down');
		// Meanwhile: the call ends; another starts, someone is invited, it ends.
		gateway.world.now += 60;
		await gateway.discardGroupCall(call);
		message(gateway, call.callId, { kind: 'ended', duration: 60 });
		const quick = gateway.world.addCall(OPS, 'active', 'Quick');
		message(gateway, quick.callId, { kind: 'started' });
		message(gateway, quick.callId, { kind: 'invited', userIds: ['9'] });
		await gateway.discardGroupCall(quick);
		const last = message(gateway, quick.callId, { kind: 'ended', duration: 5 });
		rig.emitted.length = 0;
		rig.watch.on.connected();
		// An update redelivered after the re-read changes nothing.
		rig.watch.on.update({ type: 'message', message: last });
		await rig.settle();
		assert.deepEqual(rig.names, [
			`participantLeft ${call.callId} 5`,
			`participantLeft ${call.callId} 6`,
			`callEnded ${call.callId}`,
			`callStarted ${quick.callId}`,
			`usersInvited ${quick.callId}`,
			`callEnded ${quick.callId}`,
		]);
		assert.deepEqual(gateway.messageReads, [seen.messageId], 'missed messages are read after the last one handled');
		assert.equal(rig.clock.pending, 0, 'no call running: no polls');
		await rig.watcher.close();
	});

	it('a restart with the saved state replays nothing, and reports what happened while n8n was down', async () => {
		const { gateway, call } = world();
		const first = new WatcherRig({ gateway });
		await first.watcher.start();
		await first.poll();
		await first.watcher.close();
		const again = new WatcherRig({ gateway, saved: first.saved });
		await again.watcher.start();
		assert.deepEqual(again.names, []);
		await again.watcher.close();
		gateway.listParticipants(call.callId, [memoryParticipant('5')]);
		const third = new WatcherRig({ gateway, saved: again.saved });
		await third.watcher.start();
		assert.deepEqual(third.names, [`participantLeft ${call.callId} 6`]);
		await third.watcher.close();
	});

	it('the history before activation is the past; after a drop only newer messages are read, other messages moving the mark', async () => {
		const { gateway, call } = world();
		message(gateway, call.callId, { kind: 'invited', userIds: ['8'] });
		const newest = gateway.postMessage(OPS);
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		assert.deepEqual(rig.names, []);
		rig.watch.on.disconnected('dropped');
		for (let count = 0; count < 125; count++) gateway.postMessage(OPS);
		const invited = message(gateway, call.callId, { kind: 'invited', userIds: ['9'] });
		rig.watch.on.connected();
		await rig.settle();
		assert.deepEqual(rig.names, [`usersInvited ${call.callId}`]);
		assert.deepEqual(rig.emitted[0][0].invitedUserIds, ['9']);
		assert.deepEqual(gateway.messageReads, [newest, newest + 100], 'two pages of 100 from the last message handled');
		assert.equal(rig.saved?.chats[`channel:${OPS.id}`].lastMessageId, invited.messageId);
		await rig.watcher.close();
	});

	it('a second connected() without a drop does not re-read; each drop does, once', async () => {
		const { gateway } = world();
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		const reads = () => gateway.chatCallReads;
		rig.watch.on.connected();
		await rig.settle();
		assert.equal(reads(), 1);
		rig.watch.on.disconnected('handed over');
		rig.watch.on.connected();
		rig.watch.on.connected();
		await rig.settle();
		assert.equal(reads(), 2);
		await rig.watcher.close();
	});

	it('Chosen Chats watches only those chats; a chat that cannot be found fails activation naming it, leaving nothing open', async () => {
		const { gateway } = world();
		const rig = new WatcherRig({ gateway, selection: chosen('-3007', '@nowhere') });
		await assert.rejects(rig.watcher.start(), (error: unknown) => error instanceof WatchedChatError && error.label === '@nowhere');
		assert.equal(rig.watch.closed, 1);
		assert.equal(rig.clock.pending, 0);
		assert.equal(gateway.sessionsOpen, 0);

		const team = new WatcherRig({ gateway, selection: chosen('-3007') });
		await team.watcher.start();
		assert.deepEqual(Object.keys(team.saved?.chats ?? {}), [`chat:${TEAM.id}`]);
		const other = gateway.world.addCall(OPS, 'active');
		team.watch.on.update({ type: 'call', chat: { kind: 'channel', id: OPS.id }, call: other });
		await team.settle();
		assert.deepEqual(team.names, [], 'a chat not chosen is not watched');
		await team.watcher.close();
	});

	it('All Chats: a chat an update names that was not listed is looked up and watched', async () => {
		const { gateway } = world();
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		const late: TelegramChat = { kind: 'channel', id: '4008', title: 'Late' };
		gateway.world.addChat('-1000000004008', late);
		const call = gateway.world.addCall(late, 'scheduled', 'Later');
		rig.watch.on.update({ type: 'call', chat: { kind: 'channel', id: late.id }, call });
		await rig.settle();
		assert.deepEqual(rig.names, [`callScheduled ${call.callId}`]);
		assert.equal(rig.emitted[0][0].chat.title, 'Late');
		await rig.watcher.close();
	});

	it('All Chats: a service message naming a chat not seen before is reported, not taken for its past', async () => {
		const { gateway } = world();
		const rig = new WatcherRig({ gateway, events: ['usersInvited'] });
		await rig.watcher.start();
		const late: TelegramChat = { kind: 'channel', id: '4008', title: 'Late' };
		gateway.world.addChat('-1000000004008', late);
		const call = gateway.world.addCall(late, 'active', 'Now');
		const invited = message(gateway, call.callId, { kind: 'invited', userIds: ['9'] }, late);
		rig.watch.on.update({ type: 'message', message: invited });
		await rig.settle();
		assert.deepEqual(rig.names, [`usersInvited ${call.callId}`]);
		await rig.watcher.close();
	});

	it('a call that cannot be polled does not hold up the others; a chat the account left is no longer watched', async () => {
		const { gateway } = world();
		const other = gateway.world.addCall(TEAM, 'active', 'Weekly');
		gateway.listParticipants(other.callId, []);
		const rig = new WatcherRig({ gateway, events: ['participantJoined'] });
		await rig.watcher.start();
		gateway.script('getParticipantsPage', telegramError('CHANNEL_PRIVATE'));
		gateway.listParticipants(other.callId, [memoryParticipant('9')]);
		await rig.poll();
		assert.deepEqual(rig.names, [`participantJoined ${other.callId} 9`]);
		assert.equal(rig.warnings.length, 1);
		// The tick after the failure re-reads the chats: the account has left Ops meanwhile.
		gateway.script('getChatCalls', [{ chat: TEAM, call: gateway.world.info(gateway.world.call(other.callId)), topMessageId: 0 }]);
		await rig.poll();
		assert.deepEqual(Object.keys(rig.saved?.chats ?? {}), [`chat:${TEAM.id}`], 'Ops is forgotten');
		const asked = gateway.requests('getParticipantsPage').length;
		await rig.poll();
		assert.deepEqual(gateway.requests('getParticipantsPage').slice(asked).map((request) => request.args[0]), [other.callId], 'only the call of a chat still watched is polled');
		await rig.watcher.close();
	});

	it('a failed read is reported and made up for at the next tick; an unrecoverable watch error stops everything', async () => {
		const { gateway, call } = world();
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		gateway.script('getParticipantsPage', telegramError('TIMEOUT', { httpCode: null }));
		await rig.poll();
		assert.equal(rig.warnings.length, 1);
		assert.match(rig.warnings[0], /TIMEOUT/);
		assert.deepEqual(rig.names, []);
		gateway.listParticipants(call.callId, [memoryParticipant('5')]);
		await rig.poll();
		assert.deepEqual(rig.names, [`participantLeft ${call.callId} 6`], 'the re-read after the failure compares with the activation\'s baseline');
		assert.equal(gateway.chatCallReads, 2, 'the tick after a failure re-reads everything');
		gateway.listParticipants(call.callId, []);
		await rig.poll();
		assert.deepEqual(rig.names, [`participantLeft ${call.callId} 6`, `participantLeft ${call.callId} 5`]);
		rig.watch.on.failed(telegramError('AUTH_KEY_UNREGISTERED'));
		await rig.settle();
		assert.deepEqual(rig.failures.map((error) => error.code), ['AUTH_KEY_UNREGISTERED']);
		assert.equal(rig.clock.pending, 0);
		assert.equal(rig.watch.closed, 1);
		await rig.watcher.close();
		assert.equal(gateway.sessionsOpen, 0);
	});

	it('an unrecoverable watch error during activation fails the activation with it (not "cancelled"), reported once, nothing left open', async () => {
		const { gateway } = world();
		const rig = new WatcherRig({ gateway });
		// The session is revoked while the activation reads: the watch gives up, which cancels the read in flight.
		gateway.script('getChatCalls', () => {
			rig.watch.on.failed(telegramError('AUTH_KEY_UNREGISTERED'));
			throw new CancelledError();
		});
		await assert.rejects(rig.watcher.start(), (error: unknown) => error instanceof TelegramError && error.code === 'AUTH_KEY_UNREGISTERED');
		assert.deepEqual(rig.failures, [], 'the activation reports it; the trigger error would report it twice');
		assert.equal(rig.watch.closed, 1);
		assert.equal(rig.clock.pending, 0);
		assert.equal(gateway.sessionsOpen, 0);
	});

	it('a service message pushed after a reconnect but before connected() does not hide the ones missed during the drop', async () => {
		const { gateway, call } = world();
		const rig = new WatcherRig({ gateway, events: ['usersInvited'] });
		await rig.watcher.start();
		rig.watch.on.disconnected('dropped');
		message(gateway, call.callId, { kind: 'invited', userIds: ['9'] });
		// GramJS is back on the socket: Telegram pushes the next message before the watch says connected.
		const pushed = message(gateway, call.callId, { kind: 'invited', userIds: ['10'] });
		rig.watch.on.update({ type: 'message', message: pushed });
		rig.watch.on.connected();
		await rig.settle();
		assert.deepEqual(
			rig.emitted.flat().map((event) => event.invitedUserIds),
			[['9'], ['10']],
			'the invitation missed during the drop comes, and the pushed one once',
		);
		await rig.watcher.close();
	});

	it('after a re-read that failed, a pushed service message does not hide the ones the re-read could not read', async () => {
		const { gateway, call } = world();
		const rig = new WatcherRig({ gateway, events: ['usersInvited'] });
		await rig.watcher.start();
		rig.watch.on.disconnected('dropped');
		message(gateway, call.callId, { kind: 'invited', userIds: ['9'] });
		gateway.script('getCallMessages', telegramError('TIMEOUT', { httpCode: null }));
		rig.watch.on.connected();
		await rig.settle();
		assert.equal(rig.warnings.length, 1, 'the re-read failed reading the history');
		const pushed = message(gateway, call.callId, { kind: 'invited', userIds: ['10'] });
		rig.watch.on.update({ type: 'message', message: pushed });
		await rig.settle();
		await rig.poll();
		assert.deepEqual(rig.emitted.flat().map((event) => event.invitedUserIds), [['9'], ['10']]);
		await rig.watcher.close();
	});

	it('a chat left during a drop and joined again is news again: its pushed messages are not held back for a re-read', async () => {
		const { gateway, call } = world();
		const rig = new WatcherRig({ gateway, events: ['usersInvited'] });
		await rig.watcher.start();
		rig.watch.on.disconnected('dropped');
		// The re-read finds only Team: the account left Ops meanwhile.
		gateway.script('getChatCalls', [{ chat: TEAM, call: null, topMessageId: 0 }]);
		rig.watch.on.connected();
		await rig.settle();
		assert.deepEqual(Object.keys(rig.saved?.chats ?? {}), [`chat:${TEAM.id}`]);
		// Back in Ops, someone is invited.
		rig.watch.on.update({ type: 'message', message: message(gateway, call.callId, { kind: 'invited', userIds: ['9'] }) });
		await rig.settle();
		assert.deepEqual(rig.emitted.flat().map((event) => event.invitedUserIds), [['9']]);
		await rig.watcher.close();
	});

	it('activation reads the chats once the watch listens: a call that starts while the watch connects is not lost', async () => {
		const { gateway } = world();
		const first = new WatcherRig({ gateway });
		await first.watcher.start();
		await first.watcher.close();
		const again = new WatcherRig({ gateway, saved: first.saved, events: ['callStarted'] });
		let listening = () => {};
		again.watch.connecting = new Promise((resolve) => (listening = resolve));
		const activation = again.watcher.start();
		// Time for whatever the activation does before the watch listens (the memory gateway answers at once).
		for (let round = 0; round < 5; round++) await new Promise((resolve) => setImmediate(resolve));
		// Telegram pushes nothing to a client before it listens: this start reaches the trigger only by a read.
		const weekly = gateway.world.addCall(TEAM, 'active', 'Weekly');
		message(gateway, weekly.callId, { kind: 'started' }, TEAM);
		listening();
		await activation;
		assert.deepEqual(again.names, [`callStarted ${weekly.callId}`]);
		await again.watcher.close();
	});

	it('a re-read that fails part-way still reports what it caught up on: a call that ended during a drop is not lost', async () => {
		const { gateway } = world();
		const weekly = gateway.world.addCall(TEAM, 'active', 'Weekly');
		gateway.listParticipants(weekly.callId, []);
		const rig = new WatcherRig({ gateway, events: ['callEnded'] });
		await rig.watcher.start();
		rig.watch.on.disconnected('dropped');
		gateway.world.now += 60;
		await gateway.discardGroupCall(weekly);
		// The re-read catches up on Team (Weekly ended), then reading Ops's participants fails.
		gateway.script('getParticipantsPage', telegramError('TIMEOUT', { httpCode: null }));
		rig.watch.on.connected();
		await rig.settle();
		assert.equal(rig.warnings.length, 1);
		await rig.poll();
		assert.deepEqual(rig.names, [`callEnded ${weekly.callId}`], 'reported once, by the re-read that saw it or by the one after');
		await rig.watcher.close();
	});

	it('closing leaves no timer, no open session and a closed watch; updates after it are ignored', async () => {
		const { gateway, call } = world();
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		assert.equal(rig.clock.pending, 1);
		const events = rig.watch.on;
		await rig.watcher.close();
		assert.equal(rig.clock.pending, 0);
		assert.equal(rig.watch.closed, 1);
		assert.equal(gateway.sessionsOpen, 0);
		events.update({ type: 'call', chat: { kind: 'channel', id: OPS.id }, call: { ...call, state: 'ended', version: 0 } });
		events.connected();
		await rig.settle();
		assert.deepEqual(rig.names, []);
		assert.equal(rig.clock.pending, 0);
	});
});
