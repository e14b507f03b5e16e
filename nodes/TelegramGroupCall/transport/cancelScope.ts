/** Something pending that a CancelScope can stop. */
export interface Cancellable {
	cancel(): void;
}

/**
 * The cancellation of one execution for many requests: one abort listener on the execution's signal (added
 * on first use, removed by close()) instead of one per request. Requests register while pending; on abort,
 * each of them is cancelled.
 */
export class CancelScope {
	private readonly pending = new Set<Cancellable>();

	private listening = false;

	constructor(private readonly signal?: AbortSignal) {}

	get aborted(): boolean {
		return this.signal?.aborted === true;
	}

	/** Cancels `entry` when the signal aborts, until untrack(). A scope without a signal never cancels. */
	track(entry: Cancellable): void {
		if (!this.signal) return;
		if (!this.listening) {
			this.listening = true;
			this.signal.addEventListener('abort', this.onAbort, { once: true });
		}
		this.pending.add(entry);
	}

	untrack(entry: Cancellable): void {
		this.pending.delete(entry);
	}

	/** Removes the listener from the signal (the execution is done with this scope). */
	close(): void {
		if (!this.listening) return;
		this.listening = false;
		this.signal?.removeEventListener('abort', this.onAbort);
	}

	private readonly onAbort = (): void => {
		this.listening = false;
		const entries = [...this.pending];
		this.pending.clear();
		for (const entry of entries) entry.cancel();
	};
}
