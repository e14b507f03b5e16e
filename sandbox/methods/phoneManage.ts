import { Api } from 'telegram';

import { deriveInt64 } from '../world/derivedValues';
import type { WorldState } from '../world/worldState';
import { announceCallChange } from './callChanges';
import { telegramError } from './errors';
import { lookupManagedCall, lookupMemberCall } from './lookups';
import type { MethodTable, RequestContext } from './types';

const MAX_TITLE_LENGTH = 64;

/** Managing an existing call; all but exportGroupCallInvite need `canManageCall` (CHAT_ADMIN_REQUIRED). */
export function phoneManageMethods(world: WorldState): MethodTable {
	return {
		[Api.phone.DiscardGroupCall.className]: (request: Api.phone.DiscardGroupCall, context: RequestContext) => {
			const call = lookupManagedCall(world, request.call, context.accountId);
			if (call.state === 'ended') throw telegramError('GROUPCALL_ALREADY_DISCARDED');
			const leftUserIds = [...call.call.participants];
			call.end(context.now);
			const posted = world.postServiceMessage(call.chat.id, context.accountId, context.now, {
				kind: 'groupCall',
				callId: call.id,
				duration: call.duration,
			});
			return announceCallChange(world, context, { kind: 'ended', call, leftUserIds, posted });
		},
		[Api.phone.EditGroupCallTitle.className]: (request: Api.phone.EditGroupCallTitle, context: RequestContext) => {
			const call = lookupManagedCall(world, request.call, context.accountId);
			if (call.state === 'ended') throw telegramError('GROUPCALL_FORBIDDEN');
			const title = request.title.trim().slice(0, MAX_TITLE_LENGTH);
			call.setTitle(title === '' ? undefined : title);
			return announceCallChange(world, context, { kind: 'retitled', call });
		},
		[Api.phone.StartScheduledGroupCall.className]: (request: Api.phone.StartScheduledGroupCall, context: RequestContext) => {
			const call = lookupManagedCall(world, request.call, context.accountId);
			if (call.state === 'ended') throw telegramError('GROUPCALL_FORBIDDEN');
			if (call.state === 'active') throw telegramError('GROUPCALL_ALREADY_STARTED');
			call.start(context.now);
			const posted = world.postServiceMessage(call.chat.id, context.accountId, context.now, { kind: 'groupCall', callId: call.id });
			return announceCallChange(world, context, { kind: 'started', call, posted });
		},
		[Api.phone.ToggleGroupCallRecord.className]: (request: Api.phone.ToggleGroupCallRecord, context: RequestContext) => {
			const call = lookupManagedCall(world, request.call, context.accountId);
			if (call.state !== 'active') throw telegramError('GROUPCALL_FORBIDDEN');
			call.setRecording(request.start === true ? context.now : undefined);
			return announceCallChange(world, context, { kind: 'recording', call });
		},
		[Api.phone.ExportGroupCallInvite.className]: (request: Api.phone.ExportGroupCallInvite, context: RequestContext) =>
			exportInvite(world, request, context.accountId),
	};
}

/** Public chats only. A speaker link (can_self_unmute) carries a hash and needs admin rights. */
function exportInvite(world: WorldState, request: Api.phone.ExportGroupCallInvite, accountId: string): Api.phone.ExportedGroupCallInvite {
	const call = lookupMemberCall(world, request.call, accountId);
	if (call.state === 'ended') throw telegramError('GROUPCALL_FORBIDDEN');
	const username = call.chat.username;
	if (username === undefined) throw telegramError('PUBLIC_CHANNEL_MISSING');
	if (request.canSelfUnmute === true && call.chat.canManageCall !== true) throw telegramError('CHAT_ADMIN_REQUIRED');
	const kind = call.chat.kind === 'channel' ? 'livestream' : 'videochat';
	const speakerHash = BigInt.asUintN(64, BigInt(deriveInt64(`speaker-link:${call.id}`))).toString(16);
	const link = `https://t.me/${username}?${kind}${request.canSelfUnmute === true ? `=${speakerHash}` : ''}`;
	return new Api.phone.ExportedGroupCallInvite({ link });
}
