import { Api } from 'telegram';

import { WORLD_EPOCH, type Person, type WorldState } from '../world/worldState';
import type { WorldChat } from '../world/worldFile';
import { telegramError } from './errors';
import { lookupChannel, requireChannelAccess } from './lookups';
import { fullChatCall } from './fullChatCall';
import { callAdminRights, toApiChat } from './tl/chats';
import { long } from './tl/long';
import { toApiUser } from './tl/users';
import type { MethodTable, RequestContext } from './types';

/** Telegram's page size limit for channels.getParticipants. */
const MAX_PARTICIPANTS_PAGE = 200;

export function channelsMethods(world: WorldState): MethodTable {
	return {
		[Api.channels.GetFullChannel.className]: (request: Api.channels.GetFullChannel, context: RequestContext) =>
			getFullChannel(world, request.channel, context.accountId),
		[Api.channels.GetParticipants.className]: (request: Api.channels.GetParticipants, context: RequestContext) =>
			getParticipants(world, request, context.accountId),
	};
}

function getFullChannel(world: WorldState, input: unknown, viewerId: string): Api.messages.ChatFull {
	const chat = lookupChannel(world, input);
	requireChannelAccess(world, chat, viewerId);
	const lastMessageId = world.lastMessage(chat.id)?.id ?? 0;
	const fullChat = new Api.ChannelFull({
		id: long(chat.id),
		about: '',
		canViewParticipants: chat.kind === 'supergroup' || chat.canManageCall === true,
		participantsCount: chat.members.length,
		readInboxMaxId: lastMessageId,
		readOutboxMaxId: lastMessageId,
		unreadCount: 0,
		chatPhoto: new Api.PhotoEmpty({ id: long('0') }),
		notifySettings: new Api.PeerNotifySettings({}),
		botInfo: [],
		pts: world.channelPts(chat.id),
		call: fullChatCall(world, chat),
	});
	return new Api.messages.ChatFull({ fullChat, chats: [toApiChat(world, chat, viewerId)], users: [] });
}

function getParticipants(world: WorldState, request: Api.channels.GetParticipants, viewerId: string): Api.channels.ChannelParticipants {
	const chat = lookupChannel(world, request.channel);
	requireChannelAccess(world, chat, viewerId);
	// Only admins may list a broadcast channel's subscribers.
	if (chat.kind === 'channel' && chat.canManageCall !== true) throw telegramError('CHAT_ADMIN_REQUIRED');
	const matching = chat.members
		.map((id) => world.user(id))
		.filter((person): person is Person => person !== undefined && matchesFilter(request.filter, person, chat));
	const offset = Math.max(0, request.offset);
	const limit = Math.min(Math.max(0, request.limit), MAX_PARTICIPANTS_PAGE);
	const page = matching.slice(offset, offset + limit);
	return new Api.channels.ChannelParticipants({
		count: matching.length,
		participants: page.map((person) => toChannelParticipant(person, chat, viewerId)),
		chats: [],
		users: page.map((person) => toApiUser(person, viewerId)),
	});
}

function matchesFilter(filter: Api.TypeChannelParticipantsFilter, person: Person, chat: WorldChat): boolean {
	if (filter instanceof Api.ChannelParticipantsRecent) return true;
	if (filter instanceof Api.ChannelParticipantsSearch) return matchesQuery(person, filter.q);
	if (filter instanceof Api.ChannelParticipantsMentions) return matchesQuery(person, filter.q ?? '');
	if (filter instanceof Api.ChannelParticipantsContacts) return person.contact && matchesQuery(person, filter.q);
	if (filter instanceof Api.ChannelParticipantsBots) return person.bot;
	if (filter instanceof Api.ChannelParticipantsAdmins) return person.isAccount && chat.canManageCall === true;
	// Kicked and banned lists: the world has nobody banned.
	return false;
}

/** Telegram's search matches names and usernames; an empty query matches everyone. */
function matchesQuery(person: Person, query: string): boolean {
	const needle = query.trim().toLowerCase();
	if (needle === '') return true;
	const haystack = [person.firstName, person.lastName, person.username].filter((part) => part !== undefined).join(' ').toLowerCase();
	return haystack.includes(needle);
}

function toChannelParticipant(person: Person, chat: WorldChat, viewerId: string): Api.TypeChannelParticipant {
	const userId = long(person.id);
	if (person.id === viewerId) {
		return chat.canManageCall === true
			? new Api.ChannelParticipantCreator({ userId, adminRights: callAdminRights() })
			: new Api.ChannelParticipantSelf({ userId, inviterId: userId, date: WORLD_EPOCH });
	}
	return new Api.ChannelParticipant({ userId, date: WORLD_EPOCH });
}
