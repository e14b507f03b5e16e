import { Api } from 'telegram';

import { settle } from '../../errors/settle';
import { TelegramError } from '../telegramError';
import type { CallChange, CallSettingsChange, RecordingChange } from '../types';
import { readGroupCall, type Invoke } from './callRequests';
import { groupCallFrom } from './convert';

/*
 * The requests that change a call's settings, title and recording, and export its link. Each takes the call's
 * InputGroupCall and the gateway's `invoke` (its connection, deadlines and cancellation).
 */

/** Telegram's answer when a change request finds the call already that way. */
const NOT_MODIFIED = 'GROUPCALL_NOT_MODIFIED';

export async function editCallTitle(invoke: Invoke, call: Api.InputGroupCall, title: string): Promise<CallChange> {
	return await change(invoke, call, new Api.phone.EditGroupCallTitle({ call, title }));
}

export async function toggleCallSettings(invoke: Invoke, call: Api.InputGroupCall, settings: CallSettingsChange): Promise<CallChange> {
	return await change(
		invoke,
		call,
		new Api.phone.ToggleGroupCallSettings({
			call,
			...(settings.joinMuted === undefined ? {} : { joinMuted: settings.joinMuted }),
			...(settings.resetInviteLink === true ? { resetInviteHash: true } : {}),
		}),
	);
}

export async function toggleCallRecording(invoke: Invoke, call: Api.InputGroupCall, recording: RecordingChange): Promise<CallChange> {
	if (!recording.start) return await change(invoke, call, new Api.phone.ToggleGroupCallRecord({ call }));
	const video = recording.video === true;
	return await change(
		invoke,
		call,
		new Api.phone.ToggleGroupCallRecord({
			call,
			start: true,
			...(recording.title === undefined ? {} : { title: recording.title }),
			// video_portrait shares video's flag bit: sent (as a Bool) exactly when video is.
			...(video ? { video: true, videoPortrait: recording.videoPortrait === true } : {}),
		}),
	);
}

export async function exportCallInvite(invoke: Invoke, call: Api.InputGroupCall, asSpeaker: boolean): Promise<string> {
	const answer = await invoke(new Api.phone.ExportGroupCallInvite({ call, ...(asSpeaker ? { canSelfUnmute: true } : {}) }));
	return answer.link;
}

/**
 * Sends a change and reads the call from its answer (updateGroupCall); an answer without it (Telegram may
 * send the update on its own instead) is followed by phone.getGroupCall. GROUPCALL_NOT_MODIFIED is no failure.
 */
async function change(invoke: Invoke, call: Api.InputGroupCall, request: Api.AnyRequest): Promise<CallChange> {
	const sent = await settle(async () => (await invoke(request)) as Api.TypeUpdates);
	if (!sent.ok) {
		if (sent.error instanceof TelegramError && sent.error.code === NOT_MODIFIED) return { changed: false };
		throw sent.error;
	}
	const described = groupCallFrom(sent.value, call.id.toString());
	return { changed: true, call: described ?? (await readGroupCall(invoke, call)) };
}
