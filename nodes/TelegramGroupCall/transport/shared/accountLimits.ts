import { MemoryAccountState, type FloodMark } from '../accountState';
import type { AccountHold } from '../types';

/**
 * The part of an account's memory that every n8n process shares in queue mode: the FLOOD_WAITs per method and
 * the PEER_FLOOD hold, each with its end (milliseconds since the epoch). Users stay per process
 * (docs/decisions/0017-shared-account-state.md says why).
 */
export interface SharedAccountLimits {
	/** The limits other processes (or this one) recorded for the account that have not ended yet. */
	load(accountKey: string, now: number): Promise<AccountLimits>;
	/** Records a wait unless a longer one of the method is recorded; forgotten by the store when it ends. */
	saveFloodWait(accountKey: string, method: string, until: number, now: number): Promise<void>;
	/** Records the hold unless a longer one is recorded; forgotten by the store when it ends. */
	saveHold(accountKey: string, hold: AccountHold, now: number): Promise<void>;
}

export interface AccountLimits {
	floodWaits: Array<{ method: string; until: number }>;
	hold?: AccountHold;
}

/** Marks a flood wait met by another process (or an earlier execution): no execution's own retry policy knows it. */
export const FROM_SHARED_STORE = Symbol('recorded in the shared store');

/**
 * The in-process memory of an account, kept as the read cache of the shared limits: reads stay synchronous and
 * local; a flood wait or hold is written through to the shared store as it is remembered, and `refresh` loads
 * what other processes recorded (when an execution opens the session, and when this process takes the session's
 * lease, before anything is sent).
 */
export class SharedAccountState extends MemoryAccountState {
	constructor(
		private readonly shared: SharedAccountLimits,
		private readonly accountKey: string,
		private readonly now: () => number = Date.now,
	) {
		super();
	}

	override rememberFloodWait(method: string, mark: FloodMark): void {
		super.rememberFloodWait(method, mark);
		// Fire and forget: a lost write costs another process one request Telegram refuses; this one is protected.
		this.shared.saveFloodWait(this.accountKey, method, mark.until, this.now()).catch(() => undefined);
	}

	override rememberHold(hold: AccountHold): void {
		super.rememberHold(hold);
		this.shared.saveHold(this.accountKey, hold, this.now()).catch(() => undefined);
	}

	/** Adopts the limits recorded in the shared store that outlast what this process knows. */
	async refresh(): Promise<void> {
		const now = this.now();
		const limits = await this.shared.load(this.accountKey, now);
		for (const { method, until } of limits.floodWaits) {
			const known = this.floodWait(method, now);
			// Strictly later only: an execution's own mark, written through and read back, stays its own.
			if (until > now && (known === undefined || known.until < until)) super.rememberFloodWait(method, { until, setBy: FROM_SHARED_STORE });
		}
		if (limits.hold && limits.hold.until > now) super.rememberHold(limits.hold);
	}
}
