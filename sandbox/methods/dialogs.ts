import { Api } from 'telegram';

import type { ServiceMessage, WorldState } from '../world/worldState';
import type { WorldChat } from '../world/worldFile';
import { isChannelLike, peerOfChat, toApiChat } from './tl/chats';
import { decimalOf } from './tl/long';
import { toApiServiceMessage, userIdsOf } from './tl/messages';
import { toApiUser } from './tl/users';

const MAX_DIALOGS_PAGE = 100;
const ARCHIVE_FOLDER = 1;

interface DialogEntry {
	readonly chat: WorldChat;
	readonly top: ServiceMessage;
}

/**
 * The account's chats, newest last message first; enough for "chats with a call" lists and GramJS's iterDialogs
 * (which pages by the last dialog's peer). The world has no private chats and nothing archived.
 */
export function getDialogs(world: WorldState, request: Api.messages.GetDialogs, viewerId: string): Api.messages.TypeDialogs {
	const all = request.folderId === ARCHIVE_FOLDER ? [] : dialogEntries(world, viewerId);
	const start = startAfter(all, request.offsetPeer);
	const limit = request.limit > 0 ? Math.min(request.limit, MAX_DIALOGS_PAGE) : MAX_DIALOGS_PAGE;
	const page = all.slice(start, start + limit);
	const content = {
		dialogs: page.map((entry) => toDialog(world, entry)),
		messages: page.map((entry) => toApiServiceMessage(world, entry.chat, entry.top, viewerId)),
		chats: page.map((entry) => toApiChat(world, entry.chat, viewerId)),
		users: usersOf(world, page, viewerId),
	};
	const complete = start === 0 && page.length === all.length;
	return complete ? new Api.messages.Dialogs(content) : new Api.messages.DialogsSlice({ count: all.length, ...content });
}

function dialogEntries(world: WorldState, viewerId: string): DialogEntry[] {
	const entries: DialogEntry[] = [];
	for (const chat of world.chats()) {
		const top = world.lastMessage(chat.id);
		if (top !== undefined && world.isMember(chat.id, viewerId)) entries.push({ chat, top });
	}
	// Newest first; ties keep the world file's order (the sort is stable).
	return entries.sort((a, b) => b.top.date - a.top.date);
}

/** Index after the dialog of `offsetPeer`, or 0 when the peer is empty or not in the list. */
function startAfter(entries: readonly DialogEntry[], offsetPeer: unknown): number {
	const chatId =
		offsetPeer instanceof Api.InputPeerChannel ? decimalOf(offsetPeer.channelId) : offsetPeer instanceof Api.InputPeerChat ? decimalOf(offsetPeer.chatId) : undefined;
	if (chatId === undefined) return 0;
	const index = entries.findIndex((entry) => entry.chat.id === chatId);
	return index < 0 ? 0 : index + 1;
}

function toDialog(world: WorldState, entry: DialogEntry): Api.Dialog {
	return new Api.Dialog({
		peer: peerOfChat(entry.chat),
		topMessage: entry.top.id,
		readInboxMaxId: entry.top.id,
		readOutboxMaxId: entry.top.id,
		unreadCount: 0,
		unreadMentionsCount: 0,
		unreadReactionsCount: 0,
		notifySettings: new Api.PeerNotifySettings({}),
		pts: isChannelLike(entry.chat) ? world.channelPts(entry.chat.id) : undefined,
	});
}

function usersOf(world: WorldState, page: readonly DialogEntry[], viewerId: string): Api.TypeUser[] {
	const ids = new Set(page.flatMap((entry) => userIdsOf(entry.top)));
	return [...ids].flatMap((id) => {
		const person = world.user(id);
		return person === undefined ? [] : [toApiUser(person, viewerId)];
	});
}
