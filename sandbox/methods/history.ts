import { Api } from 'telegram';

import type { ServiceMessage, WorldState } from '../world/worldState';
import type { WorldChat } from '../world/worldFile';
import { telegramError } from './errors';
import { lookupChannel, requireChannelAccess } from './lookups';
import { isChannelLike, toApiChat } from './tl/chats';
import { decimalOf } from './tl/long';
import { toApiServiceMessage, userIdsOf } from './tl/messages';
import { toApiUser } from './tl/users';

/** Telegram's page limit for histories; limit 0 asks for its default. */
const MAX_HISTORY_PAGE = 100;
const DEFAULT_HISTORY_PAGE = 20;

/**
 * messages.getHistory over a chat's service messages (the only messages the world has), as
 * core.telegram.org/api/offsets describes the paging: the list newest first; `offset_id` (or else `offset_date`)
 * finds where to start, `add_offset` moves that start (negative: towards newer messages), `limit` cuts the page,
 * then `max_id` and `min_id` filter it. docs/sandbox-world.md says what is a model.
 */
export function getHistory(world: WorldState, request: Api.messages.GetHistory, viewerId: string): Api.messages.TypeMessages {
	const chat = historyChat(world, request.peer, viewerId);
	if (chat === undefined) return new Api.messages.Messages({ messages: [], chats: [], users: [] });
	const newestFirst = world.messages(chat.id).reverse();
	const page = historyPage(newestFirst, request);
	const content = {
		messages: page.map((message) => toApiServiceMessage(world, chat, message, viewerId)),
		chats: [toApiChat(world, chat, viewerId)],
		users: usersOf(world, page, viewerId),
	};
	if (isChannelLike(chat)) return new Api.messages.ChannelMessages({ pts: world.channelPts(chat.id), count: newestFirst.length, topics: [], ...content });
	return page.length === newestFirst.length ? new Api.messages.Messages(content) : new Api.messages.MessagesSlice({ count: newestFirst.length, ...content });
}

/** The page of `newestFirst` the request's offsets and filters select (exported for the paging tests). */
export function historyPage(newestFirst: readonly ServiceMessage[], request: Pick<Api.messages.GetHistory, 'offsetId' | 'offsetDate' | 'addOffset' | 'limit' | 'maxId' | 'minId'>): ServiceMessage[] {
	// offsetFromID: how many entries, from the newest, come before the first one older than offset_id.
	let start = 0;
	if (request.offsetId > 0) start = newestFirst.filter((message) => message.id >= request.offsetId).length;
	else if (request.offsetDate > 0) start = newestFirst.filter((message) => message.date >= request.offsetDate).length;
	start += request.addOffset;
	const limit = request.limit > 0 ? Math.min(request.limit, MAX_HISTORY_PAGE) : DEFAULT_HISTORY_PAGE;
	const end = start + limit;
	return newestFirst
		.slice(Math.max(0, start), Math.max(0, end))
		.filter((message) => (request.maxId <= 0 || message.id < request.maxId) && (request.minId <= 0 || message.id > request.minId));
}

/** The chat a peer names; undefined for a user or the account itself (the world has no private chats). */
function historyChat(world: WorldState, peer: unknown, viewerId: string): WorldChat | undefined {
	if (peer instanceof Api.InputPeerChannel) {
		const chat = lookupChannel(world, peer);
		requireChannelAccess(world, chat, viewerId);
		return chat;
	}
	if (peer instanceof Api.InputPeerChat) {
		const chat = world.chat(decimalOf(peer.chatId));
		if (chat?.kind !== 'group' || !world.isMember(chat.id, viewerId)) throw telegramError('CHAT_ID_INVALID');
		return chat;
	}
	if (peer instanceof Api.InputPeerSelf || peer instanceof Api.InputPeerUser) return undefined;
	throw telegramError('PEER_ID_INVALID');
}

function usersOf(world: WorldState, page: readonly ServiceMessage[], viewerId: string): Api.TypeUser[] {
	const ids = new Set(page.flatMap((message) => userIdsOf(message)));
	return [...ids].flatMap((id) => {
		const person = world.user(id);
		return person === undefined ? [] : [toApiUser(person, viewerId)];
	});
}
