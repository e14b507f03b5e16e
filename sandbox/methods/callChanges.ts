import type { Api } from 'telegram';

import type { CallChangeKind, LiveCall, PostedMessage, WorldState } from '../world/worldState';
import { groupCallUpdate, participantsLeftUpdate } from './tl/calls';
import { isChannelLike } from './tl/chats';
import { newMessageUpdate } from './tl/messages';
import { toApiUpdates } from './tl/updates';
import type { RequestContext } from './types';

export interface CallChange {
	/** What the change did, for the world's change log ("changed" when not said). */
	readonly kind: CallChangeKind;
	/** The call as it is now (created, started, retitled, recorded or ended). */
	readonly call: LiveCall;
	/** A call this change ended on the way (creating a call ends the chat's running one). */
	readonly ended?: LiveCall;
	/** Users who were in the call and left because it ended. */
	readonly leftUserIds?: readonly string[];
	/** The service message the change posted in the chat, if any. */
	readonly posted?: PostedMessage;
}

/**
 * Records that the request changed the world (the request log's "applied", the world's change log), tells every
 * connected session of the account (updateGroupCall / updateGroupCallParticipants, as Telegram does), and builds
 * the request's own answer.
 */
export function announceCallChange(world: WorldState, context: RequestContext, change: CallChange): Api.Updates {
	const viewerId = context.accountId;
	const callUpdates: Api.TypeUpdate[] = [];
	if (change.ended !== undefined) callUpdates.push(groupCallUpdate(change.ended));
	callUpdates.push(groupCallUpdate(change.call));
	if (change.leftUserIds !== undefined && change.leftUserIds.length > 0) {
		callUpdates.push(participantsLeftUpdate(change.call, change.leftUserIds, viewerId));
	}
	context.markApplied();
	if (change.ended !== undefined) world.recordCallChange(change.ended, 'ended', viewerId, context.now);
	world.recordCallChange(change.call, change.kind, viewerId, context.now);
	context.pushUpdates(toApiUpdates(world, { updates: callUpdates, chats: [change.call.chat] }, viewerId, context.now));
	return callAnswer(world, context, change.call, callUpdates, change.posted);
}

/** The answer to a call-management request: the call's updates plus the service message, if one was posted. */
export function callAnswer(
	world: WorldState,
	context: RequestContext,
	call: LiveCall,
	callUpdates: Api.TypeUpdate[],
	posted?: PostedMessage,
): Api.Updates {
	const updates = posted === undefined ? callUpdates : [...callUpdates, newMessageUpdate(world, call.chat, posted, context.accountId)];
	return toApiUpdates(
		world,
		{ updates, userIds: [context.accountId], chats: [call.chat], commonBox: posted !== undefined && !isChannelLike(call.chat) },
		context.accountId,
		context.now,
	);
}
