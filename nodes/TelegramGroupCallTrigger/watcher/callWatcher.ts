import { CancelledError } from '../../TelegramGroupCall/errors/cancellation';
import { settle } from '../../TelegramGroupCall/errors/settle';
import type {
	CallLookup,
	CallMessage,
	CallUpdate,
	CallWatch,
	CallWatchEvents,
	ChatRef,
	ChatReference,
	TelegramChat,
	TelegramError,
	TelegramGateway,
} from '../../TelegramGroupCall/transport';

import { observeCall, observeCallGone, observeMessage } from './callLifecycle';
import type { TriggerEventName } from './events';
import { diffParticipants, snapshotOf } from './participantDiff';
import { PollTimer, type WatchClock } from './pollTimer';
import { SerialQueue } from './serialQueue';
import { chatKey, type ChatMemory, type TriggerState } from './triggerState';
import type { WatchEvent } from './watchEvent';

/** What the watcher asks of Telegram: reads only. */
export type WatchGateway = Pick<TelegramGateway, 'findCall' | 'getCall' | 'getParticipantsPage' | 'listChats'> & {
	/** The chat's call service messages newer than `afterMessageId`, oldest first, at most `limit`. */
	getCallMessages?(chat: TelegramChat, afterMessageId: number, limit: number): Promise<CallMessage[]>;
};

export interface WatchSession {
	gateway: WatchGateway;
	release(): void;
}

export type ChatSelection =
	| { mode: 'all' }
	/** `label` is the chat as the person wrote it, for errors. */
	| { mode: 'chosen'; chats: ReadonlyArray<{ reference: ChatReference; label: string }> };

export interface CallWatcherOptions {
	selection: ChatSelection;
	events: ReadonlySet<TriggerEventName>;
	pollIntervalMs: number;
	/** The memory restored from static data (restoreState); the watcher changes it and hands it to saveState. */
	state: TriggerState;
	saveState(state: TriggerState): void;
	/** A gateway over the shared pooled connection; `signal` cancels its waits when the trigger closes. */
	openSession(signal: AbortSignal): Promise<WatchSession>;
	startWatch(events: CallWatchEvents): Promise<CallWatch>;
	/** Called with the events of one happening (an update, a re-read, a poll), in order; never with none. */
	emit(events: WatchEvent[]): void;
	/** The watch cannot go on (unrecoverable connection error); the watcher has stopped. */
	fail(error: TelegramError): void;
	/** Something went wrong that the next re-read or poll will make up for. No secrets in it. */
	warn(message: string): void;
	clock: WatchClock;
}

/** A chat that names no call found at activation: the Chats parameter is wrong. */
export class WatchedChatError extends Error {
	constructor(
		readonly label: string,
		readonly cause: unknown,
	) {
		super(`cannot watch ${label}`);
		this.name = 'WatchedChatError';
	}
}

const PARTICIPANTS_PAGE = 100;
const MAX_PARTICIPANT_PAGES = 1_000;
const MESSAGES_PAGE = 100;
const MAX_MESSAGE_PAGES = 10;

/**
 * Watches the chosen chats' calls for the trigger: lifecycle events from the connection's updates, joins and
 * leaves by polling the participant lists of running calls, and after every (re)connect a re-read of what
 * happened meanwhile. Everything that changes the memory runs one job at a time (SerialQueue).
 */
export class CallWatcher {
	private readonly queue = new SerialQueue();
	private readonly timer: PollTimer;
	private readonly abort = new AbortController();
	private watch: CallWatch | undefined;
	private closed = false;
	private online = false;
	/** Grows with every drop; a re-read that started after the last drop has seen everything. */
	private drops = 0;
	private syncedAtDrop = -1;
	private syncQueued = false;
	/** A re-read failed: the next tick does it again. */
	private syncOwed = false;

	constructor(private readonly options: CallWatcherOptions) {
		this.timer = new PollTimer(options.clock, options.pollIntervalMs, async () => await this.onTick());
	}

	/** Starts listening and records the present (a first activation reports nothing for it). Throws what activation should. */
	async start(): Promise<void> {
		// A `connected` during start is covered by this first re-read.
		this.syncQueued = true;
		const initial = this.queue.push(async () => await this.sync(true));
		const watch = await settle(async () => await this.options.startWatch(this.handlers()));
		if (!watch.ok) {
			await this.close();
			await settle(async () => await initial);
			throw watch.error;
		}
		this.watch = watch.value;
		this.online = true;
		const synced = await settle(async () => await initial);
		if (!synced.ok) {
			await this.close();
			throw synced.error;
		}
		this.armIfNeeded();
	}

	/** Stops the watch, the timer and any request in flight; nothing is left running. */
	async close(): Promise<void> {
		if (!this.closed) {
			this.closed = true;
			this.timer.stop();
			this.abort.abort();
		}
		const watch = this.watch;
		this.watch = undefined;
		await watch?.close();
		await this.queue.idle();
	}

	/** Settles when every update, re-read and poll received so far has been handled. */
	async idle(): Promise<void> {
		await this.queue.idle();
	}

	private handlers(): CallWatchEvents {
		return {
			update: (update) => {
				if (this.closed) return;
				void this.queue.push(async () => await this.guard(async () => await this.onUpdate(update)));
			},
			connected: () => {
				if (this.closed) return;
				this.online = true;
				if (this.syncQueued || this.syncedAtDrop === this.drops) {
					this.armIfNeeded();
					return;
				}
				this.queueSync();
			},
			disconnected: () => {
				this.online = false;
				this.drops++;
				this.timer.disarm();
			},
			failed: (error) => {
				if (this.closed) return;
				void this.close();
				this.options.fail(error);
			},
		};
	}

	private queueSync(): void {
		this.syncQueued = true;
		void this.queue.push(async () => await this.guard(async () => await this.sync(false)));
	}

	/** Runs a job's work; a failure is reported and made up for by the next re-read, never thrown. */
	private async guard(work: () => Promise<void>): Promise<void> {
		if (this.closed) return;
		const done = await settle(work);
		if (!done.ok && !this.closed && !(done.error instanceof CancelledError)) {
			this.syncOwed = true;
			this.options.warn(`The trigger could not read Telegram (${errorCode(done.error)}); it tries again in ${this.options.pollIntervalMs / 1000} s.`);
		}
		this.armIfNeeded();
	}

	private async onTick(): Promise<boolean> {
		await this.queue.push(async () =>
			await this.guard(async () => {
				if (this.syncOwed) await this.sync(false);
				else await this.pollAll();
			}),
		);
		return this.wantsTicks();
	}

	private wantsTicks(): boolean {
		return !this.closed && this.online && (this.syncOwed || Object.values(this.options.state.chats).some((memory) => memory.call?.phase === 'active'));
	}

	private armIfNeeded(): void {
		if (this.wantsTicks()) this.timer.arm();
		else this.timer.disarm();
	}

	private now(): number {
		return Math.floor(this.options.clock.now() / 1000);
	}

	/**
	 * Re-reads every watched chat: the service messages missed since the last one handled, the remembered call if
	 * it is no longer the chat's, the chat's call now, and the participants of running calls. A chat seen for the
	 * first time is only recorded (its present is no event).
	 */
	private async sync(activation: boolean): Promise<void> {
		this.syncQueued = false;
		this.syncedAtDrop = this.drops;
		const session = await this.options.openSession(this.abort.signal);
		try {
			const { gateway } = session;
			const watched = await this.watchedChats(gateway, activation);
			const { state } = this.options;
			const events: WatchEvent[] = [];
			const keep = new Set<string>();
			for (const { chat, lookup } of watched) {
				const key = chatKey(chat);
				keep.add(key);
				const baseline = state.chats[key] === undefined;
				const memory = (state.chats[key] ??= newMemory(chat));
				memory.chat = { kind: chat.kind, id: chat.id, title: chat.title, username: chat.username ?? null };
				const found = await this.catchUp(gateway, memory, chat, lookup, baseline);
				if (baseline) {
					// Who is in a call now is the baseline of the first poll, not a crowd of joins.
					memory.participants = null;
				} else {
					events.push(...found);
				}
			}
			if (this.options.selection.mode === 'chosen') {
				for (const key of Object.keys(state.chats)) if (!keep.has(key)) delete state.chats[key];
			}
			for (const memory of Object.values(state.chats)) events.push(...(await this.pollParticipants(gateway, memory)));
			this.syncOwed = false;
			this.commit(events);
		} finally {
			session.release();
		}
	}

	private async catchUp(gateway: WatchGateway, memory: ChatMemory, chat: TelegramChat, lookup: CallLookup, baseline: boolean): Promise<WatchEvent[]> {
		const events: WatchEvent[] = [];
		if (!baseline && memory.lastMessageId !== null && gateway.getCallMessages !== undefined) {
			for (const message of await this.missedMessages(gateway, chat, memory.lastMessageId)) {
				events.push(...observeMessage(memory, message, this.now()));
			}
		}
		const current = lookup.call;
		const remembered = memory.call;
		if (remembered !== null && remembered.phase !== 'ended' && remembered.id !== current?.callId) {
			const read = await settle(async () => await gateway.getCall({ callId: remembered.id, accessHash: remembered.accessHash }));
			if (read.ok) events.push(...observeCall(memory, read.value, this.now()));
			events.push(...observeCallGone(memory, this.now()));
		}
		if (current !== undefined) {
			const info = await gateway.getCall({ callId: current.callId, accessHash: current.accessHash });
			events.push(...observeCall(memory, info, this.now()));
		}
		return events;
	}

	private async missedMessages(gateway: WatchGateway, chat: TelegramChat, after: number): Promise<CallMessage[]> {
		const messages: CallMessage[] = [];
		let last = after;
		for (let page = 0; page < MAX_MESSAGE_PAGES && gateway.getCallMessages !== undefined; page++) {
			const read = await gateway.getCallMessages(chat, last, MESSAGES_PAGE);
			const newer = read.filter((message) => message.messageId > last).sort((a, b) => a.messageId - b.messageId);
			messages.push(...newer);
			if (newer.length === 0 || read.length < MESSAGES_PAGE) break;
			last = newer[newer.length - 1].messageId;
		}
		return messages;
	}

	/** The chats to watch now, each with its call as Telegram names it. */
	private async watchedChats(gateway: WatchGateway, activation: boolean): Promise<Array<{ chat: TelegramChat; lookup: CallLookup }>> {
		const { selection, state } = this.options;
		const watched: Array<{ chat: TelegramChat; lookup: CallLookup }> = [];
		if (selection.mode === 'chosen') {
			for (const { reference, label } of selection.chats) {
				const found = await settle(async () => await gateway.findCall(reference));
				if (!found.ok) {
					if (activation) throw new WatchedChatError(label, found.error);
					throw found.error;
				}
				const chat = found.value.chat ?? found.value.call?.chat;
				if (chat !== undefined) watched.push({ chat, lookup: found.value });
			}
			return dedupeChats(watched);
		}
		const listed = await gateway.listChats();
		const chats = new Map(listed.map((chat) => [chatKey(chat), chat]));
		// Chats an update named earlier stay watched even when the listing does not reach them.
		for (const [key, memory] of Object.entries(state.chats)) {
			if (!chats.has(key)) chats.set(key, { kind: memory.chat.kind, id: memory.chat.id, title: memory.chat.title, username: memory.chat.username ?? undefined });
		}
		for (const chat of chats.values()) {
			const found = await settle(async () => await gateway.findCall(chatIdReference(chat)));
			// A chat the account left or cannot read any more is not watched.
			if (!found.ok) continue;
			watched.push({ chat: found.value.chat ?? chat, lookup: found.value });
		}
		return watched;
	}

	private async onUpdate(update: CallUpdate): Promise<void> {
		const named = update.type === 'call' ? update.chat : update.message.chat;
		const callId = update.type === 'call' ? update.call.callId : update.message.call.callId;
		const memory = await this.memoryFor(named, callId);
		if (memory === undefined) return;
		const events = update.type === 'call' ? observeCall(memory, update.call, this.now()) : observeMessage(memory, update.message, this.now());
		this.commit(events);
	}

	/** The memory of the chat an update names; with All Chats a chat not seen before is looked up and watched. */
	private async memoryFor(named: ChatRef | null, callId: string): Promise<ChatMemory | undefined> {
		const { state, selection } = this.options;
		if (named === null) {
			return Object.values(state.chats).find((memory) => memory.call?.id === callId || memory.endedCallIds.includes(callId));
		}
		const known = state.chats[chatKey(named)];
		if (known !== undefined || selection.mode === 'chosen') return known;
		const session = await this.options.openSession(this.abort.signal);
		try {
			const lookup = await session.gateway.findCall({ kind: 'chatId', key: chatKey(named), chatId: named.id, chatKind: named.kind });
			const chat = lookup.chat ?? lookup.call?.chat ?? { kind: named.kind, id: named.id, title: '' };
			return (state.chats[chatKey(named)] ??= newMemory(chat));
		} finally {
			session.release();
		}
	}

	private async pollAll(): Promise<void> {
		const session = await this.options.openSession(this.abort.signal);
		try {
			const events: WatchEvent[] = [];
			for (const memory of Object.values(this.options.state.chats)) events.push(...(await this.pollParticipants(session.gateway, memory)));
			this.commit(events);
		} finally {
			session.release();
		}
	}

	/**
	 * Reads a running call's participants (all pages; the first comes with the call, so an end is noticed too) and
	 * reports who joined and left since the last poll. The first poll of a call the trigger found running is the
	 * baseline.
	 */
	private async pollParticipants(gateway: WatchGateway, memory: ChatMemory): Promise<WatchEvent[]> {
		const call = memory.call;
		if (call === null || call.phase !== 'active') return [];
		const handle = { callId: call.id, accessHash: call.accessHash };
		const participants = [];
		const seen = new Set<string>();
		let offset = '';
		let info;
		for (let page = 0; page < MAX_PARTICIPANT_PAGES; page++) {
			const read = await gateway.getParticipantsPage(handle, offset, PARTICIPANTS_PAGE);
			info ??= read.call;
			participants.push(...read.participants);
			if (read.nextOffset === '' || seen.has(read.nextOffset)) break;
			seen.add(read.nextOffset);
			offset = read.nextOffset;
		}
		const now = this.now();
		const events = info === undefined ? [] : observeCall(memory, info, now);
		if (memory.call?.id !== call.id || memory.call.phase !== 'active') return events;
		const snapshot = snapshotOf(participants);
		const before = memory.participants;
		memory.participants = snapshot;
		if (before === null) return events;
		const { left, joined } = diffParticipants(before, snapshot);
		for (const peer of left) {
			events.push({ event: 'participantLeft', at: now, chat: { ...memory.chat }, call: { ...call }, peer, timeInCall: Math.max(0, now - peer.joinedAt) });
		}
		for (const peer of joined) {
			events.push({ event: 'participantJoined', at: peer.joinedAt, chat: { ...memory.chat }, call: { ...call }, peer });
		}
		return events;
	}

	/** Stores the memory first (n8n saves static data when the trigger emits), then reports the chosen events. */
	private commit(events: WatchEvent[]): void {
		this.options.saveState(this.options.state);
		if (this.closed) return;
		const chosen = events.filter((event) => this.options.events.has(event.event));
		if (chosen.length > 0) this.options.emit(chosen);
	}
}

function newMemory(chat: TelegramChat): ChatMemory {
	return {
		chat: { kind: chat.kind, id: chat.id, title: chat.title, username: chat.username ?? null },
		call: null,
		endedCallIds: [],
		participants: null,
		lastMessageId: null,
	};
}

function chatIdReference(chat: Pick<TelegramChat, 'kind' | 'id'>): ChatReference {
	return { kind: 'chatId', key: chatKey(chat), chatId: chat.id, chatKind: chat.kind };
}

/** The same chat named twice (@name and its id) is watched once. */
function dedupeChats<T extends { chat: TelegramChat }>(watched: T[]): T[] {
	const seen = new Set<string>();
	return watched.filter(({ chat }) => {
		const key = chatKey(chat);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

function errorCode(error: unknown): string {
	if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
	return error instanceof Error ? error.name : 'unknown error';
}
