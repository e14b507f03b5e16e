import { Api } from 'telegram';

import type { LiveCall, WorldState } from '../world/worldState';
import { telegramError } from './errors';
import { lookupMemberCall } from './lookups';
import { audioSourceOf, toApiGroupCall, toApiParticipant } from './tl/calls';
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
	const participants = call.call.participants;
	const shown = participants.slice(0, Math.max(0, request.limit));
	return new Api.phone.GroupCall({
		call: toApiGroupCall(call),
		participants: shown.map((id) => toApiParticipant(id, viewerId)),
		participantsNextOffset: shown.length < participants.length ? String(shown.length) : '',
		chats: [],
		users: usersOf(world, shown, viewerId),
	});
}

/** Paged by an opaque offset (here: the index as a string); an empty next_offset ends paging. */
function getGroupParticipants(world: WorldState, request: Api.phone.GetGroupParticipants, viewerId: string): Api.phone.GroupParticipants {
	const call = lookupMemberCall(world, request.call, viewerId);
	if (call.state === 'ended') throw telegramError('GROUPCALL_FORBIDDEN');
	const matching = filterParticipants(call, request.ids, request.sources, viewerId);
	const offset = /^[0-9]+$/.test(request.offset) ? Number(request.offset) : 0;
	const page = matching.slice(offset, offset + Math.max(0, request.limit));
	const end = offset + page.length;
	return new Api.phone.GroupParticipants({
		count: matching.length,
		participants: page.map((id) => toApiParticipant(id, viewerId)),
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

function usersOf(world: WorldState, ids: readonly string[], viewerId: string): Api.TypeUser[] {
	return ids.flatMap((id) => {
		const person = world.user(id);
		return person === undefined ? [] : [toApiUser(person, viewerId)];
	});
}
