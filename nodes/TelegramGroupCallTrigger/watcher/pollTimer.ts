/** The clock the watcher runs on: the real one in n8n, a fake one in the logic tests. */
export interface WatchClock {
	/** Milliseconds since the epoch. */
	now(): number;
	setTimeout(run: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export const systemClock: WatchClock = {
	now: () => Date.now(),
	setTimeout: (run, ms) => setTimeout(run, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Runs `tick` every `intervalMs` while wanted: the next wait starts when the tick has finished (and only if it
 * answers true), so ticks never overlap and a slow poll spaces the next one out instead of piling up. At most
 * one timer exists at a time.
 */
export class PollTimer {
	private handle: unknown;
	private running = false;
	private stopped = false;

	constructor(
		private readonly clock: WatchClock,
		private readonly intervalMs: number,
		private readonly tick: () => Promise<boolean>,
	) {}

	/** Makes sure a tick comes within the interval (no-op when one is already due or running). */
	arm(): void {
		if (this.stopped || this.running || this.handle !== undefined) return;
		this.handle = this.clock.setTimeout(() => void this.fire(), this.intervalMs);
	}

	/** Cancels the coming tick; `arm` starts again. */
	disarm(): void {
		if (this.handle === undefined) return;
		this.clock.clearTimeout(this.handle);
		this.handle = undefined;
	}

	/** For good: no tick after this one. */
	stop(): void {
		this.stopped = true;
		this.disarm();
	}

	get armed(): boolean {
		return this.handle !== undefined;
	}

	private async fire(): Promise<void> {
		this.handle = undefined;
		this.running = true;
		let again = false;
		try {
			again = await this.tick();
		} finally {
			this.running = false;
		}
		if (again) this.arm();
	}
}
