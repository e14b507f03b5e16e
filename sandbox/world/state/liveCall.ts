import { deriveInt64 } from '../derivedValues';
import type { WorldCall, WorldChat, WorldRecording } from '../worldFile';
import type { CallSnapshot } from './callLog';

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
		return this.call.recording?.startDate;
	}

	get recording(): WorldRecording | undefined {
		return this.call.recording;
	}

	get joinMuted(): boolean {
		return this.call.joinMuted === true;
	}

	/** groupCall.can_change_join_muted: the world file's value, else whether the account manages calls here. */
	get canChangeJoinMuted(): boolean {
		return this.call.canChangeJoinMuted ?? this.chat.canManageCall === true;
	}

	/** The hash speaker links carry (`?videochat=<hash>`): the world file's, else one derived from the call id. */
	get inviteHash(): string {
		return this.call.inviteHash ?? hexHash(`speaker-link:${this.call.id}`);
	}

	/** The call as it is now, for the change log. */
	snapshot(): CallSnapshot {
		return {
			state: this.call.state,
			title: this.call.title ?? null,
			scheduleDate: this.call.scheduleDate ?? null,
			version: this.versionValue,
			duration: this.call.state === 'ended' ? this.durationValue : null,
		};
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

	/** A user joins the running call (listed with default flags, joined `now`); already in it: nothing changes. */
	join(userId: string, now: number): void {
		if (this.call.state !== 'active' || this.participantIds.has(userId)) return;
		this.participantIds.add(userId);
		this.call.participants.push(userId);
		this.call.participantDetails = { ...this.call.participantDetails, [userId]: { date: now } };
		this.changed();
	}

	/**
	 * A user leaves the running call; answers the seconds they spent in it (from their join date; 0 when the world
	 * file gives none), or undefined when they were not in it.
	 */
	leave(userId: string, now: number): number | undefined {
		if (!this.participantIds.has(userId)) return undefined;
		const joinedAt = this.call.participantDetails?.[userId]?.date;
		this.participantIds.delete(userId);
		this.call.participants.splice(this.call.participants.indexOf(userId), 1);
		if (this.call.participantDetails !== undefined) {
			const { [userId]: _left, ...others } = this.call.participantDetails;
			this.call.participantDetails = others;
		}
		this.changed();
		return joinedAt === undefined ? 0 : Math.max(0, now - joinedAt);
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
		delete this.call.recording;
		this.changed();
	}

	setTitle(title: string | undefined): void {
		if (title === undefined) delete this.call.title;
		else this.call.title = title;
		this.changed();
	}

	setRecording(recording: WorldRecording | undefined): void {
		if (recording === undefined) delete this.call.recording;
		else this.call.recording = recording;
		this.changed();
	}

	setJoinMuted(joinMuted: boolean): void {
		this.call.joinMuted = joinMuted;
		this.changed();
	}

	/** reset_invite_hash: speaker links exported before stop matching; the world file shows the new hash. */
	resetInviteHash(): void {
		// Seeded by the hash it replaces, so a world saved after a reset and loaded again still moves on.
		this.call.inviteHash = hexHash(`speaker-link:${this.call.id}:after:${this.inviteHash}`);
		this.changed();
	}

	private changed(): void {
		this.versionValue += 1;
	}
}

function hexHash(seed: string): string {
	return BigInt.asUintN(64, BigInt(deriveInt64(seed))).toString(16);
}
