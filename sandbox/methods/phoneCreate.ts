import { Api } from 'telegram';

import type { WorldState } from '../world/worldState';
import { announceCallChange, callAnswer } from './callChanges';
import { telegramError } from './errors';
import { lookupChatPeer } from './lookups';
import { groupCallUpdate } from './tl/calls';
import type { MethodTable, RequestContext } from './types';

const MIN_SCHEDULE_AHEAD_SECONDS = 10;
const MAX_SCHEDULE_AHEAD_SECONDS = 8 * 24 * 3600;
const MAX_TITLE_LENGTH = 64;

export function phoneCreateMethods(world: WorldState): MethodTable {
	return {
		[Api.phone.CreateGroupCall.className]: (request: Api.phone.CreateGroupCall, context: RequestContext) => createGroupCall(world, request, context),
	};
}

/** Starts or schedules a call; a call running in the chat ends first. Idempotent per random_id (resends after a drop). */
function createGroupCall(world: WorldState, request: Api.phone.CreateGroupCall, context: RequestContext): Api.Updates {
	const chat = lookupChatPeer(world, request.peer);
	const member = world.isMember(chat.id, context.accountId);
	// As channels.getFullChannel: a private channel the account is not in is CHANNEL_PRIVATE to it.
	if (!member && chat.kind !== 'group' && chat.username === undefined) throw telegramError('CHANNEL_PRIVATE');
	if (!member || chat.canManageCall !== true) throw telegramError('CHAT_ADMIN_REQUIRED');
	const earlier = world.callCreatedBy(chat.id, request.randomId);
	if (earlier !== undefined) return callAnswer(world, context, earlier, [groupCallUpdate(earlier)]);
	// Absent optional fields arrive as null from the wire.
	const scheduleDate = request.scheduleDate ?? undefined;
	if (
		scheduleDate !== undefined &&
		(scheduleDate < context.now + MIN_SCHEDULE_AHEAD_SECONDS || scheduleDate > context.now + MAX_SCHEDULE_AHEAD_SECONDS)
	) {
		throw telegramError('SCHEDULE_DATE_INVALID');
	}
	const title = request.title?.trim().slice(0, MAX_TITLE_LENGTH);
	const { created, ended } = world.createCall(chat.id, { title: title === '' ? undefined : title, scheduleDate }, context.now);
	world.rememberCreation(chat.id, request.randomId, created.id);
	const posted = world.postServiceMessage(
		chat.id,
		context.accountId,
		context.now,
		scheduleDate === undefined ? { kind: 'groupCall', callId: created.id } : { kind: 'groupCallScheduled', callId: created.id, scheduleDate },
	);
	const kind = scheduleDate === undefined ? 'created' : 'scheduled';
	return announceCallChange(world, context, { kind, call: created, ...(ended === undefined ? {} : { ended }), posted });
}
