import { Api } from 'telegram';

import { WORLD_EPOCH, type LiveCall, type WorldState } from '../../world/worldState';
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
		canStartVideo: true,
		unmutedVideoLimit: 30,
		version: call.version,
	});
}

export function toApiParticipant(userId: string, viewerId: string): Api.GroupCallParticipant {
	return new Api.GroupCallParticipant({
		peer: peerOfUser(userId),
		date: WORLD_EPOCH,
		source: audioSourceOf(userId),
		self: userId === viewerId,
		canSelfUnmute: true,
		muted: true,
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
