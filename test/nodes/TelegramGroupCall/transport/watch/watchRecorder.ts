// What a call watcher was told, in order, and a way to wait for what it expects (event-driven: no timers; the
// test runner's timeout bounds a wait that never ends).
import type { CallUpdate, CallWatchEvents, TelegramError } from '../../../../../nodes/TelegramGroupCall/transport';

export type WatchEntry =
	| { kind: 'update'; update: CallUpdate }
	| { kind: 'connected' }
	| { kind: 'disconnected'; reason: string }
	| { kind: 'failed'; error: TelegramError };

export class WatchRecorder implements CallWatchEvents {
	readonly entries: WatchEntry[] = [];

	private waiters: Array<{ done: () => boolean; resolve: () => void }> = [];

	update(update: CallUpdate): void {
		this.record({ kind: 'update', update });
	}

	connected(): void {
		this.record({ kind: 'connected' });
	}

	disconnected(reason: string): void {
		this.record({ kind: 'disconnected', reason });
	}

	failed(error: TelegramError): void {
		this.record({ kind: 'failed', error });
	}

	get updates(): CallUpdate[] {
		return this.entries.flatMap((entry) => (entry.kind === 'update' ? [entry.update] : []));
	}

	count(kind: WatchEntry['kind']): number {
		return this.entries.filter((entry) => entry.kind === kind).length;
	}

	/** Resolves once `done()` holds (checked now and after every entry). */
	async until(done: () => boolean): Promise<void> {
		if (done()) return;
		await new Promise<void>((resolve) => this.waiters.push({ done, resolve }));
	}

	private record(entry: WatchEntry): void {
		this.entries.push(entry);
		const waiting = this.waiters;
		this.waiters = [];
		for (const waiter of waiting) {
			if (waiter.done()) waiter.resolve();
			else this.waiters.push(waiter);
		}
	}
}

/** A short name for an update, to compare sequences. */
export function describeCallUpdate(update: CallUpdate): string {
	if (update.type === 'call') {
		const { call } = update;
		const extras = [call.title, call.recordingSince === null ? undefined : 'recording', call.state === 'ended' ? `duration=${String(call.duration)}` : undefined];
		return ['call', call.state, ...extras.filter((extra) => extra !== undefined && extra !== null)].join(':');
	}
	if (update.type === 'migrated') return `migrated:${update.from.kind}:${update.from.id}->${update.to.kind}:${update.to.id}`;
	const { action } = update.message;
	if (action.kind === 'ended') return `message:ended:${action.duration}`;
	if (action.kind === 'invited') return `message:invited:${action.userIds.join(',')}`;
	return `message:${action.kind}`;
}

/** The chat an update is about, as "kind:id" ("?" when Telegram did not say). */
export function chatOfUpdate(update: CallUpdate): string {
	const chat = update.type === 'call' ? update.chat : update.type === 'migrated' ? update.from : update.message.chat;
	return chat === null ? '?' : `${chat.kind}:${chat.id}`;
}
