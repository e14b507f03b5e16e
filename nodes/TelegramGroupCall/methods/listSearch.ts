import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { settle } from '../errors/settle';
import { botApiChatId } from '../input/parseCallReference';
import { openTelegramSession, isTelegramError, type TelegramChat, type TelegramGateway } from '../transport';
import { credentialTestMessage } from './credentialTest';

/** The account's chats that have a voice or video chat running (or scheduled), for the Call parameter. */
export async function searchCalls(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const listed = await askTelegram(this, async (gateway) => await gateway.listChatsWithCalls(filter));
	return {
		results: listed.map(({ chat, callTitle, state }) => ({
			name: `${chat.title}${callTitle ? ` — ${callTitle}` : ''}${state === 'scheduled' ? ' (scheduled)' : ''}`,
			value: chatReference(chat),
			url: chat.username ? `https://t.me/${chat.username}` : undefined,
		})),
	};
}

/** The account's groups and channels for Create's Chat parameter; those where it may manage calls come first. */
export async function searchChats(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const listed = await askTelegram(this, async (gateway) => await gateway.listChats(filter));
	return {
		results: listed.map((chat) => ({
			name: `${chat.title}${chat.canManageCalls === true ? '' : ' (no right to manage calls)'}`,
			value: chatReference(chat),
			url: chat.username ? `https://t.me/${chat.username}` : undefined,
		})),
	};
}

/** A reference the Call parameter accepts and that keeps naming the chat's current call. */
export function chatReference(chat: TelegramChat): string {
	if (chat.username) return `@${chat.username}`;
	return botApiChatId(chat.kind, chat.id);
}

/**
 * One question to Telegram over a pooled session of the node's credential. A Telegram error becomes the
 * message the credential test gives (what is wrong and what to do), shown in the list's place.
 */
async function askTelegram<T>(context: ILoadOptionsFunctions, ask: (gateway: TelegramGateway) => Promise<T>): Promise<T> {
	const credentials = await context.getCredentials('telegramMtprotoApi');
	const answered = await settle(async () => {
		const session = await openTelegramSession(credentials);
		try {
			return await ask(session.gateway);
		} finally {
			session.release();
		}
	});
	if (answered.ok) return answered.value;
	if (isTelegramError(answered.error)) throw new NodeOperationError(context.getNode(), credentialTestMessage(answered.error));
	throw answered.error;
}
