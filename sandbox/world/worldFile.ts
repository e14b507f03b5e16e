/**
 * The scenario file ("world") the sandbox serves, version 1. Documented in docs/sandbox-world.md.
 * Ids and access hashes are decimal strings: they are 64-bit and must never pass through JS `number`.
 */

export type DecimalId = string;

export interface WorldAccount {
	id: DecimalId;
	/** The account's own access hash (Telegram gives one to `self` too). Optional; parseWorld derives one from the id. */
	accessHash?: DecimalId;
	firstName: string;
	lastName?: string;
	username?: string;
	/** Digits only, without '+'. */
	phone: string;
	/** The code auth.sendCode "sends" (login flow). */
	loginCode?: string;
	/** 2FA password; absent = no 2FA. */
	password?: string;
	passwordHint?: string;
}

export interface WorldUser {
	id: DecimalId;
	accessHash: DecimalId;
	firstName: string;
	lastName?: string;
	username?: string;
	/** Digits only, without '+'. */
	phone?: string;
	bot?: boolean;
	deleted?: boolean;
	/** Privacy settings forbid inviting this user: USER_PRIVACY_RESTRICTED. */
	inviteRestricted?: boolean;
	/**
	 * Joins a running call as soon as this account invites them (as people do who tap the invitation), so the
	 * participant list changes after an invite. A model: Telegram says nothing about when invitees join.
	 */
	joinsWhenInvited?: boolean;
	/** In the account's contacts (contacts.getContacts, phone lookup). */
	contact?: boolean;
}

export type CallState = 'active' | 'scheduled' | 'ended';

export interface WorldCall {
	id: DecimalId;
	accessHash: DecimalId;
	state: CallState;
	title?: string;
	/** Unix seconds; for scheduled calls. */
	scheduleDate?: number;
	/** User ids currently in the call. */
	participants: DecimalId[];
	/** User ids the account has already invited. */
	invited: DecimalId[];
	/** How the account itself joined: as itself, or anonymously as a channel. */
	joinedAs: 'self' | 'channel';
	/** New participants join muted (groupCall.join_muted). Absent = false. */
	joinMuted?: boolean;
	/**
	 * Whether the account may change join_muted (groupCall.can_change_join_muted). Absent = the chat's
	 * canManageCall; false with canManageCall makes toggling it answer GROUPCALL_CHANGE_FORBIDDEN.
	 */
	canChangeJoinMuted?: boolean;
	/** The hash of the call's speaker links (`?videochat=<hash>`), lowercase hex; reset_invite_hash replaces it. Absent = derived from the id. */
	inviteHash?: string;
	/** The recording running now; only an active call can be recorded. */
	recording?: WorldRecording;
	/** How participants appear in the list, keyed by user id (each in `participants`); absent = the defaults. */
	participantDetails?: Record<DecimalId, WorldParticipant>;
	/** Muted participants ("listeners") are counted but not listed, as in large calls (groupCall.listeners_hidden). */
	listenersHidden?: boolean;
}

/** A recording of a call (phone.toggleGroupCallRecord). Telegram sends the file to the account's Saved Messages. */
export interface WorldRecording {
	/** Unix seconds. */
	startDate: number;
	title?: string;
	/** Video streams are recorded too (record_video_active). */
	video: boolean;
	/** With video: portrait rather than landscape. */
	videoPortrait?: boolean;
}

/** One participant's entry (groupCallParticipant) beyond the user id. Every field is optional. */
export interface WorldParticipant {
	/** Default true: new participants join muted. */
	muted?: boolean;
	/** Default true: they may unmute themselves (false: an admin muted them). */
	canSelfUnmute?: boolean;
	/** Set while their hand is raised: higher ratings were raised earlier (Telegram's ordering key). */
	raiseHandRating?: number;
	video?: boolean;
	/** Sharing their screen. */
	presentation?: boolean;
	/** 1–20000, 10000 = 100 %; absent = 100 %. */
	volume?: number;
	/** The bio shown in the call. */
	about?: string;
	/** Unix seconds they joined; default the world's epoch. */
	date?: number;
	/** Unix seconds they last spoke or raised a hand. */
	activeDate?: number;
	/** A supergroup or channel (chat id) they joined as: the list shows it, not the user. */
	joinedAs?: DecimalId;
}

export type ChatKind = 'group' | 'supergroup' | 'channel';

export interface WorldChat {
	id: DecimalId;
	/** Channels and supergroups have one; basic groups do not. */
	accessHash?: DecimalId;
	kind: ChatKind;
	title: string;
	username?: string;
	/** User ids (the account's own id included when it is a member). */
	members: DecimalId[];
	/** The account may manage calls here (create, discard, edit, record, start). */
	canManageCall?: boolean;
	call?: WorldCall;
	/**
	 * A basic group Telegram upgraded to a supergroup: the id of that supergroup (a chat of the world, kind
	 * "supergroup"). The group is then deactivated: its calls happen in the supergroup.
	 */
	migratedTo?: DecimalId;
}

export type BatchMode = 'atomic' | 'partial' | 'lenient';

/** Telegram method names as in Telegram's schema, e.g. "phone.inviteToGroupCall". */
export type TlMethodName = string;

export type Fault =
	/** Answer the n-th call of `method` with FLOOD_WAIT_<seconds>, applying nothing. */
	| { method: TlMethodName; call: number; action: 'floodWait'; seconds: number }
	/** Close the connection on the n-th call, before applying it or after applying it (the answer is lost). */
	| { method: TlMethodName; call: number; action: 'drop'; when: 'before' | 'after' }
	/** Never answer the n-th call (nothing applied). */
	| { method: TlMethodName; call: number; action: 'hang' }
	/** Answer the n-th call with this error, applying nothing. */
	| { method: TlMethodName; call: number; action: 'error'; code: number; message: string };

/** FLOOD_WAIT after `requests` look-ups within `windowSeconds` (a model, not Telegram's numbers). */
export interface ResolveUsernameLimit {
	requests: number;
	windowSeconds: number;
}

export interface WorldBehaviour {
	/** What an invite with a failing user does. Default 'atomic'. */
	batch: BatchMode;
	/** More users in one invite than this: USERS_TOO_MUCH. Default 10. */
	maxUsersPerInvite: number;
	/** Added before every answer (a simulated round trip). Default 0. */
	latencyMs: number;
	/** After this many users invited by the account, every invite answers 400 PEER_FLOOD. Absent = never. */
	peerFloodAfterInvites?: number;
	/** A model of Telegram's limit on contacts.resolveUsername: at most this many per account and window. Absent = none. */
	resolveUsernameLimit?: ResolveUsernameLimit;
	/**
	 * One auth key used by two open connections with different MTProto sessions at once: the key is invalidated
	 * (406 AUTH_KEY_DUPLICATED from then on). Absent = false.
	 */
	authKeyDuplicated?: boolean;
	/** Faults keyed to the n-th call of a method (counted per sandbox run, 1-based). */
	faults: Fault[];
}

export interface WorldFile {
	version: 1;
	apiId: number;
	apiHash: string;
	me: WorldAccount;
	users: WorldUser[];
	chats: WorldChat[];
	behaviour: WorldBehaviour;
}
