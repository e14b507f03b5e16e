import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { settle } from '../errors/settle';
import { botApiChatId } from '../input/parseCallReference';
import { openTelegramSession, isTelegramError, type TelegramChat } from '../transport';
import { credentialTestMessage } from './credentialTest';

/** The account's chats that have a voice or video chat running (or scheduled), for the Call parameter. */
export async function searchCalls(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const credentials = await this.getCredentials('telegramMtprotoApi');
	const listed = await settle(async () => {
		const session = await openTelegramSession(credentials);
		try {
			return await session.gateway.listChatsWithCalls(filter);
		} finally {
			session.release();
		}
	});
	if (!listed.ok) {
		if (isTelegramError(listed.error)) throw new NodeOperationError(this.getNode(), credentialTestMessage(listed.error));
		throw listed.error;
	}
	return {
		results: listed.value.map(({ chat, callTitle, state }) => ({
			name: `${chat.title}${callTitle ? ` — ${callTitle}` : ''}${state === 'scheduled' ? ' (scheduled)' : ''}`,
			value: chatReference(chat),
			url: chat.username ? `https://t.me/${chat.username}` : undefined,
		})),
	};
}

/** The account's groups and channels for Create's Chat parameter; those where it may manage calls come first. */
export async function searchChats(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const credentials = await this.getCredentials('telegramMtprotoApi');
	const listed = await settle(async () => {
		const session = await openTelegramSession(credentials);
		try {
			return await session.gateway.listChats(filter);
		} finally {
			session.release();
		}
	});
	if (!listed.ok) {
		if (isTelegramError(listed.error)) throw new NodeOperationError(this.getNode(), credentialTestMessage(listed.error));
		throw listed.error;
	}
	return {
		results: listed.value.map((chat) => ({
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
