import { parseCallReference, type CallReference } from './parseCallReference';

export type ChatReferenceResult =
	| { ok: true; reference: Exclude<CallReference, { kind: 'callId' }> }
	| { ok: false; code: 'INVALID_CHAT_REFERENCE'; reason: string };

const FORMS = 'give the group or channel as @username, a t.me link or a numeric chat ID (e.g. -1001234567890)';

/**
 * A group or channel as the user wrote it: @username, a t.me link (a call link names its chat), a Bot API
 * chat id or a bare id, read as parseCallReference reads them. A call's "<callId>:<accessHash>" is not a chat.
 */
export function parseChatReference(value: unknown): ChatReferenceResult {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return fail(`the Chat parameter is empty (or its expression gave nothing): ${FORMS}`);
	}
	const parsed = parseCallReference(value);
	if (!parsed.ok) return fail(parsed.reason.includes('<callId>') ? `not a chat: ${FORMS}` : parsed.reason);
	if (parsed.reference.kind === 'callId') return fail(`this names a call ("<callId>:<accessHash>"), not a chat: ${FORMS}`);
	return { ok: true, reference: parsed.reference };
}

function fail(reason: string): ChatReferenceResult {
	return { ok: false, code: 'INVALID_CHAT_REFERENCE', reason };
}
