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

/** The account is held back from inviting (after PEER_FLOOD) for a cool-down the run chose. */
export interface AccountHold {
	/** The error that started the hold, e.g. PEER_FLOOD. */
	code: string;
	/** Milliseconds since the epoch when the account may invite again. */
	until: number;
}

/** What the operation and the node's methods may ask of Telegram. Implemented over GramJS in ./gramjs. */
export interface TelegramGateway {
	getMe(): Promise<TelegramUser>;
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
	/** Whether the call is running or only scheduled (phone.getGroupCall unless the handle already knows). */
	getCallState(call: GroupCallHandle): Promise<'active' | 'scheduled'>;
	inviteToGroupCall(call: GroupCallHandle, users: readonly TelegramUser[]): Promise<InviteOutcome>;
	listChatsWithCalls(filter?: string): Promise<ChatWithCall[]>;
	/** The account's remembered hold (from this or an earlier execution), if it lasts beyond now. No request. */
	accountHold(): AccountHold | undefined;
	/** Remembers a hold for later executions of this account (the action decides how long). No request. */
	holdAccount(hold: AccountHold): void;
}
