import type { CallReference } from '../input/parseCallReference';

/**
 * The transport's public vocabulary. Plain data only: actions and methods never see GramJS types.
 * Ids and access hashes are decimal strings (64-bit values never pass through JS numbers).
 */

export interface TelegramUser {
	id: string;
	accessHash: string;
	username?: string;
	firstName?: string;
	lastName?: string;
	bot: boolean;
	deleted: boolean;
	/** The account the session is logged in as. */
	self: boolean;
}

export interface TelegramChat {
	/** 'channel' covers supergroups and channels; 'chat' is a basic group. */
	kind: 'channel' | 'chat';
	id: string;
	accessHash?: string;
	title: string;
	username?: string;
	/** A broadcast channel (its calls are livestreams), not a supergroup. */
	broadcast?: boolean;
	/** The account may start, schedule and end calls here (creator, or admin with the manage_call right). */
	canManageCalls?: boolean;
	/**
	 * The bare id of the basic group the caller named, which Telegram upgraded ("migrated") to this supergroup:
	 * the lookup followed it (one hop), and the caller tells the user to name this chat from now on.
	 */
	migratedFrom?: string;
}

export interface GroupCallHandle {
	callId: string;
	accessHash: string;
	/** Known when the call was found through its chat; unknown for the "<callId>:<accessHash>" form. */
	chat?: TelegramChat;
	title?: string;
	/** Known when the call was checked with phone.getGroupCall (the "<callId>:<accessHash>" form). */
	state?: 'active' | 'scheduled';
	participantsCount?: number;
}

/**
 * A call as Telegram describes it (groupCall / groupCallDiscarded), for the operations that read or change a
 * call. Dates are Unix seconds; absent values are null.
 */
export interface GroupCallInfo {
	callId: string;
	accessHash: string;
	state: 'active' | 'scheduled' | 'ended';
	title: string | null;
	participantsCount: number;
	/** For a scheduled call: when it is due to start. */
	scheduledFor: number | null;
	/** While the call is being recorded: since when. */
	recordingSince: number | null;
	joinMuted: boolean;
	canChangeJoinMuted: boolean;
	/** Listeners are counted but not listed (large calls and livestreams). */
	listenersHidden: boolean;
	/** Ended calls: how long they lasted, in seconds. */
	duration: number | null;
	/** Grows with every change of the call. */
	version: number;
}

export interface InviteOutcome {
	/** The users Telegram reports invited, from the returned service message. */
	invitedUserIds: string[];
	/**
	 * False when the answer carried no service message for this call among other updates: then nobody can be
	 * confirmed. An answer with no updates at all is confirmed with nobody invited.
	 */
	confirmed: boolean;
	/** The connection was re-established while the request was pending, so GramJS may have sent it twice. */
	reconnected: boolean;
}

export interface CallParticipants {
	/** Users in the call now. */
	userIds: Set<string>;
	/**
	 * The account itself is in the call as a chat (a channel it joined as), not as a user: Telegram refuses
	 * its invitations (INVITE_FORBIDDEN_WITH_JOINAS), since they would reveal who is behind the channel.
	 */
	accountJoinedAsChat: boolean;
}

export interface ChatWithCall {
	chat: TelegramChat;
	callTitle?: string;
	state?: 'active' | 'scheduled';
}

/**
 * What a request that changes a call did: the call as Telegram describes it afterwards, or `changed: false`
 * when Telegram answered GROUPCALL_NOT_MODIFIED (the call already was that way).
 */
export type CallChange = { changed: true; call: GroupCallInfo } | { changed: false };

/** phone.toggleGroupCallSettings: each field sent only when set. */
export interface CallSettingsChange {
	joinMuted?: boolean;
	/** reset_invite_hash: speaker links exported before stop working. */
	resetInviteLink?: boolean;
}

/** phone.toggleGroupCallRecord: start (with an optional title, video and orientation) or stop. */
export type RecordingChange =
	| { start: true; title?: string; video?: boolean; videoPortrait?: boolean }
	| { start: false };

/** A chat, as Create names it: the call forms of the Call parameter ("<callId>:<accessHash>") are not chats. */
export type ChatReference = Exclude<CallReference, { kind: 'callId' }>;

export interface NewCall {
	chat: TelegramChat;
	/** Absent: Telegram uses the chat's title. */
	title?: string;
	/** Unix seconds; absent: the call starts now. */
	scheduleDate?: number;
	/**
	 * phone.createGroupCall's random_id, chosen once per call to create: a resend of the same request (after a
	 * dropped connection, or a retry) names the same id, so Telegram creates the call once.
	 */
	randomId: number;
}

/** What a Call parameter names: a call, or (for a chat or link) a chat that has no call now. */
export type CallLookup = { call: GroupCallHandle; chat?: TelegramChat } | { call: undefined; chat: TelegramChat };

/** Who a participant is in the call: a user, or a channel or group they joined as (their own identity hidden). */
export type ParticipantPeer =
	| { kind: 'user'; id: string; username?: string; firstName?: string; lastName?: string }
	| { kind: 'chat'; id: string; title?: string; username?: string };

/** One entry of a call's participant list (groupCallParticipant). Dates are Unix seconds. */
export interface CallParticipant {
	peer: ParticipantPeer;
	/** The account's own entry. */
	self: boolean;
	joinedAt: number;
	/** Last time they spoke or raised a hand; null when Telegram did not say. */
	lastActiveAt: number | null;
	muted: boolean;
	canSelfUnmute: boolean;
	raisedHand: boolean;
	video: boolean;
	screenSharing: boolean;
	/** Telegram's volume, 1–20000 (10000 = 100 %); null when not set (100 %). */
	volume: number | null;
	about: string | null;
	/** Telegram says this entry left the call (seen in updates, not normally in lists). */
	left: boolean;
}

export interface ParticipantsPage {
	participants: CallParticipant[];
	/** Where the next page starts; empty when this was the last page. */
	nextOffset: string;
	/** The call itself, on the first page (offset ""), which comes from phone.getGroupCall. */
	call?: GroupCallInfo;
}

/** The account is held back from inviting (after PEER_FLOOD) for a cool-down the run chose. */
export interface AccountHold {
	/** The error that started the hold, e.g. PEER_FLOOD. */
	code: string;
	/** Milliseconds since the epoch when the account may invite again. */
	until: number;
}

/** A chat as an update names it: a basic group ('chat') or a supergroup/channel ('channel'), by its bare id. */
export interface ChatRef {
	kind: 'channel' | 'chat';
	id: string;
}

/** What a call's service message says happened. */
export type CallMessageAction =
	| { kind: 'started' }
	| { kind: 'ended'; duration: number }
	| { kind: 'scheduled'; scheduledFor: number }
	| { kind: 'invited'; userIds: string[] };

/** A service message about a call (messageActionGroupCall, …Scheduled, …InviteToGroupCall). */
export interface CallMessage {
	chat: ChatRef;
	/** Grows within a chat (per channel, or the account's common box for basic groups). */
	messageId: number;
	date: number;
	/** Who did it (the admin who started the call, the inviter); null when Telegram did not say. */
	fromUserId: string | null;
	call: { callId: string; accessHash: string };
	action: CallMessageAction;
}

/** A chat's call and newest message, for a call watcher re-reading what it may have missed (getChatCalls). */
export interface ChatCallState {
	chat: TelegramChat;
	/**
	 * The chat's current call (active or scheduled) as phone.getGroupCall describes it now, or null when the chat
	 * has none. A call that ended between the two requests comes with state 'ended'.
	 */
	call: GroupCallInfo | null;
	/** The id of the chat's newest message: getCallMessages after the last id the watcher saw reads what is newer. */
	topMessageId: number;
}

/** One page of a chat's history after a message id, keeping only the calls' service messages (getCallMessages). */
export interface CallHistoryPage {
	/** The calls' service messages read, oldest first. */
	messages: CallMessage[];
	/** The newest message id read (any message, not only calls'); the id given when nothing newer was read. */
	readUpTo: number;
	/** Nothing newer than `readUpTo` is left; otherwise ask again after `readUpTo`. */
	complete: boolean;
}

/** What the operation and the node's methods may ask of Telegram. Implemented over GramJS in ./gramjs. */
export interface TelegramGateway {
	getMe(): Promise<TelegramUser>;
	/**
	 * Like findCall, for operations that need a call now: a chat without one is NO_ACTIVE_CALL, an ended call
	 * named by id CALL_ENDED (checked with getCall). A public chat may come from the account's memory.
	 */
	resolveCall(reference: CallReference): Promise<GroupCallHandle>;
	resolveUsername(username: string): Promise<TelegramUser>;
	resolvePhone(phoneDigits: string): Promise<TelegramUser>;
	/** A user this gateway already met with an access hash (in any answer of this execution); no request. */
	knownUser(userId: string): TelegramUser | undefined;
	/**
	 * Finds a user by id with an access hash: among the users already met (knownUser), then the call chat's
	 * members, then the call's participants, then users.getUsers. Undefined when Telegram would not reveal the
	 * user.
	 */
	findUserById(userId: string, call: GroupCallHandle): Promise<TelegramUser | undefined>;
	/** Everyone in the call (phone.getGroupParticipants, all pages), once per call and execution. */
	getCallParticipants(call: GroupCallHandle): Promise<CallParticipants>;
	inviteToGroupCall(call: GroupCallHandle, users: readonly TelegramUser[]): Promise<InviteOutcome>;
	listChatsWithCalls(filter?: string): Promise<ChatWithCall[]>;
	/** phone.editGroupCallTitle; the title is sent as given (the caller checks 1–64 characters). */
	editCallTitle(call: GroupCallHandle, title: string): Promise<CallChange>;
	toggleCallSettings(call: GroupCallHandle, settings: CallSettingsChange): Promise<CallChange>;
	toggleCallRecording(call: GroupCallHandle, recording: RecordingChange): Promise<CallChange>;
	/** phone.exportGroupCallInvite: the call's link; `asSpeaker` (admins only) lets those who join speak. */
	exportCallInvite(call: GroupCallHandle, options: { asSpeaker: boolean }): Promise<string>;
	/** The account's groups and channels, those where it may manage calls first (Create's "From List"). */
	listChats(filter?: string): Promise<TelegramChat[]>;
	/** phone.createGroupCall: starts or schedules a call; the call as Telegram answered it. */
	createGroupCall(call: NewCall): Promise<GroupCallInfo>;
	/** phone.startScheduledGroupCall; the call as it is after starting. */
	startScheduledGroupCall(call: Pick<GroupCallHandle, 'callId' | 'accessHash'>): Promise<GroupCallInfo>;
	/** phone.discardGroupCall: ends the call for everyone; the call as it ended (with its duration). */
	discardGroupCall(call: Pick<GroupCallHandle, 'callId' | 'accessHash'>): Promise<GroupCallInfo>;
	/**
	 * What a Call (or Chat) parameter names, without reading the call itself: a chat is resolved (CHAT_NOT_FOUND,
	 * NOT_A_GROUP) and its current call found, a chat without a call is an answer (`call` undefined); the
	 * "<callId>:<accessHash>" form costs no request (the request sent next checks it).
	 */
	findCall(reference: CallReference): Promise<CallLookup>;
	/** The call as Telegram describes it now (phone.getGroupCall without participants); ended calls included. */
	getCall(call: Pick<GroupCallHandle, 'callId' | 'accessHash'>): Promise<GroupCallInfo>;
	/**
	 * One page of the call's participant list, at most `limit` entries. The first page (offset "") comes with
	 * the call itself (phone.getGroupCall with `limit`), later ones from phone.getGroupParticipants, the way
	 * Telegram's apps load it; an ended call has no participants.
	 */
	getParticipantsPage(call: GroupCallHandle, offset: string, limit: number): Promise<ParticipantsPage>;
	/**
	 * Each of the account's groups and channels (only those of `chats`, when given; a chat not among the account's
	 * dialogs is left out) with its current call and newest message id. Cheap for many chats: one
	 * messages.getDialogs per 100 chats, and the full chat and phone.getGroupCall only where the chat's
	 * call_active flag says a call is on.
	 */
	getChatCalls(chats?: readonly ChatRef[]): Promise<ChatCallState[]>;
	/**
	 * The messages of `chat` newer than `afterMessageId`, at most `limit` (1–100) of them, oldest first, keeping
	 * the calls' service messages (messages.getHistory). A channel named by a ChatRef is found among the account's
	 * dialogs (CHAT_NOT_FOUND otherwise).
	 */
	getCallMessages(chat: TelegramChat | ChatRef, afterMessageId: number, limit: number): Promise<CallHistoryPage>;
	/**
	 * "Pause Between Requests" for the account, across its executions (and n8n's processes in queue mode): reserves
	 * the next invite slot at least `pauseMs` after the previous one and resolves to how long (ms) to wait before
	 * sending. 0 at once for a pause of 0 (such requests are not paced).
	 */
	reserveInviteSlot(pauseMs: number): Promise<number>;
	/**
	 * The supergroups this gateway reached by following a basic group Telegram upgraded (each with
	 * `migratedFrom`), once each, in the order met: what the node tells the user to name instead. No request.
	 */
	followedUpgrades(): TelegramChat[];
	/** The account's remembered hold (from this or an earlier execution), if it lasts beyond now. No request. */
	accountHold(): AccountHold | undefined;
	/** Remembers a hold for later executions of this account (the action decides how long). No request. */
	holdAccount(hold: AccountHold): void;
}
