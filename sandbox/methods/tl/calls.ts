import { Api } from 'telegram';

import { WORLD_EPOCH, type LiveCall, type WorldState } from '../../world/worldState';
import type { WorldParticipant } from '../../world/worldFile';
import { peerOfChat } from './chats';
import { long } from './long';
import { peerOfUser } from './users';

export function toInputGroupCall(call: LiveCall): Api.InputGroupCall {
	return new Api.InputGroupCall({ id: long(call.id), accessHash: long(call.accessHash) });
}

/** `groupCall` for an active or scheduled call, `groupCallDiscarded` for an ended one. */
export function toApiGroupCall(call: LiveCall): Api.TypeGroupCall {
	if (call.state === 'ended') {
		return new Api.GroupCallDiscarded({ id: long(call.id), accessHash: long(call.accessHash), duration: call.duration });
	}
	return new Api.GroupCall({
		id: long(call.id),
		accessHash: long(call.accessHash),
		participantsCount: call.call.participants.length + (accountJoinedAsChat(call) ? 1 : 0),
		title: call.call.title,
		scheduleDate: call.call.scheduleDate,
		recordStartDate: call.recordStartDate,
		recordVideoActive: call.recording?.video === true ? true : undefined,
		joinMuted: call.joinMuted ? true : undefined,
		canChangeJoinMuted: call.canChangeJoinMuted ? true : undefined,
		listenersHidden: call.call.listenersHidden === true ? true : undefined,
		canStartVideo: true,
		unmutedVideoLimit: 30,
		version: call.version,
	});
}

/** A user's entry in the call, with the flags the world file gives it (participantDetails) or the defaults. */
export function toApiParticipant(userId: string, viewerId: string, details: WorldParticipant = {}): Api.GroupCallParticipant {
	const source = audioSourceOf(userId);
	return new Api.GroupCallParticipant({
		// Joined as a channel: the list shows the channel, never who is behind it.
		peer: details.joinedAs === undefined ? peerOfUser(userId) : new Api.PeerChannel({ channelId: long(details.joinedAs) }),
		date: details.date ?? WORLD_EPOCH,
		activeDate: details.activeDate,
		source,
		self: userId === viewerId,
		canSelfUnmute: details.canSelfUnmute ?? true,
		muted: details.muted ?? true,
		volume: details.volume,
		about: details.about,
		raiseHandRating: details.raiseHandRating === undefined ? undefined : long(String(details.raiseHandRating)),
		video: details.video === true ? participantVideo(`video-${userId}`, audioSourceOf(`${userId}1`)) : undefined,
		presentation: details.presentation === true ? participantVideo(`screen-${userId}`, audioSourceOf(`${userId}2`)) : undefined,
	});
}

/** The flags of a participant's entry (empty: the defaults). */
export function participantDetailsOf(call: LiveCall, userId: string): WorldParticipant {
	return call.call.participantDetails?.[userId] ?? {};
}

/**
 * With listeners hidden, TDLib's td_api.tl: "group call participants, which are muted, aren't returned in
 * participant list". The account's own entry is always listed (model: it knows it is there).
 */
export function isListed(call: LiveCall, userId: string, viewerId: string): boolean {
	if (call.call.listenersHidden !== true || userId === viewerId) return true;
	return participantDetailsOf(call, userId).muted === false;
}

function participantVideo(endpoint: string, source: number): Api.GroupCallParticipantVideo {
	return new Api.GroupCallParticipantVideo({
		endpoint,
		sourceGroups: [new Api.GroupCallParticipantVideoSourceGroup({ semantics: 'SIM', sources: [source] })],
	});
}

/**
 * The account joined this call as a channel (`joinedAs: "channel"`): Telegram then lists the account's own entry
 * with `self` set and the channel as its peer, which is how a client can tell (the sandbox names the call's own
 * chat, as when an anonymous admin joins as the group). Only a running call has participants.
 */
export function accountJoinedAsChat(call: LiveCall): boolean {
	return call.call.joinedAs === 'channel' && call.state === 'active';
}

export function accountAsChatParticipant(call: LiveCall): Api.GroupCallParticipant {
	return new Api.GroupCallParticipant({
		peer: peerOfChat(call.chat),
		date: WORLD_EPOCH,
		source: audioSourceOf(call.chat.id),
		self: true,
		canSelfUnmute: true,
		muted: true,
	});
}

/** Telegram gives each participant an SSRC "source"; a stable positive int32 per user keeps answers repeatable. */
export function audioSourceOf(userId: string): number {
	return Number(BigInt(userId) % 2_147_483_646n) + 1;
}

/** `updateGroupCall`: the call started, changed or ended. */
export function groupCallUpdate(call: LiveCall): Api.UpdateGroupCall {
	return new Api.UpdateGroupCall({ chatId: long(call.chat.id), call: toApiGroupCall(call) });
}

/** `updateGroupCallParticipants` telling that these users left (used when a call ends). */
export function participantsLeftUpdate(call: LiveCall, userIds: readonly string[], viewerId: string): Api.UpdateGroupCallParticipants {
	const participants = userIds.map((userId) => {
		const participant = toApiParticipant(userId, viewerId);
		participant.left = true;
		return participant;
	});
	return new Api.UpdateGroupCallParticipants({ call: toInputGroupCall(call), participants, version: call.version });
}

export function callOf(world: WorldState, callId: string): LiveCall {
	const call = world.call(callId);
	if (call === undefined) throw new Error(`no call ${callId} in the world`);
	return call;
}
