import type { CallState } from '../worldFile';

/**
 * What a change did to a call, in the words of Telegram's method that made it; `joined`, `left` and `invited` are
 * other users' doings that the sandbox driver applies (sandbox.drive).
 */
export type CallChangeKind =
	| 'created'
	| 'scheduled'
	| 'started'
	| 'ended'
	| 'retitled'
	| 'recording'
	| 'settings'
	| 'joined'
	| 'left'
	| 'invited';

/** The call as it looked right after a change. */
export interface CallSnapshot {
	readonly state: CallState;
	readonly title: string | null;
	/** Unix seconds; scheduled calls only. */
	readonly scheduleDate: number | null;
	readonly version: number;
	/** Seconds the call lasted; ended calls only. */
	readonly duration: number | null;
}

export interface CallChangeRecord {
	readonly callId: string;
	readonly chatId: string;
	readonly kind: CallChangeKind;
	/** The user who made the change: the account whose request made it, or the user the driver acted as. */
	readonly by: string;
	/** Who joined, left or was invited (those kinds only). */
	readonly userIds?: readonly string[];
	/** Unix seconds, the sandbox's clock when the change was applied. */
	readonly at: number;
	readonly after: CallSnapshot;
}

/** Every change applied to any call during a sandbox run, in order: the ground truth tests read. */
export class CallLog {
	private readonly records: CallChangeRecord[] = [];

	record(change: CallChangeRecord): void {
		this.records.push(change);
	}

	/** All changes, or those of one call, oldest first. */
	all(callId?: string): readonly CallChangeRecord[] {
		return callId === undefined ? [...this.records] : this.records.filter((record) => record.callId === callId);
	}
}
