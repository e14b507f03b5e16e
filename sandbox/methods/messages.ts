import { Api } from 'telegram';

import { WORLD_EPOCH, type WorldState } from '../world/worldState';
import { getDialogs } from './dialogs';
import { getHistory } from './history';
import { telegramError } from './errors';
import { fullChatCall } from './fullChatCall';
import { toApiChat } from './tl/chats';
import { decimalOf, long } from './tl/long';
import { toApiUser } from './tl/users';
import type { MethodTable, RequestContext } from './types';

export function messagesMethods(world: WorldState): MethodTable {
	return {
		[Api.messages.GetFullChat.className]: (request: Api.messages.GetFullChat, context: RequestContext) =>
			getFullChat(world, decimalOf(request.chatId), context.accountId),
		[Api.messages.GetChats.className]: (request: Api.messages.GetChats, context: RequestContext) => getChats(world, request, context.accountId),
		[Api.messages.GetDialogs.className]: (request: Api.messages.GetDialogs, context: RequestContext) =>
			getDialogs(world, request, context.accountId),
		[Api.messages.GetHistory.className]: (request: Api.messages.GetHistory, context: RequestContext) =>
			getHistory(world, request, context.accountId),
	};
}

/** Basic groups by id (an upgraded one deactivated, pointing to its supergroup); ids of nothing else are left out. */
function getChats(world: WorldState, request: Api.messages.GetChats, viewerId: string): Api.messages.Chats {
	const groups = request.id.flatMap((id) => {
		const chat = world.chat(decimalOf(id));
		return chat?.kind === 'group' ? [toApiChat(world, chat, viewerId)] : [];
	});
	return new Api.messages.Chats({ chats: groups });
}

/** Basic groups only; unknown ids, channels and groups the account is not in answer CHAT_ID_INVALID. */
function getFullChat(world: WorldState, chatId: string, viewerId: string): Api.messages.ChatFull {
	const chat = world.chat(chatId);
	if (chat === undefined || chat.kind !== 'group' || !world.isMember(chat.id, viewerId)) throw telegramError('CHAT_ID_INVALID');
	const participants = chat.members.map((id) => {
		const userId = long(id);
		if (id !== viewerId) return new Api.ChatParticipant({ userId, inviterId: long(viewerId), date: WORLD_EPOCH });
		return chat.canManageCall === true ? new Api.ChatParticipantCreator({ userId }) : new Api.ChatParticipant({ userId, inviterId: userId, date: WORLD_EPOCH });
	});
	const supergroup = world.migratedTo(chat.id);
	// An upgraded group lists nobody and has no call: its members and calls are the supergroup's, sent beside it.
	const fullChat = new Api.ChatFull({
		id: long(chat.id),
		about: '',
		participants:
			supergroup === undefined
				? new Api.ChatParticipants({ chatId: long(chat.id), participants, version: 1 })
				: new Api.ChatParticipantsForbidden({ chatId: long(chat.id) }),
		notifySettings: new Api.PeerNotifySettings({}),
		call: supergroup === undefined ? fullChatCall(world, chat) : undefined,
	});
	const users = (supergroup === undefined ? chat.members : []).flatMap((id) => {
		const person = world.user(id);
		return person === undefined ? [] : [toApiUser(person, viewerId)];
	});
	const chats = [chat, ...(supergroup === undefined ? [] : [supergroup])].map((each) => toApiChat(world, each, viewerId));
	return new Api.messages.ChatFull({ fullChat, chats, users });
}
