import type { CallReference } from '../../../input/parseCallReference';
import type { GroupCallHandle, GroupCallInfo, TelegramChat, TelegramGateway } from '../../../transport';
import { sendOnce, type Send } from '../common/withRetries';

export type CallIds = Pick<GroupCallHandle, 'callId' | 'accessHash'>;

/** A call named by the Call parameter: through its chat (chat and current call known), or by its ids alone. */
export type FoundCall =
	| { by: 'chat'; chat: TelegramChat; info: GroupCallInfo | undefined }
	| { by: 'id'; ids: CallIds };

/**
 * Finds what Create, Start Scheduled and End act on. A chat costs two reads (its full info, then the call) and
 * tells whether it has a call at all; an id costs nothing here: the method sent next checks it, so the usual
 * run is one request. Each request goes through `send` (the operation's retry policy).
 */
export async function findCall(gateway: TelegramGateway, reference: CallReference, send: Send = sendOnce): Promise<FoundCall> {
	if (reference.kind === 'callId') return { by: 'id', ids: { callId: reference.callId, accessHash: reference.accessHash } };
	const found = await send(async () => await gateway.findCall(reference));
	if (found.call === undefined) return { by: 'chat', chat: found.chat, info: undefined };
	const chat = found.chat ?? found.call.chat;
	if (chat === undefined) return { by: 'id', ids: found.call };
	return { by: 'chat', chat, info: await send(async () => await gateway.getCall(found.call)) };
}
