/**
 * Every error the node can report, Telegram's and its own, with how far it reaches and a sentence a person
 * understands. The scope decides routing (see docs/decisions/0004-errors.md):
 * - user: only that user fails (Failed output);
 * - call: every user of that call fails with the same code, no per-user retries;
 * - limit: an anti-spam limit on the account; inviting stops, every remaining user fails with it;
 * - account: the credential or connection is unusable; the node fails (or emits error items when "On Error"
 *   continues);
 * - transient: Telegram asks to wait or had a hiccup; the request is retried.
 */
export type ErrorScope = 'user' | 'call' | 'limit' | 'account' | 'transient';

export interface ErrorDescription {
	code: string;
	scope: ErrorScope;
	/** Telegram's HTTP-like code; null when the node decided without any Telegram error. */
	httpCode: number | null;
	message: string;
}

type CatalogEntry = Omit<ErrorDescription, 'code'>;

const NEW_SESSION = 'Create a new session with "npx -p n8n-nodes-telegram-group-call tg-group-call login" and paste it into the credential.';

const CATALOG: Readonly<Record<string, CatalogEntry>> = {
	// Per user, answered by Telegram to the invite.
	USER_ALREADY_INVITED: {
		scope: 'user',
		httpCode: 400,
		message:
			'This account has already invited this user to the call (or the user is already in it). Telegram sends each invitation once; turn on "Already Invited Counts as Success" to treat this as done.',
	},
	USER_NOT_PARTICIPANT: {
		scope: 'user',
		httpCode: 403,
		message: 'The user is not a member of the chat that holds the call. Add them to the group first, then invite again.',
	},
	CHAT_TYPE_INVALID: {
		scope: 'user',
		httpCode: 403,
		message: 'Telegram does not allow inviting this user to a call (bots cannot be invited). Remove them from the list.',
	},
	USER_ID_INVALID: {
		scope: 'user',
		httpCode: 400,
		message: 'Telegram rejected this user reference (unknown id or stale access hash). Use the @username or a current member id.',
	},
	INPUT_USER_DEACTIVATED: {
		scope: 'user',
		httpCode: 400,
		message: 'This Telegram account has been deleted. Remove it from the list.',
	},
	USER_PRIVACY_RESTRICTED: {
		scope: 'user',
		httpCode: 403,
		message: "The user's privacy settings do not allow this account to invite them. Ask them to join by the call link instead.",
	},
	USERS_TOO_MUCH: {
		scope: 'user',
		httpCode: 400,
		message: 'Telegram refused a request with this many users. Lower the batch size (at most 10).',
	},
	// Per user, while resolving the reference.
	USERNAME_NOT_OCCUPIED: {
		scope: 'user',
		httpCode: 400,
		message: 'No Telegram account has this username. Check the spelling, or use the numeric id or phone number.',
	},
	USERNAME_INVALID: {
		scope: 'user',
		httpCode: 400,
		message: 'Telegram says this username is not valid. Check the spelling.',
	},
	PHONE_NOT_OCCUPIED: {
		scope: 'user',
		httpCode: 400,
		message: 'No Telegram account uses this phone number, or its privacy settings hide it. Use the @username instead.',
	},
	PHONE_NUMBER_INVALID: {
		scope: 'user',
		httpCode: 400,
		message: 'Telegram says this phone number is not valid. Write it in international format, e.g. +15550001001.',
	},
	// Per user, decided by the node.
	INVALID_USER_REFERENCE: {
		scope: 'user',
		httpCode: null,
		message: 'This is not a user reference the node understands. Use @username, a t.me link, a numeric user id or +phone.',
	},
	DUPLICATE_IN_INPUT: {
		scope: 'user',
		httpCode: null,
		message: 'This user appears earlier in the input for the same call and is handled there; nothing was sent for this occurrence.',
	},
	USER_NOT_RESOLVED: {
		scope: 'user',
		httpCode: null,
		message:
			"No user with this id was found among the chat's members or the call's participants, and Telegram would not look it up by id alone. Use the @username or phone number, or make sure the user is a member of the chat.",
	},
	NOT_A_USER: {
		scope: 'user',
		httpCode: null,
		message: 'This username belongs to a group, channel or bot-less chat, not to a person. Only users can be invited.',
	},
	CANNOT_INVITE_SELF: {
		scope: 'user',
		httpCode: null,
		message: 'This is the account that sends the invitations; it cannot invite itself. Remove it from the list.',
	},
	// Per input item, decided by the node: the item named nobody, so it still gets one result (on Failed).
	NO_USERS: {
		scope: 'user',
		httpCode: null,
		message:
			'This input item names no user to invite, so nothing was sent for it. Fill in the Users field (or fix the expression that should give users), or filter out empty rows before this node.',
	},
	NOT_INVITED_BY_TELEGRAM: {
		scope: 'user',
		httpCode: null,
		message:
			'Telegram accepted the request but did not invite this user, and gave no reason (the user may be a bot, deleted, not a member, already invited, or restricted by privacy settings).',
	},
	// Per call.
	GROUPCALL_FORBIDDEN: {
		scope: 'call',
		httpCode: 403,
		// Shared by every call method (invite, get, participants, manage): the wording cannot assume the action.
		message:
			"Telegram refuses this call to this account: it has ended or not started yet, the account is not in the call's chat, or the call does not accept this action. Name the chat instead of the call ID so its current call is used, or start the call, then run again.",
	},
	GROUPCALL_ALREADY_DISCARDED: {
		scope: 'call',
		httpCode: 400,
		message: 'The call has already ended. Give the chat instead of the call ID so its current call is used, or create a new call.',
	},
	GROUPCALL_ALREADY_STARTED: {
		scope: 'call',
		httpCode: 403,
		message: 'The call is already running, so it cannot be started (or subscribed to) as a scheduled call. Nothing needs doing.',
	},
	SCHEDULE_DATE_INVALID: {
		scope: 'call',
		httpCode: 400,
		message: 'Telegram refused the start date: calls can be scheduled from 10 seconds to 8 days ahead. Pick a time in that window (the clocks of this machine and Telegram may differ slightly).',
	},
	CREATE_CALL_FAILED: {
		scope: 'call',
		httpCode: 400,
		message: 'Telegram could not create the call (or did not say which call it created). Check the chat in Telegram, then run again.',
	},
	CALL_ALREADY_EXISTS: {
		scope: 'call',
		httpCode: null,
		message:
			'The chat already has a call, running or scheduled, and "If a Call Is Already Running" is set to fail. End it first, or set the option to "Return It".',
	},
	NO_CALL: {
		scope: 'call',
		httpCode: null,
		message: 'The chat has no call, neither running nor scheduled. Create one (the Create operation, or in Telegram), then run again.',
	},
	GROUPCALL_INVALID: {
		scope: 'call',
		httpCode: 400,
		message: 'Telegram does not know this call (wrong id or access hash, or a stale call). Pick the chat instead so its current call is used.',
	},
	INVITE_FORBIDDEN_WITH_JOINAS: {
		scope: 'call',
		httpCode: 400,
		message:
			'The account joined the call as a channel; inviting would reveal who it is, so Telegram refuses. Rejoin the call as yourself, or leave it, then run again.',
	},
	CHAT_ADMIN_REQUIRED: {
		scope: 'call',
		httpCode: 400,
		message:
			'The account lacks the admin rights this needs in the chat (managing video chats, for changing a call or a speaker link). Ask an admin to grant them.',
	},
	CHAT_WRITE_FORBIDDEN: {
		scope: 'call',
		httpCode: 403,
		message: 'The account cannot post in this chat, so it cannot invite to its call. Ask an admin to allow it.',
	},
	// Per call, answered to the requests that change a call or export its link (Update, Get Invite Link).
	GROUPCALL_NOT_MODIFIED: {
		scope: 'call',
		httpCode: 400,
		message:
			'Telegram says the call already is the way this asked for (already recording, not recording, or join muted as it is), so nothing changed. The node reports this as success with changed: false; nothing to do.',
	},
	GROUPCALL_CHANGE_FORBIDDEN: {
		scope: 'call',
		httpCode: 403,
		message:
			'Telegram does not let this account change this setting of the call (whether new participants join muted). Ask an admin with the right to manage video chats to change it, or leave "Join Muted" out.',
	},
	PUBLIC_CHANNEL_MISSING: {
		scope: 'call',
		httpCode: 403,
		message:
			'Only public groups and channels (with a @username) have call links, and this chat is private. Give the chat a public username, or reach people with Invite Users (members only) or the chat\'s own invite link instead.',
	},
	CHANNEL_PRIVATE: {
		scope: 'call',
		httpCode: 400,
		message: 'The chat is private or the account was removed from it. Join the chat with this account first.',
	},
	CHANNEL_INVALID: {
		scope: 'call',
		httpCode: 400,
		message: 'Telegram does not know this group or channel for this account. Check the chat reference.',
	},
	CHAT_ID_INVALID: {
		scope: 'call',
		httpCode: 400,
		message: 'Telegram does not know this group for this account. Check the chat id.',
	},
	PEER_ID_INVALID: {
		scope: 'call',
		httpCode: 400,
		message: 'Telegram does not know this chat for this account. Check the chat reference and that the account is a member.',
	},
	// messages.getHistory (the trigger's re-read of a chat's call messages).
	MSG_ID_INVALID: {
		scope: 'call',
		httpCode: 400,
		message: "Telegram does not accept the message id the chat's history was read after. The trigger skips the messages missed in that chat and reads it from its newest message on; nothing needs doing.",
	},
	INVALID_CALL_REFERENCE: {
		scope: 'call',
		httpCode: null,
		message: 'The Call parameter is not understood. Use @chat, a t.me link, a call link, a numeric chat id or "<callId>:<accessHash>".',
	},
	CHAT_NOT_FOUND: {
		scope: 'call',
		httpCode: null,
		message: "No chat with this id is among the account's chats. Use the chat's @username, or check that the account is a member.",
	},
	NOT_A_GROUP: {
		scope: 'call',
		httpCode: null,
		message: 'This reference names a user, not a group or channel. Give the chat that holds the call.',
	},
	NO_ACTIVE_CALL: {
		scope: 'call',
		httpCode: null,
		message: 'The chat has no voice or video chat running. Start one in Telegram, then run again.',
	},
	CALL_NOT_STARTED: {
		scope: 'call',
		httpCode: null,
		message:
			'The call is scheduled and has not started, so Telegram would refuse the invitations (GROUPCALL_FORBIDDEN). Start the call, then run again.',
	},
	CALL_ENDED: {
		scope: 'call',
		httpCode: null,
		message: 'This call has ended. Give the chat instead of the call id, so the node uses whatever call is running there.',
	},
	// Limits.
	PEER_FLOOD: {
		scope: 'limit',
		httpCode: 400,
		message:
			'Telegram has limited this account for sending too many invitations (anti-spam). The node stopped inviting for this run; wait at least a day, and invite fewer people per run with a pause between requests.',
	},
	FLOOD_WAIT: {
		scope: 'transient',
		httpCode: 420,
		message: 'Telegram asked to wait before the next request, longer than the node waits (Invite Users: its "Max Flood Wait" option; other operations: 60 s). Run again after retryAfter seconds.',
	},
	SLOWMODE_WAIT: {
		scope: 'transient',
		httpCode: 420,
		message: 'Slow mode is on in this chat. Run again after retryAfter seconds.',
	},
	RPC_CALL_FAIL: {
		scope: 'transient',
		httpCode: 500,
		message: 'Telegram had an internal problem and the retries did not help. Run again later.',
	},
	RPC_MCGET_FAIL: {
		scope: 'transient',
		httpCode: 500,
		message: 'Telegram had an internal problem and the retries did not help. Run again later.',
	},
	INTERNAL: {
		scope: 'transient',
		httpCode: 500,
		message: 'Telegram had an internal problem and the retries did not help. Run again later.',
	},
	// Account: the credential or the connection is unusable.
	AUTH_KEY_UNREGISTERED: {
		scope: 'account',
		httpCode: 401,
		message: `The session is not logged in any more (logged out, or created for another server). ${NEW_SESSION}`,
	},
	// Transport error -404: the server has no such auth key (a damaged session, or one made for another server).
	AUTH_KEY_UNKNOWN: {
		scope: 'account',
		httpCode: 404,
		message: `This session is not valid for this server: it does not know the session's key (the session is damaged, or was created for another server). ${NEW_SESSION}`,
	},
	AUTH_KEY_INVALID: { scope: 'account', httpCode: 401, message: `The session is not valid. ${NEW_SESSION}` },
	AUTH_KEY_PERM_EMPTY: { scope: 'account', httpCode: 401, message: `The session is not valid. ${NEW_SESSION}` },
	AUTH_KEY_DUPLICATED: {
		scope: 'account',
		httpCode: 406,
		message: `Telegram saw this session used from two places at once and invalidated it. ${NEW_SESSION}`,
	},
	SESSION_REVOKED: {
		scope: 'account',
		httpCode: 401,
		message: `The session was revoked (terminated from another device, or the account logged out). ${NEW_SESSION}`,
	},
	SESSION_EXPIRED: { scope: 'account', httpCode: 401, message: `The session has expired. ${NEW_SESSION}` },
	SESSION_PASSWORD_NEEDED: {
		scope: 'account',
		httpCode: 401,
		message: `The login of this session was not finished (two-step verification password missing). ${NEW_SESSION}`,
	},
	USER_DEACTIVATED: { scope: 'account', httpCode: 401, message: 'The Telegram account of this session has been deleted.' },
	USER_DEACTIVATED_BAN: { scope: 'account', httpCode: 401, message: 'The Telegram account of this session has been banned.' },
	FROZEN_PARTICIPANT_MISSING: {
		scope: 'account',
		httpCode: 400,
		message: 'Telegram has frozen this account, so it cannot read or act in this chat. Open Telegram with the account to see why and appeal; the node works again once it is unfrozen.',
	},
	API_ID_INVALID: {
		scope: 'account',
		httpCode: 400,
		message: 'Telegram does not accept this API ID / API hash pair. Copy both from https://my.telegram.org → API development tools.',
	},
	API_ID_PUBLISHED_FLOOD: {
		scope: 'account',
		httpCode: 400,
		message: 'This API ID was published somewhere and Telegram limits it. Create your own at https://my.telegram.org.',
	},
	BOT_METHOD_INVALID: {
		scope: 'account',
		httpCode: 400,
		message: 'The session belongs to a bot; only user accounts can invite to calls. Log in with a user account.',
	},
	INVALID_SESSION: {
		scope: 'account',
		httpCode: null,
		message: `The session string is not a valid GramJS string session. ${NEW_SESSION}`,
	},
	INVALID_CREDENTIALS: {
		scope: 'account',
		httpCode: null,
		message: 'The credential is incomplete or malformed. Check API ID, API hash, session and the optional server and proxy fields.',
	},
	SERVER_UNREACHABLE: {
		scope: 'account',
		httpCode: null,
		message: 'Could not connect to the Telegram server. Check the network, the "Server" field and the proxy settings.',
	},
	LEASE_STORE_UNREACHABLE: {
		scope: 'account',
		httpCode: null,
		message:
			'In queue mode, n8n\'s Redis (the QUEUE_BULL_REDIS_* variables) did not answer when the node asked for the Telegram session\'s lease, so it did not connect rather than risk using the session from two places. Check that Redis is reachable from this worker, then run again.',
	},
	SESSION_BUSY: {
		scope: 'account',
		httpCode: null,
		message:
			'Another connection of this Telegram session (another n8n worker or the main process in queue mode, or another credential with the same session) held it for longer than the credential\'s timeout. Telegram kills a session used from two places at once, so the node waits for it instead; run again, raise the credential\'s timeout, or give busy workflows a session of their own (tg-group-call login).',
	},
	TIMEOUT: {
		scope: 'account',
		httpCode: null,
		message:
			'Telegram did not answer in time. The server may be unreachable or the session may belong to another server; check the "Server" field, or raise the credential\'s timeout.',
	},
	UNEXPECTED_ERROR: {
		scope: 'account',
		httpCode: null,
		message: 'The node could not run: the details say why (for example, no credential selected). Fix that and run again.',
	},
	CONNECTION_CLOSED: {
		scope: 'account',
		httpCode: null,
		message: 'The connection to Telegram was closed before the answer arrived. Run again.',
	},
};

/** Telegram's code for any error, with a generic but honest description for codes the node does not know. */
export function describeError(code: string, httpCode?: number | null): ErrorDescription {
	const entry = CATALOG[code];
	if (entry) return { code, ...entry, httpCode: httpCode ?? entry.httpCode };
	return { code, ...describeUnknown(code, httpCode ?? null) };
}

function describeUnknown(code: string, httpCode: number | null): CatalogEntry {
	if (httpCode === 401) {
		return { scope: 'account', httpCode, message: `Telegram rejected the session (${code}). ${NEW_SESSION}` };
	}
	if (httpCode !== null && httpCode >= 500) {
		return { scope: 'transient', httpCode, message: `Telegram had an internal problem (${code}). Run again later.` };
	}
	return {
		scope: 'user',
		httpCode,
		message: `Telegram answered ${code}, an error this node does not know. See https://core.telegram.org/api/errors, or open an issue with the code.`,
	};
}

export function isKnownError(code: string): boolean {
	return code in CATALOG;
}

/** All catalogued codes (for documentation and tests). */
export function knownErrorCodes(): string[] {
	return Object.keys(CATALOG);
}
