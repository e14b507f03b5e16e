import type { WorldCall, WorldChat } from '../worldFile';

/**
 * A group call and its chat, with the state Telegram keeps beside the world file's fields (version, start time,
 * recording). Changes go to the WorldCall object itself, so the world read back (toJSON) shows them.
 */
export class LiveCall {
	private readonly participantIds: Set<string>;
	private readonly invitedIds: Set<string>;
	private versionValue = 1;
	private startedAt: number | undefined;
	private durationValue = 0;
	private recordStart: number | undefined;

	constructor(
		readonly chat: WorldChat,
		readonly call: WorldCall,
		/** Unix seconds the call started, when known (a call active in the world file started "some time ago"). */
		startedAt?: number,
	) {
		this.participantIds = new Set(call.participants);
		this.invitedIds = new Set(call.invited);
		this.startedAt = startedAt;
	}

	get id(): string {
		return this.call.id;
	}

	get accessHash(): string {
		return this.call.accessHash;
	}

	get state(): WorldCall['state'] {
		return this.call.state;
	}

	/** Grows with every change, as Telegram's groupCall.version does. */
	get version(): number {
		return this.versionValue;
	}

	/** Seconds the call lasted, once ended (0 when its start is unknown). */
	get duration(): number {
		return this.durationValue;
	}

	get recordStartDate(): number | undefined {
		return this.recordStart;
	}

	isParticipant(userId: string): boolean {
		return this.participantIds.has(userId);
	}

	/** Invited by the account: in the world file's `invited` list or invited during this run. */
	hasInvited(userId: string): boolean {
		return this.invitedIds.has(userId);
	}

	markInvited(userId: string): void {
		if (this.invitedIds.has(userId)) return;
		this.invitedIds.add(userId);
		this.call.invited.push(userId);
	}

	start(now: number): void {
		this.call.state = 'active';
		delete this.call.scheduleDate;
		this.startedAt = now;
		this.changed();
	}

	end(now: number): void {
		this.call.state = 'ended';
		delete this.call.scheduleDate;
		this.durationValue = this.startedAt === undefined ? 0 : Math.max(0, now - this.startedAt);
		this.call.participants.length = 0;
		delete this.call.participantDetails;
		this.participantIds.clear();
		this.recordStart = undefined;
		this.changed();
	}

	setTitle(title: string | undefined): void {
		if (title === undefined) delete this.call.title;
		else this.call.title = title;
		this.changed();
	}

	setRecording(startDate: number | undefined): void {
		this.recordStart = startDate;
		this.changed();
	}

	private changed(): void {
		this.versionValue += 1;
	}
}
