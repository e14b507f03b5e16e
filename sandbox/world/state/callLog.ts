import type { CallState } from '../worldFile';

/** What a change did to a call, in the words of Telegram's method that made it. */
export type CallChangeKind = 'created' | 'scheduled' | 'started' | 'ended' | 'retitled' | 'recording' | 'settings';

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
	/** The account whose request made the change. */
	readonly by: string;
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
