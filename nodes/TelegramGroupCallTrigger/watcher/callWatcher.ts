import { CancelledError } from '../../TelegramGroupCall/errors/cancellation';
import { settle } from '../../TelegramGroupCall/errors/settle';
import { describeError } from '../../TelegramGroupCall/errors/catalog';
import { botApiChatId } from '../../TelegramGroupCall/input/parseCallReference';
import { TelegramError, type CallUpdate, type CallWatch, type CallWatchEvents, type ChatCallState, type ChatRef, type ChatReference } from '../../TelegramGroupCall/transport';

import { observeCall, observeCallGone, observeMessage } from './callLifecycle';
import type { TriggerEventName } from './events';
import { readMissedMessages } from './missedMessages';
import { diffParticipants, snapshotOf } from './participantDiff';
import { PollTimer, type WatchClock } from './pollTimer';
import { SerialQueue } from './serialQueue';
import { chatKey, type ChatMemory, type TriggerState } from './triggerState';
import type { WatchEvent } from './watchEvent';
import type { WatchGateway, WatchSession } from './watchGateway';

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
	/** `signal` aborts a start still connecting when the trigger closes. */
	startWatch(events: CallWatchEvents, signal: AbortSignal): Promise<CallWatch>;
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
/** A warning names this many of the chats that could not be read (All Chats may have hundreds). */
const NAMED_UNREAD_CHATS = 5;

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
	/**
	 * Chats whose history has not been read since the last drop: a message or call update pushed for one of them is
	 * left to the re-read, or it would move the chat's last message past the ones missed (and never read), or end
	 * its call before the invitations missed in it are read.
	 */
	private behind = new Set<string>();
	/** Upgraded groups the user was told about (once each per activation). */
	private readonly warnedUpgrades = new Set<string>();
	/** The Chosen Chats by id, once found. */
	private resolvedChats: ChatRef[] | undefined;
	/** Until start() settles, an unrecoverable watch error is the activation's error, not the trigger's. */
	private starting = true;
	private startFailure: TelegramError | undefined;

	constructor(private readonly options: CallWatcherOptions) {
		this.timer = new PollTimer(options.clock, options.pollIntervalMs, async () => await this.onTick());
	}

	/** Starts listening and records the present (a first activation reports nothing for it). Throws what activation should. */
	async start(): Promise<void> {
		// A `connected` during start is covered by this first re-read. It reads once the watch listens (Telegram
		// pushes nothing before): what happens while the watch connects is in the read, not lost between the two.
		// Updates arriving meanwhile wait behind it and are judged against it.
		this.syncQueued = true;
		let listening: (listens: boolean) => void = () => {};
		const listens = new Promise<boolean>((resolve) => (listening = resolve));
		const initial = this.queue.push(async () => {
			if (await listens) await this.sync(true);
		});
		const watch = await settle(async () => await this.options.startWatch(this.handlers(), this.abort.signal));
		listening(watch.ok);
		if (!watch.ok) {
			await this.close();
			await settle(async () => await initial);
			throw watch.error;
		}
		this.watch = watch.value;
		this.online = true;
		const synced = await settle(async () => await initial);
		if (!synced.ok || this.startFailure !== undefined) {
			await this.close();
			// Its read was cancelled by the watch giving up: the watch's error says why.
			throw this.startFailure ?? (synced.ok ? undefined : synced.error);
		}
		this.starting = false;
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
				this.behind = new Set(Object.keys(this.options.state.chats));
				this.timer.disarm();
			},
			failed: (error) => {
				if (this.closed) return;
				void this.close();
				if (this.starting) this.startFailure = error;
				else this.options.fail(error);
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
	 * Re-reads every watched chat: the service messages missed since the last message handled, the remembered call
	 * if it is no longer the chat's, the chat's call now, and the participants of running calls. A chat seen for
	 * the first time is only recorded (its present is no event). A chat that cannot be read does not hold up the
	 * others: it stays behind, and the next tick re-reads everything (the chats caught up find nothing new). A
	 * history Telegram refuses for good is skipped (catchUp), not read again every tick.
	 */
	private async sync(activation: boolean): Promise<void> {
		this.syncQueued = false;
		this.syncedAtDrop = this.drops;
		const session = await this.options.openSession(this.abort.signal);
		// The memory moves as each chat is caught up: if a later read fails, what was caught up is still reported.
		const events: WatchEvent[] = [];
		let committed = false;
		try {
			const { gateway } = session;
			const { state } = this.options;
			const keep = new Set<string>();
			const unread: Array<{ title: string; error: unknown }> = [];
			const watched = await this.watchedChats(gateway, activation);
			for (const found of watched) {
				const key = chatKey(found.chat);
				keep.add(key);
				if (found.chat.migratedFrom !== undefined) events.push(...(await this.followUpgrade(gateway, found.chat, found.chat.migratedFrom)));
				const baseline = state.chats[key] === undefined;
				const memory = (state.chats[key] ??= newMemory(found.chat));
				memory.chat = { kind: found.chat.kind, id: found.chat.id, title: found.chat.title, username: found.chat.username ?? null };
				// What the memory moved by before a read failed is reported too: it is not seen again.
				const caught: WatchEvent[] = [];
				const read = await settle(async () => await this.catchUp(gateway, memory, found, caught));
				if (baseline) {
					// Who is in a call now is the baseline of the first poll, not a crowd of joins.
					memory.participants = null;
				} else {
					events.push(...caught);
				}
				if (read.ok) {
					this.behind.delete(key);
					continue;
				}
				if (stopsEverything(read.error)) throw read.error;
				// Its pushed messages wait for the re-read that reads its history (at activation it was not behind yet).
				this.behind.add(key);
				unread.push({ title: memory.chat.title, error: read.error });
			}
			// A chat no longer among the account's (left, or no longer chosen) is no longer watched.
			for (const key of Object.keys(state.chats)) if (!keep.has(key)) delete state.chats[key];
			// Such a chat, if it comes back, is new: nothing of it is left to read.
			for (const key of this.behind) if (!keep.has(key)) this.behind.delete(key);
			const polled = await this.pollEach(gateway);
			events.push(...polled.events);
			this.syncOwed = unread.length > 0;
			committed = true;
			this.commit(events);
			if (unread.length > 0) {
				const named = unread.slice(0, NAMED_UNREAD_CHATS).map(({ title, error }) => `${title}: ${errorCode(error)}`);
				const which = [...named, ...(unread.length > named.length ? ['…'] : [])].join(', ');
				this.options.warn(`The trigger could not read ${unread.length} of ${watched.length} chats (${which}); it tries again in ${this.options.pollIntervalMs / 1000} s.`);
			}
			// Reported by guard, which owes the next tick a re-read.
			if (polled.failure !== undefined) throw polled.failure;
		} finally {
			// A failed activation saves nothing: the next one starts again from what was saved.
			if (!committed && !activation) this.commit(events);
			session.release();
		}
	}

	/**
	 * The basic group `groupId` was upgraded to `supergroup`: its memory (a saved state's too) moves to the
	 * supergroup's key, after the group's own missed messages are read. Everything in the supergroup came after
	 * the upgrade, so its history is read from the start (catchUp): a call started there meanwhile is reported,
	 * and a message pushed later is known by its id, never reported twice. Warns once per group (All Chats: only
	 * for a group it watched).
	 */
	private async followUpgrade(gateway: WatchGateway, supergroup: ChatCallState['chat'], groupId: string): Promise<WatchEvent[]> {
		const { state } = this.options;
		const oldKey = chatKey({ kind: 'chat', id: groupId });
		const memory = state.chats[oldKey];
		const events: WatchEvent[] = [];
		if (memory !== undefined) {
			if (state.chats[chatKey(supergroup)] === undefined) {
				if (memory.lastMessageId !== null) {
					// The group's newest message is not known here (it is no longer listed): read up to the bound, and
					// say so if the group had more. A read that fails leaves the memory where it was, for the next re-read.
					const missed = await readMissedMessages(gateway, memory, Number.MAX_SAFE_INTEGER, (warning) => this.options.warn(warning));
					for (const message of missed.messages) events.push(...observeMessage(memory, message, this.now()));
				}
				memory.chat = { kind: supergroup.kind, id: supergroup.id, title: supergroup.title, username: supergroup.username ?? null };
				memory.lastMessageId = 0;
				state.chats[chatKey(supergroup)] = memory;
			}
			delete state.chats[oldKey];
			this.behind.delete(oldKey);
		}
		// All Chats names no group: an upgrade it never watched (an old one) is nothing to tell.
		const concerned = memory !== undefined || this.options.selection.mode === 'chosen';
		if (concerned && !this.warnedUpgrades.has(groupId)) {
			this.warnedUpgrades.add(groupId);
			this.options.warn(upgradeWarning(groupId, supergroup, this.options.selection.mode));
		}
		return events;
	}

	/** Brings one chat's memory up to now, adding to `events` as the memory moves (also when a later read fails). */
	private async catchUp(gateway: WatchGateway, memory: ChatMemory, found: ChatCallState, events: WatchEvent[]): Promise<void> {
		if (memory.lastMessageId === null) {
			// Nothing handled in this chat yet: its history so far is the past, not news.
			memory.lastMessageId = found.topMessageId;
		} else if (found.topMessageId > memory.lastMessageId) {
			const missed = await settle(async () => await readMissedMessages(gateway, memory, found.topMessageId, (warning) => this.options.warn(warning)));
			if (missed.ok) {
				for (const message of missed.value.messages) events.push(...observeMessage(memory, message, this.now()));
				// The other messages read (or skipped) are behind the trigger too.
				memory.lastMessageId = Math.max(memory.lastMessageId, missed.value.readUpTo);
			} else if (refusesTheHistory(missed.error)) {
				// Telegram refuses this chat's history for good (MSG_ID_INVALID, CHANNEL_PRIVATE, CHAT_ADMIN_REQUIRED, …):
				// trying again every tick would only repeat the warning while the chat's call went unwatched. What was
				// missed is skipped, said once; the chat's call is still read below and watched from now on.
				this.options.warn(
					`The trigger cannot read the history of ${memory.chat.title} (${errorCode(missed.error)}); invitations and call messages there since it last read it were skipped. Its call is still watched.`,
				);
				memory.lastMessageId = found.topMessageId;
			} else {
				throw missed.error;
			}
		}
		const remembered = memory.call;
		if (remembered !== null && remembered.phase !== 'ended' && remembered.id !== found.call?.callId) {
			const read = await settle(async () => await gateway.getCall({ callId: remembered.id, accessHash: remembered.accessHash }));
			if (read.ok) events.push(...observeCall(memory, read.value, this.now()));
			// Only Telegram refusing the call says it is gone; a read that failed (a flood wait, a timeout) says nothing.
			else if (!refusesTheCall(read.error)) throw read.error;
			events.push(...observeCallGone(memory, this.now()));
		}
		if (found.call !== null) events.push(...observeCall(memory, found.call, this.now()));
	}

	/** The chats to watch now, each with its call and newest message id. */
	private async watchedChats(gateway: WatchGateway, activation: boolean): Promise<ChatCallState[]> {
		const { selection } = this.options;
		if (selection.mode === 'all') return await gateway.getChatCalls();
		const refs = await this.chosenRefs(gateway, selection.chats, activation);
		const found = await gateway.getChatCalls(refs);
		// An upgraded group is answered by its supergroup.
		const listed = new Set(found.flatMap(({ chat }) => [chatKey(chat), ...(chat.migratedFrom === undefined ? [] : [chatKey({ kind: 'chat', id: chat.migratedFrom })])]));
		const missing = refs.filter((ref) => !listed.has(chatKey(ref)));
		if (missing.length > 0) this.options.warn(`The trigger cannot read ${missing.length} of the chosen chats (the account may have left them).`);
		return found;
	}

	/** The chosen chats as ids, found once (an @username costs a request). */
	private async chosenRefs(gateway: WatchGateway, chats: ReadonlyArray<{ reference: ChatReference; label: string }>, activation: boolean): Promise<ChatRef[]> {
		if (this.resolvedChats !== undefined) return this.resolvedChats;
		const refs = new Map<string, ChatRef>();
		for (const { reference, label } of chats) {
			const found = await settle(async () => await gateway.findCall(reference));
			if (!found.ok) {
				if (activation) throw new WatchedChatError(label, found.error);
				throw found.error;
			}
			const chat = found.value.chat ?? found.value.call?.chat;
			// An upgraded group is watched by its own id: each re-read then follows it and moves its saved memory.
			const ref: ChatRef | undefined = chat?.migratedFrom !== undefined ? { kind: 'chat', id: chat.migratedFrom } : chat && { kind: chat.kind, id: chat.id };
			if (ref !== undefined) refs.set(chatKey(ref), ref);
		}
		this.resolvedChats = [...refs.values()];
		return this.resolvedChats;
	}

	private async onUpdate(update: CallUpdate): Promise<void> {
		if (update.type === 'migrated') {
			// A watched group became a supergroup: a re-read moves its memory there and reads what the supergroup
			// already has. Its second message (from the other side) finds nothing left to move.
			if (this.options.state.chats[chatKey(update.from)] !== undefined) await this.sync(false);
			return;
		}
		const named = update.type === 'call' ? update.chat : update.message.chat;
		const callId = update.type === 'call' ? update.call.callId : update.message.call.callId;
		// After a drop, an update may be pushed before `connected`, or after a re-read that failed: the chat's
		// re-read makes up for it, in order. A message is read from the history with the ones missed; a call's
		// state is read from the chat's call now and the remembered call. Handled now, a call's end would come
		// before the invitations missed in its history, and those would then be dropped (the call had ended).
		if (named !== null && this.behind.has(chatKey(named))) return;
		const memory = await this.memoryFor(named, callId, update.type === 'message' ? update.message.messageId : undefined);
		if (memory === undefined || this.behind.has(chatKey(memory.chat))) return;
		const events = update.type === 'call' ? observeCall(memory, update.call, this.now()) : observeMessage(memory, update.message, this.now());
		this.commit(events);
	}

	/** The memory of the chat an update names; with All Chats a chat not seen before is looked up and watched. */
	private async memoryFor(named: ChatRef | null, callId: string, messageId: number | undefined): Promise<ChatMemory | undefined> {
		const { state, selection } = this.options;
		if (named === null) {
			return Object.values(state.chats).find((memory) => memory.call?.id === callId || memory.endedCallIds.includes(callId));
		}
		const known = state.chats[chatKey(named)];
		if (known !== undefined || selection.mode === 'chosen') return known;
		const session = await this.options.openSession(this.abort.signal);
		try {
			const [found] = await session.gateway.getChatCalls([named]);
			// A chat the account is not in (any more) is not watched.
			if (found === undefined) return undefined;
			const memory = (state.chats[chatKey(named)] ??= newMemory(found.chat));
			// The chat's history so far is the past, except the message this update brings.
			memory.lastMessageId ??= messageId === undefined ? found.topMessageId : Math.min(found.topMessageId, messageId - 1);
			return memory;
		} finally {
			session.release();
		}
	}

	/** Polls every running call; one that cannot be read does not hold up the others (the next tick re-reads all). */
	private async pollAll(): Promise<void> {
		const session = await this.options.openSession(this.abort.signal);
		try {
			const polled = await this.pollEach(session.gateway);
			this.commit(polled.events);
			if (polled.failure !== undefined) throw polled.failure;
		} finally {
			session.release();
		}
	}

	/**
	 * The events of polling each running call, and the first failure (cancellation is thrown at once). A chat still
	 * behind is left alone: a poll could end its call before the invitations missed in its history are read.
	 */
	private async pollEach(gateway: WatchGateway): Promise<{ events: WatchEvent[]; failure: unknown }> {
		const events: WatchEvent[] = [];
		let failure: unknown;
		for (const [key, memory] of Object.entries(this.options.state.chats)) {
			if (this.behind.has(key)) continue;
			const polled = await settle(async () => await this.pollParticipants(gateway, memory));
			if (polled.ok) events.push(...polled.value);
			else if (polled.error instanceof CancelledError) throw polled.error;
			else failure ??= polled.error;
		}
		return { events, failure };
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

function newMemory(chat: ChatCallState['chat']): ChatMemory {
	return {
		chat: { kind: chat.kind, id: chat.id, title: chat.title, username: chat.username ?? null },
		call: null,
		endedCallIds: [],
		participants: null,
		lastMessageId: null,
	};
}

/**
 * Errors after which no chat can be read: cancellation (the trigger closes) and the catalog's account scope (the
 * connection retires; the watch reconnects, with a re-read, or reports `failed`).
 */
function stopsEverything(error: unknown): boolean {
	return error instanceof CancelledError || (error instanceof TelegramError && describeError(error.code, error.httpCode).scope === 'account');
}

/**
 * Telegram refuses to read the chat's history with an answer that stays the same however often it is asked: the
 * catalog's call scope (the chat or the message id is refused, the account may not read it). Transient and
 * unknown errors are tried again.
 */
function refusesTheHistory(error: unknown): boolean {
	return error instanceof TelegramError && describeError(error.code, error.httpCode).scope === 'call';
}

/** Telegram answered about the call itself (GROUPCALL_INVALID, GROUPCALL_FORBIDDEN, …), as opposed to a read that failed. */
function refusesTheCall(error: unknown): boolean {
	if (!(error instanceof TelegramError)) return false;
	const { scope } = describeError(error.code, error.httpCode);
	return scope === 'call' || scope === 'user';
}

/** What the user reads when a watched group was upgraded: in Chosen Chats, to name the supergroup instead. */
function upgradeWarning(groupId: string, supergroup: ChatCallState['chat'], mode: ChatSelection['mode']): string {
	const from = botApiChatId('chat', groupId);
	const to = botApiChatId('channel', supergroup.id);
	const what = `Telegram upgraded the group ${from} to a supergroup: the trigger now watches the supergroup ${to} ("${supergroup.title}").`;
	return mode === 'chosen' ? `${what} Change the chat to ${to} in Chats.` : what;
}

function errorCode(error: unknown): string {
	if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
	return error instanceof Error ? error.name : 'unknown error';
}
