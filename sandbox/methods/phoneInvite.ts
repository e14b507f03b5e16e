import { Api } from 'telegram';

import type { LiveCall, Person, WorldState } from '../world/worldState';
import { checkInviteRequest, judgeInvitee, type InviteVerdict } from './inviteRules';
import { lookupCall } from './lookups';
import { telegramError } from './errors';
import { isChannelLike } from './tl/chats';
import { newMessageUpdate } from './tl/messages';
import { toApiUpdates } from './tl/updates';
import type { MethodTable, RequestContext } from './types';

/**
 * phone.inviteToGroupCall. What a request with a failing user does depends on behaviour.batch:
 * atomic = nobody invited, first error answered; partial = the others invited, then the first error answered;
 * lenient = the others invited and success answered, failing users silently left out of the service message.
 */
export function phoneInviteMethods(world: WorldState): MethodTable {
	return {
		[Api.phone.InviteToGroupCall.className]: (request: Api.phone.InviteToGroupCall, context: RequestContext) =>
			inviteToGroupCall(world, request, context),
	};
}

function inviteToGroupCall(world: WorldState, request: Api.phone.InviteToGroupCall, context: RequestContext): Api.Updates {
	const call = lookupCall(world, request.call);
	checkInviteRequest(world, call, context.accountId, request.users.length);
	const verdicts = request.users.map((input) => judgeInvitee(world, call, input, context.accountId));
	const failure = verdicts.find((verdict) => verdict.kind === 'fail');
	const mode = world.behaviour.batch;
	if (failure !== undefined && mode === 'atomic') throw telegramError(failure.error);
	const invitees = distinctInvitees(verdicts);
	const updates = invitees.length > 0 ? applyInvites(world, call, invitees, context) : emptyUpdates(context.now);
	if (failure !== undefined && mode === 'partial') {
		// The answer is an error, so the client learns of the applied part only through its update stream.
		if (invitees.length > 0) context.pushUpdates(updates);
		throw telegramError(failure.error);
	}
	return updates;
}

/** A user listed twice is invited once. */
function distinctInvitees(verdicts: readonly InviteVerdict[]): Person[] {
	const byId = new Map<string, Person>();
	for (const verdict of verdicts) if (verdict.kind === 'invite' && !byId.has(verdict.person.id)) byId.set(verdict.person.id, verdict.person);
	return [...byId.values()];
}

function applyInvites(world: WorldState, call: LiveCall, invitees: readonly Person[], context: RequestContext): Api.Updates {
	const userIds = invitees.map((person) => person.id);
	for (const userId of userIds) world.recordInvite({ callId: call.id, userId, byAccountId: context.accountId, date: context.now });
	for (const person of invitees) if (person.joinsWhenInvited) call.join(person.id, context.now);
	const posted = world.postServiceMessage(call.chat.id, context.accountId, context.now, { kind: 'inviteToGroupCall', callId: call.id, userIds });
	context.markApplied();
	return toApiUpdates(
		world,
		{
			updates: [newMessageUpdate(world, call.chat, posted, context.accountId)],
			userIds: [context.accountId, ...userIds],
			chats: [call.chat],
			commonBox: !isChannelLike(call.chat),
		},
		context.accountId,
		context.now,
	);
}

/** Success with nobody invited (only the account itself was listed, or lenient mode dropped everyone). */
function emptyUpdates(now: number): Api.Updates {
	return new Api.Updates({ updates: [], users: [], chats: [], date: now, seq: 0 });
}
