import { Api } from 'telegram';

import type { LiveCall, WorldState } from '../world/worldState';
import { telegramError } from './errors';
import { lookupMemberCall } from './lookups';
import { accountAsChatParticipant, accountJoinedAsChat, audioSourceOf, toApiGroupCall, toApiParticipant } from './tl/calls';
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
	const entries = listed(call, call.call.participants, true);
	const shown = entries.slice(0, Math.max(0, request.limit));
	return new Api.phone.GroupCall({
		call: toApiGroupCall(call),
		participants: shown.map((entry) => toApiEntry(call, entry, viewerId)),
		participantsNextOffset: shown.length < entries.length ? String(shown.length) : '',
		chats: [],
		users: usersOf(world, shown, viewerId),
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
	return entry === ACCOUNT_AS_CHAT ? accountAsChatParticipant(call) : toApiParticipant(entry, viewerId);
}

/** Paged by an opaque offset (here: the index as a string); an empty next_offset ends paging. */
function getGroupParticipants(world: WorldState, request: Api.phone.GetGroupParticipants, viewerId: string): Api.phone.GroupParticipants {
	const call = lookupMemberCall(world, request.call, viewerId);
	if (call.state === 'ended') throw telegramError('GROUPCALL_FORBIDDEN');
	const unfiltered = request.ids.length === 0 && request.sources.length === 0;
	const matching = listed(call, filterParticipants(call, request.ids, request.sources, viewerId), unfiltered);
	const offset = /^[0-9]+$/.test(request.offset) ? Number(request.offset) : 0;
	const page = matching.slice(offset, offset + Math.max(0, request.limit));
	const end = offset + page.length;
	return new Api.phone.GroupParticipants({
		count: matching.length,
		participants: page.map((entry) => toApiEntry(call, entry, viewerId)),
		nextOffset: end < matching.length ? String(end) : '',
		chats: [],
		users: usersOf(world, page, viewerId),
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

function usersOf(world: WorldState, entries: readonly ListedEntry[], viewerId: string): Api.TypeUser[] {
	return entries.flatMap((id) => {
		if (typeof id !== 'string') return [];
		const person = world.user(id);
		return person === undefined ? [] : [toApiUser(person, viewerId)];
	});
}
