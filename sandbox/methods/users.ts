import { Api } from 'telegram';

import type { WorldState } from '../world/worldState';
import { telegramError } from './errors';
import { claimedUserId, lookupUser } from './lookups';
import { toApiUser, toUserEmpty } from './tl/users';
import type { MethodTable, RequestContext } from './types';

export function usersMethods(world: WorldState): MethodTable {
	return {
		[Api.users.GetUsers.className]: (request: Api.users.GetUsers, context: RequestContext) =>
			request.id.map((input) => {
				const person = lookupUser(world, input, context.accountId);
				return person === undefined ? toUserEmpty(claimedUserId(input, context.accountId)) : toApiUser(person, context.accountId);
			}),
		[Api.users.GetFullUser.className]: (request: Api.users.GetFullUser, context: RequestContext) => getFullUser(world, request.id, context.accountId),
	};
}

function getFullUser(world: WorldState, input: unknown, viewerId: string): Api.users.UserFull {
	const person = lookupUser(world, input, viewerId);
	if (person === undefined) throw telegramError('USER_ID_INVALID');
	const commonChats = world.chats().filter((chat) => world.isMember(chat.id, viewerId) && world.isMember(chat.id, person.id));
	const user = toApiUser(person, viewerId);
	return new Api.users.UserFull({
		fullUser: new Api.UserFull({
			id: user.id,
			settings: new Api.PeerSettings({}),
			notifySettings: new Api.PeerNotifySettings({}),
			commonChatsCount: person.id === viewerId ? 0 : commonChats.length,
		}),
		chats: [],
		users: [user],
	});
}
