import type { CallWatch, CallWatchEvents, TelegramError } from '../../../../nodes/TelegramGroupCall/transport';
import { CallWatcher, type ChatSelection } from '../../../../nodes/TelegramGroupCallTrigger/watcher/callWatcher';
import type { TriggerEventName } from '../../../../nodes/TelegramGroupCallTrigger/watcher/events';
import { TRIGGER_EVENTS } from '../../../../nodes/TelegramGroupCallTrigger/watcher/events';
import type { WatchClock } from '../../../../nodes/TelegramGroupCallTrigger/watcher/pollTimer';
import { restoreState, type TriggerState } from '../../../../nodes/TelegramGroupCallTrigger/watcher/triggerState';
import type { WatchEvent } from '../../../../nodes/TelegramGroupCallTrigger/watcher/watchEvent';
import { MemoryGateway } from '../../TelegramGroupCall/support/memoryGateway';

/** A clock whose timers run only when the test fires them. */
export class FakeClock implements WatchClock {
	ms = 1_800_000_000_000;
	private readonly timers = new Map<number, { at: number; run: () => void }>();
	private nextId = 1;

	now(): number {
		return this.ms;
	}

	setTimeout(run: () => void, ms: number): unknown {
		const id = this.nextId++;
		this.timers.set(id, { at: this.ms + ms, run });
		return id;
	}

	clearTimeout(handle: unknown): void {
		this.timers.delete(handle as number);
	}

	get pending(): number {
		return this.timers.size;
	}

	/** Moves the clock to the earliest timer and runs it; false when none is set. */
	fireNext(): boolean {
		const next = [...this.timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
		if (next === undefined) return false;
		this.timers.delete(next[0]);
		this.ms = Math.max(this.ms, next[1].at);
		next[1].run();
		return true;
	}
}

/** The transport's watch, driven by the test: it hands the updates and connection events in. */
export class FakeWatch implements CallWatch {
	events: CallWatchEvents | undefined;
	closed = 0;
	started = 0;
	/** Fails the start with this error instead. */
	startError: unknown;
	/** The start (connecting, then listening) lasts until this settles. */
	connecting: Promise<void> | undefined;

	async start(events: CallWatchEvents): Promise<CallWatch> {
		this.started++;
		await this.connecting;
		if (this.startError !== undefined) throw this.startError;
		this.events = events;
		return this;
	}

	async close(): Promise<void> {
		this.closed++;
		this.events = undefined;
	}

	get on(): CallWatchEvents {
		if (this.events === undefined) throw new Error('the watch is not listening');
		return this.events;
	}
}

/** The memory gateway, counting the sessions the watcher holds open. */
export class HistoryGateway extends MemoryGateway {
	sessionsOpen = 0;

	/** The `afterMessageId` of every history read. */
	get messageReads(): number[] {
		return this.requests('getCallMessages').map((request) => Number(request.args[1]));
	}

	/** How many times the chats' calls were read. */
	get chatCallReads(): number {
		return this.requests('getChatCalls').length;
	}
}

export interface RigOptions {
	selection?: ChatSelection;
	events?: readonly TriggerEventName[];
	pollIntervalMs?: number;
	/** What an earlier activation saved (static data). */
	saved?: unknown;
	gateway?: HistoryGateway;
	clock?: FakeClock;
}

/** A watcher over the memory gateway, a fake watch and a fake clock, recording what it emits and saves. */
export class WatcherRig {
	readonly gateway: HistoryGateway;
	readonly clock: FakeClock;
	readonly watch = new FakeWatch();
	readonly emitted: WatchEvent[][] = [];
	readonly failures: TelegramError[] = [];
	readonly warnings: string[] = [];
	saved: TriggerState | undefined;
	readonly watcher: CallWatcher;

	constructor(options: RigOptions = {}) {
		this.gateway = options.gateway ?? new HistoryGateway();
		this.clock = options.clock ?? new FakeClock();
		const selection = options.selection ?? { mode: 'all' };
		const key = selection.mode === 'all' ? 'all' : selection.chats.map(({ reference }) => reference.key).join(',');
		this.watcher = new CallWatcher({
			selection,
			events: new Set(options.events ?? TRIGGER_EVENTS),
			pollIntervalMs: options.pollIntervalMs ?? 10_000,
			state: restoreState(options.saved, key),
			saveState: (state) => {
				this.saved = structuredClone(state);
			},
			openSession: async () => {
				this.gateway.sessionsOpen++;
				return { gateway: this.gateway, release: () => void this.gateway.sessionsOpen-- };
			},
			startWatch: async (events) => await this.watch.start(events),
			emit: (events) => this.emitted.push(events),
			fail: (error) => this.failures.push(error),
			warn: (message) => this.warnings.push(message),
			clock: this.clock,
		});
	}

	/** Every event emitted so far, flattened, as "event callId [peer]". */
	get names(): string[] {
		return this.emitted.flat().map((event) => [event.event, event.call.id, event.peer?.id].filter((part) => part !== undefined).join(' '));
	}

	/** Waits until the watcher has handled everything handed to it (and re-armed its timer). */
	async settle(): Promise<void> {
		for (let round = 0; round < 5; round++) {
			await this.watcher.idle();
			await new Promise((resolve) => setImmediate(resolve));
		}
	}

	/** Runs the poll timer once and waits for the poll. */
	async poll(): Promise<void> {
		if (!this.clock.fireNext()) throw new Error('no poll was due');
		await this.settle();
	}
}
