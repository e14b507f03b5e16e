import type { IDataObject } from 'n8n-workflow';

import type { CallReference } from '../../../input/parseCallReference';
import type { GroupCallInfo, TelegramChat, TelegramGateway } from '../../../transport';
import { isTelegramError, TelegramError } from '../../../transport';
import { settle } from '../../../errors/settle';
import { callJson } from '../common/callOutput';
import { sendOnce, type Send } from '../common/withRetries';
import { findCall, type CallIds } from './findCall';

/**
 * Starts a scheduled call. A call that is already running is reported (`status: "already_started"`), not
 * failed, so re-runs are harmless; a chat without a call, or an ended call, fails with what to do. Every
 * request goes through `send` (a resent start that had started the call is "already_started").
 */
export async function startScheduledCall(gateway: TelegramGateway, reference: CallReference, send: Send = sendOnce): Promise<IDataObject> {
	const found = await findCall(gateway, reference, send);
	if (found.by === 'chat') {
		if (found.info === undefined) {
			throw new TelegramError({ code: 'NO_CALL', httpCode: null, method: 'Start Scheduled', detail: `chat ${found.chat.id} has no call` });
		}
		if (found.info.state === 'active') return output(found.info, found.chat, 'already_started');
		return await start(gateway, send, found.info, found.chat);
	}
	return await start(gateway, send, found.ids, undefined);
}

async function start(gateway: TelegramGateway, send: Send, ids: CallIds, chat: TelegramChat | undefined): Promise<IDataObject> {
	const started = await settle(async () => await send(async () => await gateway.startScheduledGroupCall(ids)));
	const now = async (): Promise<GroupCallInfo> => await send(async () => await gateway.getCall(ids));
	if (started.ok) return output(started.value, chat, 'started');
	const error = started.error;
	if (isTelegramError(error) && error.code === 'GROUPCALL_ALREADY_STARTED') return output(await now(), chat, 'already_started');
	// Telegram answers an ended call with GROUPCALL_FORBIDDEN, which also covers other refusals: tell them apart.
	if (isTelegramError(error) && error.code === 'GROUPCALL_FORBIDDEN' && (await now()).state === 'ended') {
		throw new TelegramError({ code: 'CALL_ENDED', httpCode: null, method: 'phone.StartScheduledGroupCall', detail: `call ${ids.callId}` });
	}
	throw error;
}

function output(info: GroupCallInfo, chat: TelegramChat | undefined, status: 'started' | 'already_started'): IDataObject {
	return { ...callJson(info, chat), status };
}
