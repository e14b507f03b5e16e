import type { CallMessage, ChatRef, GroupCallInfo, TelegramChat, TelegramGateway } from '../../TelegramGroupCall/transport';

/** A chat's call and newest message id (the transport's getChatCalls). */
export interface ChatCallState {
	chat: TelegramChat;
	/** The chat's current call as phone.getGroupCall describes it, or null when it has none. */
	call: GroupCallInfo | null;
	topMessageId: number;
}

/** One page of a chat's history after a message id, only the calls' service messages kept (getCallMessages). */
export interface CallHistoryPage {
	messages: CallMessage[];
	/** The newest message id read (any message); the id given when nothing newer was read. */
	readUpTo: number;
	complete: boolean;
}

/** What the watcher asks of Telegram: reads only. */
export type WatchGateway = Pick<TelegramGateway, 'findCall' | 'getCall' | 'getParticipantsPage'> & {
	/** The account's groups and channels (or those of `chats`) with their current call and newest message id. */
	getChatCalls(chats?: readonly ChatRef[]): Promise<ChatCallState[]>;
	/** The chat's messages newer than `afterMessageId` (at most `limit`, oldest first), calls' service messages kept. */
	getCallMessages(chat: TelegramChat | ChatRef, afterMessageId: number, limit: number): Promise<CallHistoryPage>;
};

export interface WatchSession {
	gateway: WatchGateway;
	release(): void;
}
