/**
 * "Pause Between Requests" per account, across executions (and, in queue mode, across n8n's processes): every
 * paced invite request of the account reserves a send slot at least the pause after the previous slot (its own
 * pause and the one the previous sender asked for, whichever is longer), atomically, and waits for it.
 */
export interface AccountPacing {
	/** Reserves the account's next send slot; resolves to how long to wait (ms) before sending. */
	reserve(accountKey: string, pauseMs: number): Promise<number>;
}

/** The longest pause the option allows; a slot older than this can no longer delay anyone. */
export const MAX_PAUSE_MS = 3_600_000;

/** One account's pacing: the last reserved slot and the earliest the next may be (both ms since the epoch). */
export interface PacingSlot {
	last: number;
	next: number;
}

/** The reservation rule, once, for memory and (as its Lua twin) Redis: the slot and the account's new state. */
export function nextSlot(previous: PacingSlot | undefined, now: number, pauseMs: number): { slot: number; state: PacingSlot } {
	const slot = previous === undefined ? now : Math.max(now, previous.next, previous.last + pauseMs);
	return { slot, state: { last: slot, next: slot + pauseMs } };
}

/** Pacing within this process (regular mode, and the fast tests with a fake clock). */
export class MemoryPacing implements AccountPacing {
	private readonly slots = new Map<string, PacingSlot>();

	constructor(private readonly now: () => number = Date.now) {}

	async reserve(accountKey: string, pauseMs: number): Promise<number> {
		const now = this.now();
		const { slot, state } = nextSlot(this.slots.get(accountKey), now, pauseMs);
		this.slots.delete(accountKey);
		this.slots.set(accountKey, state);
		this.forgetStale(now);
		return slot - now;
	}

	/** Accounts whose last slot is over MAX_PAUSE_MS old no longer delay anyone (the oldest come first). */
	private forgetStale(now: number): void {
		for (const [key, state] of this.slots) {
			if (state.last + MAX_PAUSE_MS > now) return;
			this.slots.delete(key);
		}
	}
}

/**
 * The shared pacing, or this process's when the shared one fails (Redis unreachable mid-run): the pause then
 * still holds within the process, and the execution goes on rather than failing on its pacing.
 */
export class PacingWithFallback implements AccountPacing {
	constructor(
		private readonly shared: AccountPacing,
		private readonly local: AccountPacing = new MemoryPacing(),
	) {}

	async reserve(accountKey: string, pauseMs: number): Promise<number> {
		try {
			return await this.shared.reserve(accountKey, pauseMs);
		} catch {
			return await this.local.reserve(accountKey, pauseMs);
		}
	}
}
