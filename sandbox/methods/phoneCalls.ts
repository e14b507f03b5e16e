import { Api } from 'telegram';

import type { LiveCall, WorldState } from '../world/worldState';
import { telegramError } from './errors';
import { lookupMemberCall } from './lookups';
import {
	accountAsChatParticipant,
	accountJoinedAsChat,
	audioSourceOf,
	isListed,
	participantDetailsOf,
	toApiGroupCall,
	toApiParticipant,
} from './tl/calls';
import { toApiChat } from './tl/chats';
import { decimalOf } from './tl/long';
import { toApiUser } from './tl/users';
import type { MethodTable, RequestContext } from './types';

/** Reading a call: phone.getGroupCall and phone.getGroupParticipants. */
export function phoneCallMethods(world: WorldState): MethodTable {
	return {
		[Api.phone.GetGroupCall.className]: (request: Api.phone.GetGroupCall, context: RequestContext) =>
			getGroupCall(world, request, context.accountId),
		[Api.phone.GetGroupParticipants.className]: (request: Api.phone.GetGroupParticipants, context: RequestContext) =>
			getGroupParticipants(world, request, context.accountId),
	};
}

function getGroupCall(world: WorldState, request: Api.phone.GetGroupCall, viewerId: string): Api.phone.GroupCall {
	const call = lookupMemberCall(world, request.call, viewerId);
	const entries = listed(call, listedUsers(call, call.call.participants, viewerId), true);
	const shown = entries.slice(0, Math.max(0, request.limit));
	return new Api.phone.GroupCall({
		call: toApiGroupCall(call),
		participants: shown.map((entry) => toApiEntry(call, entry, viewerId)),
		participantsNextOffset: shown.length < entries.length ? String(shown.length) : '',
		chats: chatsOf(world, call, shown, viewerId),
		users: usersOf(world, call, shown, viewerId),
	});
}

/** A listed participant: a user by id, or the account itself joined as the call's chat. */
type ListedEntry = string | typeof ACCOUNT_AS_CHAT;
const ACCOUNT_AS_CHAT = Symbol('account joined as the chat');

/** The users, then the account's own entry when it joined as a channel and the listing is not filtered. */
function listed(call: LiveCall, userIds: readonly string[], unfiltered: boolean): ListedEntry[] {
	return unfiltered && accountJoinedAsChat(call) ? [...userIds, ACCOUNT_AS_CHAT] : [...userIds];
}

function toApiEntry(call: LiveCall, entry: ListedEntry, viewerId: string): Api.GroupCallParticipant {
	return entry === ACCOUNT_AS_CHAT ? accountAsChatParticipant(call) : toApiParticipant(entry, viewerId, participantDetailsOf(call, entry));
}

/** The users a list shows: with hidden listeners, only those who are unmuted (and the account itself). */
function listedUsers(call: LiveCall, userIds: readonly string[], viewerId: string): string[] {
	return call.call.listenersHidden === true ? userIds.filter((id) => isListed(call, id, viewerId)) : [...userIds];
}

/** Paged by an opaque offset (here: the index as a string); an empty next_offset ends paging. */
function getGroupParticipants(world: WorldState, request: Api.phone.GetGroupParticipants, viewerId: string): Api.phone.GroupParticipants {
	const call = lookupMemberCall(world, request.call, viewerId);
	if (call.state === 'ended') throw telegramError('GROUPCALL_FORBIDDEN');
	const unfiltered = request.ids.length === 0 && request.sources.length === 0;
	const filtered = filterParticipants(call, request.ids, request.sources, viewerId);
	const matching = listed(call, listedUsers(call, filtered, viewerId), unfiltered);
	const offset = /^[0-9]+$/.test(request.offset) ? Number(request.offset) : 0;
	const page = matching.slice(offset, offset + Math.max(0, request.limit));
	const end = offset + page.length;
	return new Api.phone.GroupParticipants({
		// Hidden listeners are counted, not listed (model: count is everyone matching, as participants_count).
		count: unfiltered ? toApiCallCount(call) : filtered.length,
		participants: page.map((entry) => toApiEntry(call, entry, viewerId)),
		nextOffset: end < matching.length ? String(end) : '',
		chats: chatsOf(world, call, page, viewerId),
		users: usersOf(world, call, page, viewerId),
		version: call.version,
	});
}

function filterParticipants(call: LiveCall, peers: readonly unknown[], sources: readonly number[], viewerId: string): string[] {
	const wantedIds = new Set(peers.flatMap((peer) => peerUserId(peer, viewerId)));
	const wantedSources = new Set(sources);
	return call.call.participants.filter(
		(id) => (wantedIds.size === 0 || wantedIds.has(id)) && (wantedSources.size === 0 || wantedSources.has(audioSourceOf(id))),
	);
}

function peerUserId(peer: unknown, viewerId: string): string[] {
	if (peer instanceof Api.InputPeerSelf) return [viewerId];
	return peer instanceof Api.InputPeerUser ? [decimalOf(peer.userId)] : [];
}

/** The users of the listed entries; those who joined as a channel stay hidden behind it. */
function usersOf(world: WorldState, call: LiveCall, entries: readonly ListedEntry[], viewerId: string): Api.TypeUser[] {
	return entries.flatMap((id) => {
		if (typeof id !== 'string' || participantDetailsOf(call, id).joinedAs !== undefined) return [];
		const person = world.user(id);
		return person === undefined ? [] : [toApiUser(person, viewerId)];
	});
}

/** The chats the listed entries appear as (a channel joined as, or the call's chat for the account's own entry). */
function chatsOf(world: WorldState, call: LiveCall, entries: readonly ListedEntry[], viewerId: string): Api.TypeChat[] {
	const chatIds = new Set<string>();
	for (const entry of entries) {
		const chatId = entry === ACCOUNT_AS_CHAT ? call.chat.id : participantDetailsOf(call, entry).joinedAs;
		if (chatId !== undefined) chatIds.add(chatId);
	}
	return [...chatIds].flatMap((id) => {
		const chat = world.chat(id);
		return chat === undefined ? [] : [toApiChat(world, chat, viewerId)];
	});
}

function toApiCallCount(call: LiveCall): number {
	return call.call.participants.length + (accountJoinedAsChat(call) ? 1 : 0);
}
