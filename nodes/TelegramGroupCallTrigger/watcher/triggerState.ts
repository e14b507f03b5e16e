/**
 * What the trigger remembers per workflow (in n8n's workflow static data), so that a restart or a reconnect
 * compares against what it last reported instead of replaying or losing events. Plain JSON: ids as decimal
 * strings, dates Unix seconds. docs/decisions/0016-trigger-events.md.
 */

export const STATE_VERSION = 1;

/** How far a call got, in the only order calls move: a phase never goes back. */
export type CallPhase = 'scheduled' | 'active' | 'ended';

export interface RememberedChat {
	kind: 'channel' | 'chat';
	id: string;
	title: string;
	username: string | null;
}

export interface RememberedCall {
	id: string;
	accessHash: string;
	phase: CallPhase;
	title: string | null;
	recording: boolean;
	/** The highest version of the call seen; older descriptions of it are stale. */
	version: number;
	participantsCount: number;
	scheduledFor: number | null;
	/** When it started (the service message's date, or when the trigger first saw it active); null if not yet. */
	startedAt: number | null;
}

/** Someone in a call, as last polled: a user, or a channel/group they joined as. */
export interface RememberedPeer {
	id: string;
	kind: 'user' | 'chat';
	username: string | null;
	firstName: string | null;
	lastName: string | null;
	title: string | null;
	joinedAt: number;
}

export interface ChatMemory {
	chat: RememberedChat;
	/** The chat's current (or last) call; null when none was ever seen. */
	call: RememberedCall | null;
	/** Calls of this chat that ended (newest last, a few): late news about them is old news. */
	endedCallIds: string[];
	/** Who was in the active call at the last poll, by peer key; null: not polled yet (the next poll is a baseline). */
	participants: Record<string, RememberedPeer> | null;
	/** The newest call service message handled; null until the first one. */
	lastMessageId: number | null;
}

export interface TriggerState {
	version: typeof STATE_VERSION;
	/** Which Chats setting this memory belongs to: another setting starts over (baseline, no events). */
	selection: string;
	chats: Record<string, ChatMemory>;
}

export const ENDED_CALLS_KEPT = 5;

export function chatKey(chat: { kind: 'channel' | 'chat'; id: string }): string {
	return `${chat.kind}:${chat.id}`;
}

export function peerKey(peer: { kind: 'user' | 'chat'; id: string }): string {
	return `${peer.kind}:${peer.id}`;
}

export function emptyState(selection: string): TriggerState {
	return { version: STATE_VERSION, selection, chats: {} };
}

/**
 * The remembered state if it is this version's and for this selection; otherwise a fresh one (a first activation,
 * an upgrade or a changed Chats setting: the trigger then records the present and reports nothing for it).
 */
export function restoreState(saved: unknown, selection: string): TriggerState {
	if (!isRecord(saved) || saved.version !== STATE_VERSION || saved.selection !== selection || !isRecord(saved.chats)) {
		return emptyState(selection);
	}
	const chats: Record<string, ChatMemory> = {};
	for (const [key, memory] of Object.entries(saved.chats)) {
		// n8n hands static data over as an observable proxy, which structuredClone refuses: copy it as JSON.
		if (isChatMemory(memory)) chats[key] = JSON.parse(JSON.stringify(memory)) as ChatMemory;
	}
	return { version: STATE_VERSION, selection, chats };
}

function isChatMemory(value: unknown): value is ChatMemory {
	if (!isRecord(value) || !isRecord(value.chat) || !Array.isArray(value.endedCallIds)) return false;
	const { chat, call, participants, lastMessageId } = value;
	return (
		(chat.kind === 'channel' || chat.kind === 'chat') &&
		typeof chat.id === 'string' &&
		(call === null || (isRecord(call) && typeof call.id === 'string' && typeof call.phase === 'string' && typeof call.version === 'number')) &&
		(participants === null || isRecord(participants)) &&
		(lastMessageId === null || typeof lastMessageId === 'number')
	);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
