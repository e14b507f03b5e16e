import type { TelegramGateway } from '../../TelegramGroupCall/transport';

/**
 * What the watcher asks of Telegram, reads only: the chats' calls and newest message ids (getChatCalls), the
 * calls' service messages missed (getCallMessages), a call (getCall), its participants (getParticipantsPage), and
 * Chosen Chats by reference (findCall).
 */
export type WatchGateway = Pick<TelegramGateway, 'findCall' | 'getCall' | 'getParticipantsPage' | 'getChatCalls' | 'getCallMessages'>;

export interface WatchSession {
	gateway: WatchGateway;
	release(): void;
}
