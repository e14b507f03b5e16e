import { unusableIdNumber } from './jsNumbers';
import { isUsername, parseTelegramLink, type CallLinkType } from './telegramLinks';

/**
 * Where to find the group call, as the user wrote it. Chat references use the chat's current call, so a
 * saved workflow keeps working when a new call starts; the id form pins one call.
 */
export type CallReference =
	| { kind: 'chatUsername'; key: string; username: string; linkType?: CallLinkType }
	/** A numeric chat id: Bot API form (see botApiChatId) or the bare MTProto id of unknown kind. */
	| { kind: 'chatId'; key: string; chatId: string; chatKind: 'channel' | 'chat' | 'unknown' }
	| { kind: 'callId'; key: string; callId: string; accessHash: string };

export type CallReferenceResult =
	| { ok: true; reference: CallReference }
	| { ok: false; code: 'INVALID_CALL_REFERENCE'; reason: string };

const EMPTY_CALL = 'the Call parameter is empty (or its expression gave nothing): give a chat (@name or id), a call link or "<callId>:<accessHash>"';
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Bot API chat ids (TDLib's dialog ids): a basic group is -id (-1 … -999,999,999,999); a supergroup or channel
 * is -(10^12 + id), with channel ids below 10^12 - 2^31; lower values are secret chats, which have no calls.
 * Read by value, not by text: "-1002001" is basic group 1002001, not channel 2001.
 */
const CHANNEL_OFFSET = 10n ** 12n;
const MAX_CHANNEL_ID = CHANNEL_OFFSET - 2n ** 31n;

/** The Bot API id of a chat, the form the Call parameter reads back as the same chat. */
export function botApiChatId(kind: 'channel' | 'chat', id: string): string {
	return (kind === 'channel' ? -(CHANNEL_OFFSET + BigInt(id)) : -BigInt(id)).toString();
}

/**
 * Accepts `@name`, `name`, `https://t.me/name`, a call link `t.me/name?videochat[=hash]` (also `voicechat`,
 * `livestream`), a numeric chat id (`-1001234567890`, `-123456`, `1234567890`), `<callId>:<accessHash>`, or an
 * object `{ id, accessHash }` (e.g. from an expression).
 */
export function parseCallReference(value: unknown): CallReferenceResult {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) return parseCallObject(value);
	if (typeof value === 'number') {
		const unusable = unusableIdNumber(value, 'chat id');
		return unusable === undefined ? parseCallText(String(value)) : fail(unusable);
	}
	if (typeof value === 'bigint') return parseCallText(value.toString());
	if (value === undefined || value === null) return fail(EMPTY_CALL);
	if (typeof value !== 'string') return fail('expected a chat, a call link or "<callId>:<accessHash>"');
	return parseCallText(value.trim());
}

function parseCallText(text: string): CallReferenceResult {
	if (text === '') return fail(EMPTY_CALL);
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
				return channelById(BigInt(link.channelId));
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
	if (value > 0n) {
		const chatId = value.toString();
		return { ok: true, reference: { kind: 'chatId', key: `anychat:${chatId}`, chatId, chatKind: 'unknown' } };
	}
	if (value > -CHANNEL_OFFSET) {
		const chatId = (-value).toString();
		return { ok: true, reference: { kind: 'chatId', key: `chat:${chatId}`, chatId, chatKind: 'chat' } };
	}
	return channelById(-value - CHANNEL_OFFSET);
}

function channelById(channelId: bigint): CallReferenceResult {
	if (channelId <= 0n || channelId >= MAX_CHANNEL_ID) {
		return fail('not a group or channel id: in the Bot API form, groups are -1 to -999999999999 and supergroups and channels -1000000000001 to -1997852516351');
	}
	const chatId = channelId.toString();
	return { ok: true, reference: { kind: 'chatId', key: `channel:${chatId}`, chatId, chatKind: 'channel' } };
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
