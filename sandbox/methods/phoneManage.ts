import { Api } from 'telegram';

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
		[Api.phone.ToggleGroupCallRecord.className]: (request: Api.phone.ToggleGroupCallRecord, context: RequestContext) =>
			toggleRecord(world, request, context),
		[Api.phone.ToggleGroupCallSettings.className]: (request: Api.phone.ToggleGroupCallSettings, context: RequestContext) =>
			toggleSettings(world, request, context),
		[Api.phone.ExportGroupCallInvite.className]: (request: Api.phone.ExportGroupCallInvite, context: RequestContext) =>
			exportInvite(world, request, context.accountId),
	};
}

/**
 * Starts or stops the recording. Starting while recording, or stopping while not, changes nothing:
 * GROUPCALL_NOT_MODIFIED (documented for the method). The file "goes to Saved Messages": not modelled.
 */
function toggleRecord(world: WorldState, request: Api.phone.ToggleGroupCallRecord, context: RequestContext): Api.Updates {
	const call = lookupManagedCall(world, request.call, context.accountId);
	if (call.state !== 'active') throw telegramError('GROUPCALL_FORBIDDEN');
	const start = request.start === true;
	if (start === (call.recording !== undefined)) throw telegramError('GROUPCALL_NOT_MODIFIED');
	if (!start) {
		call.setRecording(undefined);
		return announceCallChange(world, context, { kind: 'recording', call });
	}
	const title = request.title?.trim().slice(0, MAX_TITLE_LENGTH);
	const video = request.video === true;
	// Absent optional fields arrive as null from the wire; video_portrait is only read with video.
	const portrait = video ? (request.videoPortrait ?? undefined) : undefined;
	call.setRecording({
		startDate: context.now,
		...(title === undefined || title === '' ? {} : { title }),
		video,
		...(portrait === undefined ? {} : { videoPortrait: portrait }),
	});
	return announceCallChange(world, context, { kind: 'recording', call });
}

/**
 * join_muted and reset_invite_hash. A request that changes nothing (join_muted as it is, no reset) answers
 * GROUPCALL_NOT_MODIFIED; join_muted where the call says can_change_join_muted is false answers
 * GROUPCALL_CHANGE_FORBIDDEN (both documented for the method; which case gives the latter is a model).
 */
function toggleSettings(world: WorldState, request: Api.phone.ToggleGroupCallSettings, context: RequestContext): Api.Updates {
	const call = lookupManagedCall(world, request.call, context.accountId);
	if (call.state === 'ended') throw telegramError('GROUPCALL_FORBIDDEN');
	const joinMuted = request.joinMuted ?? undefined;
	if (joinMuted !== undefined && !call.canChangeJoinMuted) throw telegramError('GROUPCALL_CHANGE_FORBIDDEN');
	const changesJoinMuted = joinMuted !== undefined && joinMuted !== call.joinMuted;
	const resets = request.resetInviteHash === true;
	if (!changesJoinMuted && !resets) throw telegramError('GROUPCALL_NOT_MODIFIED');
	if (changesJoinMuted) call.setJoinMuted(joinMuted);
	if (resets) call.resetInviteHash();
	return announceCallChange(world, context, { kind: 'settings', call });
}

/** Public chats only. A speaker link (can_self_unmute) carries a hash and needs admin rights. */
function exportInvite(world: WorldState, request: Api.phone.ExportGroupCallInvite, accountId: string): Api.phone.ExportedGroupCallInvite {
	const call = lookupMemberCall(world, request.call, accountId);
	if (call.state === 'ended') throw telegramError('GROUPCALL_FORBIDDEN');
	const username = call.chat.username;
	if (username === undefined) throw telegramError('PUBLIC_CHANNEL_MISSING');
	if (request.canSelfUnmute === true && call.chat.canManageCall !== true) throw telegramError('CHAT_ADMIN_REQUIRED');
	const kind = call.chat.kind === 'channel' ? 'livestream' : 'videochat';
	const link = `https://t.me/${username}?${kind}${request.canSelfUnmute === true ? `=${call.inviteHash}` : ''}`;
	return new Api.phone.ExportedGroupCallInvite({ link });
}
