import { Api } from 'telegram';

import type { CallMessage, CallMessageAction, CallUpdate, ChatRef } from '../callWatch';
import { toGroupCallInfo } from './convert';

/*
 * What a call watcher gets from the updates Telegram pushes (telegram-group-calls.md, "Updates a trigger would
 * listen to"): updateGroupCall, and the call's service messages in updateNewMessage / updateNewChannelMessage,
 * and the messages of a basic group's upgrade to a supergroup (the watch follows the chat).
 * Everything else is not a call event. Ids leave as decimal strings, straight from GramJS's big integers.
 */

/** The update as a CallUpdate, or undefined when it says nothing about a call. */
export function toCallUpdate(update: Api.TypeUpdate): CallUpdate | undefined {
	if (update instanceof Api.UpdateGroupCall) {
		return { type: 'call', chat: groupCallChat(update), call: toGroupCallInfo(update.call) };
	}
	if (update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage) {
		const message = toCallMessage(update.message);
		return message === undefined ? toMigration(update.message) : { type: 'message', message };
	}
	return undefined;
}

/** The service messages of a basic group's upgrade to a supergroup, from either side; undefined for others. */
function toMigration(message: Api.TypeMessage): CallUpdate | undefined {
	if (!(message instanceof Api.MessageService)) return undefined;
	const { action, peerId } = message;
	if (action instanceof Api.MessageActionChatMigrateTo && peerId instanceof Api.PeerChat) {
		return { type: 'migrated', from: { kind: 'chat', id: peerId.chatId.toString() }, to: { kind: 'channel', id: action.channelId.toString() } };
	}
	if (action instanceof Api.MessageActionChannelMigrateFrom && peerId instanceof Api.PeerChannel) {
		return { type: 'migrated', from: { kind: 'chat', id: action.chatId.toString() }, to: { kind: 'channel', id: peerId.channelId.toString() } };
	}
	return undefined;
}

/** A call's service message as plain data; undefined for any other message. */
export function toCallMessage(message: Api.TypeMessage): CallMessage | undefined {
	if (!(message instanceof Api.MessageService)) return undefined;
	const chat = chatOfPeer(message.peerId);
	const action = toCallAction(message.action);
	if (chat === undefined || action === undefined) return undefined;
	const call = (message.action as Api.MessageActionGroupCall).call;
	return {
		chat,
		messageId: message.id,
		date: message.date,
		fromUserId: message.fromId instanceof Api.PeerUser ? message.fromId.userId.toString() : null,
		call: { callId: call.id.toString(), accessHash: call.accessHash.toString() },
		action,
	};
}

function toCallAction(action: Api.TypeMessageAction): CallMessageAction | undefined {
	if (action instanceof Api.MessageActionGroupCall) {
		// GramJS leaves an absent `duration` null: the call started; a present one (0 included) says it ended.
		return action.duration == null ? { kind: 'started' } : { kind: 'ended', duration: action.duration };
	}
	if (action instanceof Api.MessageActionGroupCallScheduled) return { kind: 'scheduled', scheduledFor: action.scheduleDate };
	if (action instanceof Api.MessageActionInviteToGroupCall) return { kind: 'invited', userIds: action.users.map((id) => id.toString()) };
	return undefined;
}

function chatOfPeer(peer: Api.TypePeer): ChatRef | undefined {
	if (peer instanceof Api.PeerChannel) return { kind: 'channel', id: peer.channelId.toString() };
	if (peer instanceof Api.PeerChat) return { kind: 'chat', id: peer.chatId.toString() };
	return undefined;
}

/**
 * Layer 198's updateGroupCall names the chat by its bare id, which does not say whether it is a basic group or a
 * channel: the chat sent along in the same envelope does. Null when Telegram sent no chat id, or no such chat.
 */
function groupCallChat(update: Api.UpdateGroupCall): ChatRef | null {
	const chatId = update.chatId;
	if (chatId == null) return null;
	for (const entity of envelopeEntities(update)) {
		if (!entity.id.equals(chatId)) continue;
		if (entity instanceof Api.Channel || entity instanceof Api.ChannelForbidden) return { kind: 'channel', id: chatId.toString() };
		if (entity instanceof Api.Chat || entity instanceof Api.ChatForbidden) return { kind: 'chat', id: chatId.toString() };
	}
	return null;
}

/** The users and chats of the envelope an update came in: GramJS 2.26 puts them on the update as `_entities`. */
function envelopeEntities(update: Api.TypeUpdate): Array<Api.TypeChat | Api.TypeUser> {
	const entities = (update as { _entities?: unknown })._entities;
	return entities instanceof Map ? [...(entities as Map<unknown, Api.TypeChat | Api.TypeUser>).values()] : [];
}
