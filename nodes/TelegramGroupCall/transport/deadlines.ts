import { CancelledError } from '../errors/cancellation';
import type { Cancellable, CancelScope } from './cancelScope';

/** One pending operation: its own timer, and an entry of its cancel scope. */
class Pending implements Cancellable {
	timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly deadlines: DeadlineQueue,
		readonly reject: (error: unknown) => void,
		readonly scope: CancelScope | undefined,
	) {}

	cancel(): void {
		if (this.deadlines.finish(this)) this.reject(new CancelledError());
	}
}

/**
 * Time limits for a connection's requests, all with the same `timeoutMs`: a timer per request, cleared when it
 * settles (decision 0007: a single shared timer measured no faster). Kept together so that a connection known to
 * be dead can fail every pending request at once.
 */
export class DeadlineQueue {
	private readonly entries = new Set<Pending>();

	constructor(
		readonly timeoutMs: number,
		private readonly onTimeout: (label: string) => Error,
	) {}

	/** Operations not settled yet. */
	get pending(): number {
		return this.entries.size;
	}

	/**
	 * Settles with `promise`, or rejects with `onTimeout(label)` after `timeoutMs`, or with CancelledError when
	 * `scope` is cancelled (at once if it already is). The losing promise keeps running; its later rejection
	 * is swallowed so it cannot crash the process.
	 */
	race<T>(promise: Promise<T>, label: string, scope?: CancelScope): Promise<T> {
		if (scope?.aborted) {
			promise.catch(ignore);
			return Promise.reject(new CancelledError());
		}
		return new Promise<T>((resolve, reject) => {
			const entry = new Pending(this, reject, scope);
			entry.timer = setTimeout(() => {
				if (this.finish(entry)) reject(this.onTimeout(label));
			}, this.timeoutMs);
			this.entries.add(entry);
			scope?.track(entry);
			promise.then(
				(value) => {
					if (this.finish(entry)) resolve(value);
				},
				(error: unknown) => {
					if (this.finish(entry)) reject(error);
				},
			);
		});
	}

	/** Rejects every pending operation with `error` now (the connection under them is known to be dead). */
	failAll(error: Error): void {
		for (const entry of [...this.entries]) {
			this.finish(entry);
			entry.reject(error);
		}
	}

	/** Takes `entry` out (settled, timed out or cancelled); false when it already was. */
	finish(entry: Pending): boolean {
		if (!this.entries.delete(entry)) return false;
		clearTimeout(entry.timer);
		entry.scope?.untrack(entry);
		return true;
	}
}

function ignore(): void {}
