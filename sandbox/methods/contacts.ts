import { Api } from 'telegram';

import { PHONE_PATTERN, USERNAME_PATTERN, phoneDigits } from '../world/parse/formats';
import type { WorldState } from '../world/worldState';
import { telegramError } from './errors';
import { peerOfChat, toApiChat } from './tl/chats';
import { toApiUser, peerOfUser } from './tl/users';
import { RpcFailure, type MethodTable, type RequestContext } from './types';

export function contactsMethods(world: WorldState): MethodTable {
	const usernameLimit = new SlidingWindowLimit();
	return {
		[Api.contacts.ResolveUsername.className]: (request: Api.contacts.ResolveUsername, context: RequestContext) => {
			const limit = world.behaviour.resolveUsernameLimit;
			if (limit !== undefined) usernameLimit.take(context.accountId, context.now, limit);
			return resolveUsername(world, request.username, context.accountId);
		},
		[Api.contacts.ResolvePhone.className]: (request: Api.contacts.ResolvePhone, context: RequestContext) =>
			resolvePhone(world, request.phone, context.accountId),
		[Api.contacts.GetContacts.className]: (_request: Api.contacts.GetContacts, context: RequestContext) => getContacts(world, context.accountId),
	};
}

function resolveUsername(world: WorldState, username: string, viewerId: string): Api.contacts.ResolvedPeer {
	if (!USERNAME_PATTERN.test(username)) throw telegramError('USERNAME_INVALID');
	const person = world.userByUsername(username);
	if (person !== undefined) {
		return new Api.contacts.ResolvedPeer({ peer: peerOfUser(person.id), chats: [], users: [toApiUser(person, viewerId)] });
	}
	const chat = world.chatByUsername(username);
	if (chat !== undefined) {
		return new Api.contacts.ResolvedPeer({ peer: peerOfChat(chat), chats: [toApiChat(world, chat, viewerId)], users: [] });
	}
	throw telegramError('USERNAME_NOT_OCCUPIED');
}

/** Finds anyone whose number is in the world, contact or not (the world has no phone privacy settings). */
function resolvePhone(world: WorldState, phone: string, viewerId: string): Api.contacts.ResolvedPeer {
	const digits = phoneDigits(phone);
	if (!PHONE_PATTERN.test(digits)) throw telegramError('PHONE_NUMBER_INVALID');
	const person = world.userByPhone(digits);
	if (person === undefined || person.deleted) throw telegramError('PHONE_NOT_OCCUPIED');
	const user = toApiUser(person, viewerId, { showPhone: true });
	return new Api.contacts.ResolvedPeer({ peer: peerOfUser(person.id), chats: [], users: [user] });
}

/** Always the full list: the request's hash is ignored, so the answer is never contactsNotModified. */
function getContacts(world: WorldState, viewerId: string): Api.contacts.Contacts {
	const contacts = world.contacts();
	return new Api.contacts.Contacts({
		contacts: contacts.map((person) => new Api.Contact({ userId: toApiUser(person, viewerId).id, mutual: false })),
		savedCount: 0,
		users: contacts.map((person) => toApiUser(person, viewerId)),
	});
}

/**
 * A model of a per-method limit (docs/sandbox-world.md): each account may make `requests` calls within any
 * `windowSeconds`; one more answers 420 FLOOD_WAIT_X, X being the seconds until the oldest counted call leaves
 * the window. Refused calls are not counted.
 */
class SlidingWindowLimit {
	private readonly callsByAccount = new Map<string, number[]>();

	take(accountId: string, now: number, limit: { requests: number; windowSeconds: number }): void {
		const calls = (this.callsByAccount.get(accountId) ?? []).filter((at) => at > now - limit.windowSeconds);
		this.callsByAccount.set(accountId, calls);
		if (calls.length >= limit.requests) {
			throw new RpcFailure(420, `FLOOD_WAIT_${Math.max(1, calls[0] + limit.windowSeconds - now)}`);
		}
		calls.push(now);
	}
}
