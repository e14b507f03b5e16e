import type { CallMessage, GroupCallInfo } from '../../TelegramGroupCall/transport';

import { ENDED_CALLS_KEPT, type CallPhase, type ChatMemory, type RememberedCall } from './triggerState';
import type { WatchEvent } from './watchEvent';

/**
 * Lifecycle events from what the trigger learns about a chat's call: updateGroupCall (or a re-read of the call)
 * and the call's service messages. Both sources say the same things (started, ended) in any order and any
 * number of times; a call only moves forward (scheduled → active → ended), so each step is reported by
 * whichever source shows it first and never again. Changes the memory in place; the caller stores it.
 */

const RANK: Readonly<Record<CallPhase | 'none', number>> = { none: 0, scheduled: 1, active: 2, ended: 3 };

/** A call as Telegram describes it now (updateGroupCall, phone.getGroupCall). */
export function observeCall(memory: ChatMemory, info: GroupCallInfo, now: number): WatchEvent[] {
	const events: WatchEvent[] = [];
	const known = memory.call?.id === info.callId;
	const call = callOf(memory, info.callId, info.accessHash, now, events);
	if (call === undefined) return events;
	// An older description of the call is stale; an ended call (groupCallDiscarded) carries no version.
	if (known && info.state !== 'ended' && info.version < call.version) return events;
	// A call known only from a service message has no title or recording yet: its first description is no change.
	const described = known && call.version > 0;
	const before = { phase: call.phase, title: call.title, recording: call.recording };
	call.accessHash = info.accessHash;
	call.title = info.title;
	call.recording = info.recordingSince !== null;
	call.participantsCount = info.participantsCount;
	call.scheduledFor = info.scheduledFor ?? call.scheduledFor;
	call.version = Math.max(call.version, info.version);
	if (info.state === 'ended') call.title = before.title ?? info.title;
	const target: CallPhase = info.state;
	if (!known || RANK[target] > RANK[before.phase]) {
		events.push(...advance(memory, call, known ? before.phase : 'none', target, { at: now, duration: info.duration, now }));
		return events;
	}
	if (call.phase === 'ended' || !described) return events;
	if (before.title !== call.title) events.push(event(memory, call, 'titleChanged', now, { previousTitle: before.title }));
	if (before.recording !== call.recording) events.push(event(memory, call, call.recording ? 'recordingStarted' : 'recordingStopped', now));
	return events;
}

/** A call's service message (started, ended, scheduled, users invited); one already handled is ignored. */
export function observeMessage(memory: ChatMemory, message: CallMessage, now: number): WatchEvent[] {
	if (memory.lastMessageId !== null && message.messageId <= memory.lastMessageId) return [];
	memory.lastMessageId = message.messageId;
	const events: WatchEvent[] = [];
	const known = memory.call?.id === message.call.callId;
	const call = callOf(memory, message.call.callId, message.call.accessHash, now, events);
	if (call === undefined) return events;
	const from: CallPhase | 'none' = known ? call.phase : 'none';
	const at = message.date;
	const { action } = message;
	switch (action.kind) {
		case 'scheduled':
			call.scheduledFor = action.scheduledFor;
			if (RANK[from] < RANK.scheduled) events.push(...advance(memory, call, from, 'scheduled', { at, duration: null, now }));
			break;
		case 'started':
			if (RANK[from] < RANK.active) events.push(...advance(memory, call, from, 'active', { at, duration: null, now }));
			break;
		case 'ended':
			if (RANK[from] < RANK.ended) events.push(...advance(memory, call, from, 'ended', { at, duration: action.duration, now }));
			break;
		case 'invited':
			if (call.phase === 'ended') break;
			// Invitations go to running calls: one the trigger has not seen start did start.
			if (RANK[from] < RANK.active) events.push(...advance(memory, call, from, 'active', { at, duration: null, now }));
			events.push(event(memory, call, 'usersInvited', at, { invitedUserIds: [...action.userIds], inviterId: message.fromUserId }));
			break;
	}
	return events;
}

/** A re-read found the remembered call gone from its chat and could not read the call itself: it ended. */
export function observeCallGone(memory: ChatMemory, now: number): WatchEvent[] {
	const call = memory.call;
	if (call === null || call.phase === 'ended') return [];
	return advance(memory, call, call.phase, 'ended', { at: now, duration: null, now });
}

/**
 * The remembered call with this id; a new one replaces it (a chat has one call at a time, so a running one
 * that is replaced ended); undefined for a call of this chat that already ended.
 */
function callOf(memory: ChatMemory, callId: string, accessHash: string, now: number, events: WatchEvent[]): RememberedCall | undefined {
	if (memory.endedCallIds.includes(callId)) return undefined;
	const current = memory.call;
	if (current?.id === callId) return current;
	if (current !== null && current.phase !== 'ended') events.push(...advance(memory, current, current.phase, 'ended', { at: now, duration: null, now }));
	const fresh: RememberedCall = {
		id: callId,
		accessHash,
		phase: 'scheduled',
		title: null,
		recording: false,
		version: 0,
		participantsCount: 0,
		scheduledFor: null,
		startedAt: null,
	};
	memory.call = fresh;
	memory.participants = null;
	return fresh;
}

/** The events of moving `call` from `from` to `to`, each step once; the memory ends up at `to`. */
function advance(
	memory: ChatMemory,
	call: RememberedCall,
	from: CallPhase | 'none',
	to: CallPhase,
	when: { at: number; duration: number | null; now: number },
): WatchEvent[] {
	const events: WatchEvent[] = [];
	if (to === 'scheduled') {
		call.phase = 'scheduled';
		if (from === 'none') events.push(event(memory, call, 'callScheduled', when.at));
		return events;
	}
	// A call never seen running did run if it comes up running, or ends having lasted; a scheduled call that is
	// cancelled ends without starting.
	const started = RANK[from] < RANK.active && (to === 'active' || from === 'none' || (when.duration ?? 0) > 0);
	if (started) {
		call.phase = 'active';
		call.startedAt = to === 'ended' && when.duration !== null ? when.at - when.duration : when.at;
		// Everyone found in it from now on joined it.
		memory.participants = {};
		events.push(event(memory, call, 'callStarted', call.startedAt));
	}
	if (to === 'active') return events;
	events.push(...endCall(memory, call, when));
	return events;
}

/** Everyone still in the call leaves with it, then the call ends. */
function endCall(memory: ChatMemory, call: RememberedCall, when: { at: number; duration: number | null }): WatchEvent[] {
	const events: WatchEvent[] = [];
	for (const peer of Object.values(memory.participants ?? {})) {
		events.push(event(memory, call, 'participantLeft', when.at, { peer, timeInCall: Math.max(0, when.at - peer.joinedAt) }));
	}
	call.phase = 'ended';
	call.participantsCount = 0;
	memory.participants = null;
	memory.endedCallIds = [...memory.endedCallIds, call.id].slice(-ENDED_CALLS_KEPT);
	const duration = when.duration ?? (call.startedAt === null ? null : Math.max(0, when.at - call.startedAt));
	events.push(event(memory, call, 'callEnded', when.at, { duration }));
	return events;
}

function event(memory: ChatMemory, call: RememberedCall, name: WatchEvent['event'], at: number, details: Partial<WatchEvent> = {}): WatchEvent {
	return { event: name, at, chat: { ...memory.chat }, call: { ...call }, ...details };
}
