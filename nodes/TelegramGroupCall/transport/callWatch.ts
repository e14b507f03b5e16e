import type { TelegramError } from './telegramError';
import type { CallMessage, ChatRef, GroupCallInfo } from './types';

// The gateway reads service messages too (getCallMessages), so their types live with the gateway's vocabulary.
export type { CallMessage, CallMessageAction, ChatRef } from './types';

/**
 * What the transport tells a call watcher (the trigger node) about the account's chats. Plain data, like the
 * gateway's vocabulary: ids and access hashes are decimal strings, dates Unix seconds.
 */

export type CallUpdate =
	/** updateGroupCall: a call was scheduled, started or changed; an ended one (groupCallDiscarded) has state 'ended'. */
	| { type: 'call'; chat: ChatRef | null; call: GroupCallInfo }
	/** updateNewMessage / updateNewChannelMessage carrying a call's service message. */
	| { type: 'message'; message: CallMessage }
	/**
	 * Telegram upgraded the basic group `from` to the supergroup `to` (the service messages
	 * messageActionChatMigrateTo in the group and messageActionChannelMigrateFrom in the supergroup: each says it).
	 */
	| { type: 'migrated'; from: ChatRef; to: ChatRef };

export interface CallWatchEvents {
	/** Each call update, in the order the connection received it. */
	update(update: CallUpdate): void;
	/**
	 * The connection is up (first time, or again after a drop or a hand-over) and updates flow. What happened
	 * while it was down is not replayed (GramJS has no update catch-up): re-read the state now.
	 */
	connected(): void;
	/** The connection is down (dropped, or handed to another process of the session); `connected` follows. */
	disconnected(reason: string): void;
	/** The watch cannot go on (revoked session, bad API ID, …) and has closed itself. */
	failed(error: TelegramError): void;
}

export interface CallWatch {
	/** Stops listening and gives the shared connection back; no timer or handler is left behind. */
	close(): Promise<void>;
}
