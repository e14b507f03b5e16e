import { Api } from 'telegram';

import type { PostedMessage, ServiceMessage, WorldState } from '../../world/worldState';
import type { WorldChat } from '../../world/worldFile';
import { callOf, toInputGroupCall } from './calls';
import { isChannelLike, peerOfChat } from './chats';
import { long } from './long';
import { peerOfUser } from './users';

/** A world service message as `messageService`, seen by the account `viewerId`. */
export function toApiServiceMessage(world: WorldState, chat: WorldChat, message: ServiceMessage, viewerId: string): Api.MessageService {
	// Broadcast channels post as the channel: no author.
	const post = chat.kind === 'channel';
	return new Api.MessageService({
		id: message.id,
		out: message.fromId === viewerId,
		post,
		fromId: post ? undefined : peerOfUser(message.fromId),
		peerId: peerOfChat(chat),
		date: message.date,
		action: toApiAction(world, chat, message),
	});
}

function toApiAction(world: WorldState, chat: WorldChat, message: ServiceMessage): Api.TypeMessageAction {
	const action = message.action;
	switch (action.kind) {
		case 'chatCreate':
			return chat.kind === 'group'
				? new Api.MessageActionChatCreate({ title: chat.title, users: chat.members.map(long) })
				: new Api.MessageActionChannelCreate({ title: chat.title });
		case 'groupCall':
			return new Api.MessageActionGroupCall({ call: toInputGroupCall(callOf(world, action.callId)), duration: action.duration });
		case 'groupCallScheduled':
			return new Api.MessageActionGroupCallScheduled({
				call: toInputGroupCall(callOf(world, action.callId)),
				scheduleDate: action.scheduleDate,
			});
		case 'inviteToGroupCall':
			return new Api.MessageActionInviteToGroupCall({ call: toInputGroupCall(callOf(world, action.callId)), users: action.userIds.map(long) });
		case 'chatMigrateTo':
			return new Api.MessageActionChatMigrateTo({ channelId: long(action.channelId) });
		case 'channelMigrateFrom':
			return new Api.MessageActionChannelMigrateFrom({ title: action.title, chatId: long(action.chatId) });
	}
}

/** The update announcing a new message: per-channel box for supergroups and channels, common box for basic groups. */
export function newMessageUpdate(
	world: WorldState,
	chat: WorldChat,
	posted: PostedMessage,
	viewerId: string,
): Api.UpdateNewChannelMessage | Api.UpdateNewMessage {
	const message = toApiServiceMessage(world, chat, posted.message, viewerId);
	const fields = { message, pts: posted.pts, ptsCount: 1 };
	return isChannelLike(chat) ? new Api.UpdateNewChannelMessage(fields) : new Api.UpdateNewMessage(fields);
}

/** Users a service message refers to (author, invitees), for the `users` vector sent with it. */
export function userIdsOf(message: ServiceMessage): string[] {
	const ids = [message.fromId];
	if (message.action.kind === 'inviteToGroupCall') ids.push(...message.action.userIds);
	return ids;
}
