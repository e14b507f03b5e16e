import { Api } from 'telegram';

import type { LiveCall, Person, WorldState } from '../world/worldState';
import type { WorldChat } from '../world/worldFile';
import { telegramError } from './errors';
import { decimalOf } from './tl/long';

/**
 * Turns the Input* objects of a request into world objects, checking access hashes as Telegram does.
 * Hashes are compared as decimal strings of signed int64 (GramJS reads `long` as signed big-integer).
 */

/** The user an InputUser / InputPeer names, or undefined (unknown id, wrong or zero hash, empty, from-message). */
export function lookupUser(world: WorldState, input: unknown, accountId: string): Person | undefined {
	if (input instanceof Api.InputUserSelf || input instanceof Api.InputPeerSelf) return world.user(accountId);
	if (input instanceof Api.InputUser || input instanceof Api.InputPeerUser) {
		const person = world.user(decimalOf(input.userId));
		return person !== undefined && person.accessHash === decimalOf(input.accessHash) ? person : undefined;
	}
	// inputUserFromMessage needs message lookups the sandbox does not model: treated as unknown.
	return undefined;
}

/** The id an InputUser claims, for `userEmpty` answers ("0" when it names none). */
export function claimedUserId(input: unknown, accountId: string): string {
	if (input instanceof Api.InputUserSelf) return accountId;
	if (input instanceof Api.InputUser || input instanceof Api.InputUserFromMessage) return decimalOf(input.userId);
	return '0';
}

/** A supergroup or channel named by InputChannel / InputPeerChannel; CHANNEL_INVALID otherwise. */
export function lookupChannel(world: WorldState, input: unknown): WorldChat {
	if (input instanceof Api.InputChannel || input instanceof Api.InputPeerChannel) {
		const chat = world.chat(decimalOf(input.channelId));
		if (chat !== undefined && chat.kind !== 'group' && chat.accessHash === decimalOf(input.accessHash)) return chat;
	}
	throw telegramError('CHANNEL_INVALID');
}

/** Non-members see a channel's details only when it is public: CHANNEL_PRIVATE otherwise. */
export function requireChannelAccess(world: WorldState, chat: WorldChat, accountId: string): void {
	if (chat.username === undefined && !world.isMember(chat.id, accountId)) throw telegramError('CHANNEL_PRIVATE');
}

/**
 * A chat named by an InputPeer (basic group or channel); PEER_ID_INVALID otherwise (users, wrong hash, unknown).
 * A group upgraded to a supergroup is deactivated: CHAT_ID_INVALID (a model; docs/sandbox-world.md).
 */
export function lookupChatPeer(world: WorldState, input: unknown): WorldChat {
	if (input instanceof Api.InputPeerChat) {
		const chat = world.chat(decimalOf(input.chatId));
		if (chat?.kind === 'group' && chat.migratedTo !== undefined) throw telegramError('CHAT_ID_INVALID');
		if (chat?.kind === 'group') return chat;
	}
	if (input instanceof Api.InputPeerChannel) {
		const chat = world.chat(decimalOf(input.channelId));
		if (chat !== undefined && chat.kind !== 'group' && chat.accessHash === decimalOf(input.accessHash)) return chat;
	}
	throw telegramError('PEER_ID_INVALID');
}

/** The call an InputGroupCall names; GROUPCALL_INVALID for an unknown id or a wrong access hash. */
export function lookupCall(world: WorldState, input: unknown): LiveCall {
	if (input instanceof Api.InputGroupCall) {
		const call = world.call(decimalOf(input.id));
		if (call !== undefined && call.accessHash === decimalOf(input.accessHash)) return call;
	}
	throw telegramError('GROUPCALL_INVALID');
}

/** A call whose chat the account belongs to; GROUPCALL_FORBIDDEN for calls of chats it is not in. */
export function lookupMemberCall(world: WorldState, input: unknown, accountId: string): LiveCall {
	const call = lookupCall(world, input);
	if (!world.isMember(call.chat.id, accountId)) throw telegramError('GROUPCALL_FORBIDDEN');
	return call;
}

/** A call the account may manage (create/discard/title/record/start); CHAT_ADMIN_REQUIRED otherwise. */
export function lookupManagedCall(world: WorldState, input: unknown, accountId: string): LiveCall {
	const call = lookupMemberCall(world, input, accountId);
	if (call.chat.canManageCall !== true) throw telegramError('CHAT_ADMIN_REQUIRED');
	return call;
}
