import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import type { CallMessage, GroupCallInfo } from '../../../nodes/TelegramGroupCall/transport';
import { observeCall, observeCallGone, observeMessage } from '../../../nodes/TelegramGroupCallTrigger/watcher/callLifecycle';
import type { ChatMemory } from '../../../nodes/TelegramGroupCallTrigger/watcher/triggerState';
import type { WatchEvent } from '../../../nodes/TelegramGroupCallTrigger/watcher/watchEvent';

const NOW = 1_800_000_000;

function memory(): ChatMemory {
	return { chat: { kind: 'channel', id: '2006', title: 'Ops', username: 'ops' }, call: null, endedCallIds: [], participants: null, lastMessageId: null };
}

function info(callId: string, state: GroupCallInfo['state'], changes: Partial<GroupCallInfo> = {}): GroupCallInfo {
	return {
		callId,
		accessHash: `${callId}99`,
		state,
		title: 'Standup',
		participantsCount: 0,
		scheduledFor: state === 'scheduled' ? NOW + 600 : null,
		recordingSince: null,
		joinMuted: false,
		canChangeJoinMuted: true,
		listenersHidden: false,
		duration: null,
		version: 1,
		...changes,
	};
}

function message(messageId: number, callId: string, action: CallMessage['action'], date = NOW): CallMessage {
	return { chat: { kind: 'channel', id: '2006' }, messageId, date, fromUserId: '42', call: { callId, accessHash: `${callId}99` }, action };
}

const names = (events: WatchEvent[]): string[] => events.map((event) => `${event.event} ${event.call.id}`);

describe('call lifecycle events', () => {
	it('reports a call that starts, is renamed, recorded and ends, once each, with the ended call\'s duration', () => {
		const chat = memory();
		const events = [
			...observeCall(chat, info('7', 'active', { version: 1 }), NOW),
			...observeCall(chat, info('7', 'active', { version: 2, title: 'Retro' }), NOW + 5),
			...observeCall(chat, info('7', 'active', { version: 3, title: 'Retro', recordingSince: NOW + 9 }), NOW + 9),
			...observeCall(chat, info('7', 'active', { version: 4, title: 'Retro' }), NOW + 20),
			...observeCall(chat, info('7', 'ended', { title: null, duration: 60, version: 0 }), NOW + 60),
		];
		assert.deepEqual(names(events), ['callStarted 7', 'titleChanged 7', 'recordingStarted 7', 'recordingStopped 7', 'callEnded 7']);
		assert.equal(events[1].previousTitle, 'Standup');
		assert.equal(events[1].call.title, 'Retro');
		assert.equal(events[4].duration, 60);
		assert.equal(events[4].call.title, 'Retro', 'an ended call keeps the title it had');
		assert.deepEqual(chat.endedCallIds, ['7']);
	});

	it('ignores an older description of the call (a stale update) and late news about an ended call', () => {
		const chat = memory();
		observeCall(chat, info('7', 'active', { version: 5, title: 'New' }), NOW);
		assert.deepEqual(observeCall(chat, info('7', 'active', { version: 4, title: 'Old' }), NOW), []);
		assert.equal(chat.call?.title, 'New');
		observeCall(chat, info('7', 'ended', { duration: 3, version: 0 }), NOW);
		assert.deepEqual(observeMessage(chat, message(10, '7', { kind: 'started' }), NOW), []);
		assert.deepEqual(observeCall(chat, info('7', 'active', { version: 9 }), NOW), []);
	});

	it('a scheduled call: scheduled, then started; cancelled before starting it ends without a start', () => {
		const chat = memory();
		assert.deepEqual(names(observeMessage(chat, message(1, '8', { kind: 'scheduled', scheduledFor: NOW + 600 }), NOW)), ['callScheduled 8']);
		assert.deepEqual(names(observeCall(chat, info('8', 'active', { version: 2 }), NOW)), ['callStarted 8']);
		const other = memory();
		observeCall(other, info('9', 'scheduled'), NOW);
		assert.deepEqual(names(observeCall(other, info('9', 'ended', { duration: 0, version: 0 }), NOW)), ['callEnded 9']);
	});

	it('a call first seen ended (it ran while nobody watched) gives started and ended, dated by its duration', () => {
		const chat = memory();
		const events = observeMessage(chat, message(3, '7', { kind: 'ended', duration: 40 }, NOW + 100), NOW + 200);
		assert.deepEqual(names(events), ['callStarted 7', 'callEnded 7']);
		assert.equal(events[0].at, NOW + 60);
		assert.equal(events[1].at, NOW + 100);
		assert.equal(events[1].duration, 40);
	});

	it('a new call in the chat ends the remembered one, everyone in it leaving with it', () => {
		const chat = memory();
		observeCall(chat, info('7', 'active'), NOW);
		chat.participants = { 'user:5': { id: '5', kind: 'user', username: null, firstName: 'Ann', lastName: null, title: null, joinedAt: NOW + 10 } };
		const events = observeCall(chat, info('8', 'active'), NOW + 70);
		assert.deepEqual(names(events), ['participantLeft 7', 'callEnded 7', 'callStarted 8']);
		assert.equal(events[0].timeInCall, 60);
		assert.equal(events[1].duration, 70);
		assert.deepEqual(chat.participants, {}, 'the new call starts with nobody reported in it');
	});

	it('users invited: one event per message, with inviter and invited users; a message seen twice counts once', () => {
		const chat = memory();
		observeCall(chat, info('7', 'active'), NOW);
		const invited = message(4, '7', { kind: 'invited', userIds: ['5', '6'] });
		const events = observeMessage(chat, invited, NOW);
		assert.deepEqual(names(events), ['usersInvited 7']);
		assert.deepEqual(events[0].invitedUserIds, ['5', '6']);
		assert.equal(events[0].inviterId, '42');
		assert.deepEqual(observeMessage(chat, invited, NOW), []);
	});

	it('a call gone from its chat whose own state cannot be read ends, once', () => {
		const chat = memory();
		observeCall(chat, info('7', 'active'), NOW);
		assert.deepEqual(names(observeCallGone(chat, NOW + 30)), ['callEnded 7']);
		assert.deepEqual(observeCallGone(chat, NOW + 31), []);
	});

	it('under any interleaving and repetition of the two sources, each step of a call is reported once, in order', () => {
		// A call's life as Telegram tells it twice: updateGroupCall (versions grow) and service messages (ids grow).
		const life = fc.record({ scheduled: fc.boolean(), ended: fc.boolean(), duration: fc.integer({ min: 1, max: 5000 }) });
		fc.assert(
			fc.property(life, fc.infiniteStream(fc.boolean()), fc.array(fc.nat({ max: 5 }), { maxLength: 6 }), ({ scheduled, ended, duration }, picks, repeats) => {
				const updates: Array<() => WatchEvent[]> = [];
				const messages: Array<() => WatchEvent[]> = [];
				const chat = memory();
				let version = 1;
				let messageId = 100;
				const steps: Array<{ state: GroupCallInfo['state']; action: CallMessage['action'] }> = [];
				if (scheduled) steps.push({ state: 'scheduled', action: { kind: 'scheduled', scheduledFor: NOW + 600 } });
				steps.push({ state: 'active', action: { kind: 'started' } });
				if (ended) steps.push({ state: 'ended', action: { kind: 'ended', duration } });
				for (const step of steps) {
					const update = info('7', step.state, { version: step.state === 'ended' ? 0 : version++, duration: step.state === 'ended' ? duration : null });
					const posted = message(messageId++, '7', step.action);
					updates.push(() => observeCall(chat, update, NOW));
					messages.push(() => observeMessage(chat, posted, NOW));
				}
				// Redeliveries: some observations come again later (a re-read after a reconnect).
				for (const index of repeats) {
					if (index < updates.length) updates.push(updates[index]);
					if (index < messages.length) messages.push(messages[index]);
				}
				const events: WatchEvent[] = [];
				const pick = picks[Symbol.iterator]();
				while (updates.length > 0 || messages.length > 0) {
					const fromUpdates = messages.length === 0 || (updates.length > 0 && pick.next().value === true);
					events.push(...(fromUpdates ? updates : messages).shift()!());
				}
				const expected = [...(scheduled ? ['callScheduled 7'] : []), 'callStarted 7', ...(ended ? ['callEnded 7'] : [])];
				assert.deepEqual(names(events), expected);
			}),
			{ numRuns: 500 },
		);
	});
});
