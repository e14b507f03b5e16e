import { CancelledError } from '../errors/cancellation';
import type { Cancellable, CancelScope } from './cancelScope';

/** One pending operation: a link in its queue's list (oldest first) and an entry of its cancel scope. */
class Pending implements Cancellable {
	previous: Pending | undefined;

	next: Pending | undefined;

	done = false;

	constructor(
		private readonly queue: DeadlineQueue,
		readonly deadline: number,
		readonly label: string,
		readonly reject: (error: unknown) => void,
		readonly scope: CancelScope | undefined,
	) {}

	cancel(): void {
		if (this.queue.finish(this)) this.reject(new CancelledError());
	}
}

/**
 * Deadlines for operations that all get the same time limit (a connection's requests): one timer for all of
 * them instead of a timer per operation. Deadlines are start + timeoutMs, so pending operations are in
 * deadline order when kept in start order; the timer is armed for the oldest one and, when it fires, fails
 * what is due and re-arms for the next. An operation that settles in time only unlinks itself, so a steady
 * stream of quick requests arms about one timer per `timeoutMs`. The timer keeps the process alive only while
 * something is pending.
 */
export class DeadlineQueue {
	private oldest: Pending | undefined;

	private newest: Pending | undefined;

	private timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		readonly timeoutMs: number,
		private readonly onTimeout: (label: string) => Error,
		private readonly now: () => number = () => performance.now(),
	) {}

	/** Operations not settled yet. */
	get pending(): number {
		let count = 0;
		for (let entry = this.oldest; entry; entry = entry.next) count++;
		return count;
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
			const entry = new Pending(this, this.now() + this.timeoutMs, label, reject, scope);
			this.append(entry);
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
		while (this.oldest) {
			const entry = this.oldest;
			this.finish(entry);
			entry.reject(error);
		}
	}

	/** Takes `entry` out (settled, timed out or cancelled); false when it already was. */
	finish(entry: Pending): boolean {
		if (entry.done) return false;
		entry.done = true;
		entry.scope?.untrack(entry);
		if (entry.previous) entry.previous.next = entry.next;
		else this.oldest = entry.next;
		if (entry.next) entry.next.previous = entry.previous;
		else this.newest = entry.previous;
		entry.previous = undefined;
		entry.next = undefined;
		// An idle connection must not keep the process alive; the armed timer stays for the next request.
		if (!this.oldest) this.timer?.unref();
		return true;
	}

	private append(entry: Pending): void {
		if (this.newest) {
			this.newest.next = entry;
			entry.previous = this.newest;
			this.newest = entry;
			return;
		}
		this.oldest = entry;
		this.newest = entry;
		// An armed timer is due no later than this deadline: it was armed for an earlier one.
		if (this.timer) this.timer.ref();
		else this.arm(this.timeoutMs);
	}

	private arm(ms: number): void {
		this.timer = setTimeout(() => this.expire(), ms);
	}

	private expire(): void {
		this.timer = undefined;
		const now = this.now();
		while (this.oldest && this.oldest.deadline <= now) {
			const entry = this.oldest;
			this.finish(entry);
			entry.reject(this.onTimeout(entry.label));
		}
		// Timers may fire a fraction of a millisecond early by this clock: then the next one comes right after.
		if (this.oldest) this.arm(Math.max(1, Math.ceil(this.oldest.deadline - now)));
	}
}

function ignore(): void {}
