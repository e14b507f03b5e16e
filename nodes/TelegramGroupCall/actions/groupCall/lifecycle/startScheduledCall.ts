import type { IDataObject } from 'n8n-workflow';

import type { CallReference } from '../../../input/parseCallReference';
import type { GroupCallInfo, TelegramChat, TelegramGateway } from '../../../transport';
import { isTelegramError, TelegramError } from '../../../transport';
import { settle } from '../../../errors/settle';
import { callJson } from '../common/callOutput';
import { findCall, type CallIds } from './findCall';

/**
 * Starts a scheduled call. A call that is already running is reported (`status: "already_started"`), not
 * failed, so re-runs are harmless; a chat without a call, or an ended call, fails with what to do.
 */
export async function startScheduledCall(gateway: TelegramGateway, reference: CallReference): Promise<IDataObject> {
	const found = await findCall(gateway, reference);
	if (found.by === 'chat') {
		if (found.info === undefined) {
			throw new TelegramError({ code: 'NO_CALL', httpCode: null, method: 'Start Scheduled', detail: `chat ${found.chat.id} has no call` });
		}
		if (found.info.state === 'active') return output(found.info, found.chat, 'already_started');
		return await start(gateway, found.info, found.chat);
	}
	return await start(gateway, found.ids, undefined);
}

async function start(gateway: TelegramGateway, ids: CallIds, chat: TelegramChat | undefined): Promise<IDataObject> {
	const started = await settle(async () => await gateway.startScheduledGroupCall(ids));
	if (started.ok) return output(started.value, chat, 'started');
	const error = started.error;
	if (isTelegramError(error) && error.code === 'GROUPCALL_ALREADY_STARTED') return output(await gateway.getCall(ids), chat, 'already_started');
	// Telegram answers an ended call with GROUPCALL_FORBIDDEN, which also covers other refusals: tell them apart.
	if (isTelegramError(error) && error.code === 'GROUPCALL_FORBIDDEN' && (await gateway.getCall(ids)).state === 'ended') {
		throw new TelegramError({ code: 'CALL_ENDED', httpCode: null, method: 'phone.StartScheduledGroupCall', detail: `call ${ids.callId}` });
	}
	throw error;
}

function output(info: GroupCallInfo, chat: TelegramChat | undefined, status: 'started' | 'already_started'): IDataObject {
	return { ...callJson(info, chat), status };
}
