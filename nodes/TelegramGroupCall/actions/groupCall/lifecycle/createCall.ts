import type { IDataObject } from 'n8n-workflow';

import type { ChatReference, TelegramGateway } from '../../../transport';
import { TelegramError } from '../../../transport';
import { callJson } from '../common/callOutput';
import { sendOnce, type Send } from '../common/withRetries';
import { findCall } from './findCall';

export type IfCallExists = 'returnIt' | 'fail';

export interface CreateParameters {
	chat: ChatReference;
	title?: string;
	/** Unix seconds, already checked against Telegram's window; absent: start now. */
	scheduleDate?: number;
	ifCallExists: IfCallExists;
	/** phone.createGroupCall's random_id for this item (see NewCall.randomId). */
	randomId: number;
}

/**
 * Starts or schedules a call in the chat. A chat that already has a call (running or scheduled) keeps it:
 * Telegram would end a running call to start the new one, which a re-run of a workflow must never do.
 * `created` tells which happened. Every request goes through `send`; phone.createGroupCall is safe to resend, since
 * its random_id is chosen once per item (NewCall.randomId).
 */
export async function createCall(gateway: TelegramGateway, parameters: CreateParameters, send: Send = sendOnce): Promise<IDataObject> {
	const found = await findCall(gateway, parameters.chat, send);
	// A chat reference never has the id form: findCall always answers it through the chat.
	if (found.by !== 'chat') throw new TelegramError({ code: 'NOT_A_GROUP', httpCode: null, method: 'Create' });
	const { chat, info: existing } = found;
	if (existing !== undefined) {
		if (parameters.ifCallExists === 'fail') {
			throw new TelegramError({
				code: 'CALL_ALREADY_EXISTS',
				httpCode: null,
				method: 'Create',
				detail: `call ${existing.callId} is ${existing.state}`,
			});
		}
		return { ...callJson(existing, chat), created: false };
	}
	const request = {
		chat,
		randomId: parameters.randomId,
		...(parameters.title === undefined ? {} : { title: parameters.title }),
		...(parameters.scheduleDate === undefined ? {} : { scheduleDate: parameters.scheduleDate }),
	};
	const created = await send(async () => await gateway.createGroupCall(request));
	return { ...callJson(created, chat), created: true };
}
