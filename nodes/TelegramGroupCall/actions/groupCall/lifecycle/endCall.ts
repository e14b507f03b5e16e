import type { IDataObject } from 'n8n-workflow';

import type { CallReference } from '../../../input/parseCallReference';
import type { GroupCallInfo, TelegramChat, TelegramGateway } from '../../../transport';
import { isTelegramError } from '../../../transport';
import { settle } from '../../../errors/settle';
import { callJson, noCallJson } from '../common/callOutput';
import { sendOnce, type Send } from '../common/withRetries';
import { findCall, type CallIds } from './findCall';

export type EndStatus = 'ended' | 'already_ended' | 'no_call';

/**
 * Ends a call for everyone (a scheduled one is cancelled). Re-runs are harmless: a call that has already
 * ended is `status: "already_ended"` and a chat without a call `status: "no_call"`, both items, not errors.
 * The item is the call as it ended, with its duration in seconds. Every request goes through `send`; a resent
 * discard that had ended the call answers GROUPCALL_ALREADY_DISCARDED, which is "already_ended".
 */
export async function endCall(gateway: TelegramGateway, reference: CallReference, send: Send = sendOnce): Promise<IDataObject> {
	const found = await findCall(gateway, reference, send);
	if (found.by === 'chat') {
		if (found.info === undefined) return { ...noCallJson(found.chat), status: 'no_call', duration: null };
		return await discard(gateway, send, found.info, found.chat);
	}
	return await discard(gateway, send, found.ids, undefined);
}

async function discard(gateway: TelegramGateway, send: Send, ids: CallIds, chat: TelegramChat | undefined): Promise<IDataObject> {
	const ended = await settle(async () => await send(async () => await gateway.discardGroupCall(ids)));
	if (ended.ok) return output(ended.value, chat, 'ended');
	if (isTelegramError(ended.error) && ended.error.code === 'GROUPCALL_ALREADY_DISCARDED') {
		return output(await send(async () => await gateway.getCall(ids)), chat, 'already_ended');
	}
	throw ended.error;
}

function output(info: GroupCallInfo, chat: TelegramChat | undefined, status: EndStatus): IDataObject {
	return { ...callJson(info, chat), status, duration: info.duration };
}
