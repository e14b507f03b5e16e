import { isUsername, parseTelegramLink, type CallLinkType } from './telegramLinks';

/**
 * Where to find the group call, as the user wrote it. Chat references use the chat's current call, so a
 * saved workflow keeps working when a new call starts; the id form pins one call.
 */
export type CallReference =
	| { kind: 'chatUsername'; key: string; username: string; linkType?: CallLinkType }
	/** A numeric chat id: Bot API form (-100… channel, -… basic group) or the bare MTProto id. */
	| { kind: 'chatId'; key: string; chatId: string; chatKind: 'channel' | 'chat' | 'unknown' }
	| { kind: 'callId'; key: string; callId: string; accessHash: string };

export type CallReferenceResult =
	| { ok: true; reference: CallReference }
	| { ok: false; code: 'INVALID_CALL_REFERENCE'; reason: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const CHANNEL_PREFIX = '-100';

/**
 * Accepts `@name`, `name`, `https://t.me/name`, a call link `t.me/name?videochat[=hash]` (also `voicechat`,
 * `livestream`), a numeric chat id (`-1001234567890`, `-123456`, `1234567890`), `<callId>:<accessHash>`, or an
 * object `{ id, accessHash }` (e.g. from an expression).
 */
export function parseCallReference(value: unknown): CallReferenceResult {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) return parseCallObject(value);
	if (typeof value === 'number') {
		return Number.isSafeInteger(value)
			? parseCallText(String(value))
			: fail('this chat id is too large for a JavaScript number and lost digits; pass it as text');
	}
	if (typeof value === 'bigint') return parseCallText(value.toString());
	if (value === undefined || value === null) return fail('the call is empty');
	if (typeof value !== 'string') return fail('expected a chat, a call link or "<callId>:<accessHash>"');
	return parseCallText(value.trim());
}

function parseCallText(text: string): CallReferenceResult {
	if (text === '') return fail('the call is empty: give a chat (@name or id), a call link or "<callId>:<accessHash>"');
	const idPair = /^(-?\d+)\s*:\s*(-?\d+)$/.exec(text);
	if (idPair) return callById(idPair[1], idPair[2]);
	if (/^-?\d+$/.test(text)) return chatById(text);
	if (text.startsWith('@')) return chatByUsername(text.slice(1));
	const link = parseTelegramLink(text);
	if (link !== undefined) {
		switch (link.kind) {
			case 'username':
				return chatByUsername(link.username, link.callLink?.type);
			case 'privateChannel':
				return chatById(`${CHANNEL_PREFIX}${link.channelId}`);
			case 'invite':
				return fail('invite links (t.me/+…) cannot be used: the account must already be in the chat; use the chat id or @username');
			case 'userId':
				return fail('this link points to a user, not to a group or channel');
			case 'unsupported':
				return fail(link.reason);
		}
	}
	if (isUsername(text)) return chatByUsername(text);
	return fail('not a chat (@name, t.me link or numeric id), a call link or "<callId>:<accessHash>"');
}

function parseCallObject(value: object): CallReferenceResult {
	const record = value as Record<string, unknown>;
	const id = record.id ?? record.callId;
	const accessHash = record.accessHash ?? record.access_hash;
	if ((typeof id === 'string' || typeof id === 'bigint') && (typeof accessHash === 'string' || typeof accessHash === 'bigint')) {
		return callById(String(id), String(accessHash));
	}
	return fail('a call object needs "id" and "accessHash" as text (64-bit values do not fit in JavaScript numbers)');
}

function callById(idText: string, hashText: string): CallReferenceResult {
	if (!/^-?\d+$/.test(idText) || !/^-?\d+$/.test(hashText)) return fail('call id and access hash must be integers');
	const callId = BigInt(idText);
	const accessHash = BigInt(hashText);
	if (!inInt64(callId) || !inInt64(accessHash)) return fail('call id and access hash must be 64-bit integers');
	return {
		ok: true,
		reference: { kind: 'callId', key: `call:${callId}`, callId: callId.toString(), accessHash: accessHash.toString() },
	};
}

function chatById(text: string): CallReferenceResult {
	const value = BigInt(text);
	if (value === 0n || !inInt64(value)) return fail('not a valid chat id');
	if (text.startsWith(CHANNEL_PREFIX) && text.length > CHANNEL_PREFIX.length) {
		const chatId = BigInt(text.slice(CHANNEL_PREFIX.length)).toString();
		return { ok: true, reference: { kind: 'chatId', key: `channel:${chatId}`, chatId, chatKind: 'channel' } };
	}
	if (value < 0n) {
		const chatId = (-value).toString();
		return { ok: true, reference: { kind: 'chatId', key: `chat:${chatId}`, chatId, chatKind: 'chat' } };
	}
	const chatId = value.toString();
	return { ok: true, reference: { kind: 'chatId', key: `anychat:${chatId}`, chatId, chatKind: 'unknown' } };
}

function chatByUsername(name: string, linkType?: CallLinkType): CallReferenceResult {
	if (!isUsername(name)) return fail('not a valid Telegram username');
	const username = name.toLowerCase();
	const reference: CallReference = linkType
		? { kind: 'chatUsername', key: `username:${username}`, username, linkType }
		: { kind: 'chatUsername', key: `username:${username}`, username };
	return { ok: true, reference };
}

function inInt64(value: bigint): boolean {
	return value >= INT64_MIN && value <= INT64_MAX;
}

function fail(reason: string): CallReferenceResult {
	return { ok: false, code: 'INVALID_CALL_REFERENCE', reason };
}
