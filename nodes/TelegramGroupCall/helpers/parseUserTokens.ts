import { isUsername, parseTelegramLink } from './telegramLinks';

/** One user reference from the node's Users parameter, classified without any network access. */
export type UserToken =
	| { input: string; kind: 'username'; username: string }
	| { input: string; kind: 'id'; userId: string }
	| { input: string; kind: 'phone'; phone: string }
	| { input: string; kind: 'invalid'; code: 'INVALID_USER_REFERENCE'; reason: string }
	| { input: string; kind: 'duplicate'; code: 'DUPLICATE_IN_INPUT'; firstIndex: number };

/** Separators between users in a text value. Phone numbers must therefore be written without spaces. */
const SEPARATORS = /[\s,;]+/;

const MAX_INT64 = 2n ** 63n - 1n;

/**
 * Splits the Users parameter (text, a number, or an array of either, as an expression may give) into tokens,
 * in input order. The second and later occurrences of the same user reference are marked as duplicates so a
 * user is never invited twice from one item.
 */
export function parseUserTokens(value: unknown): UserToken[] {
	const tokens = flattenInput(value).map(classifyUserToken);
	const firstIndexByKey = new Map<string, number>();
	return tokens.map((token, index) => {
		const key = tokenIdentity(token);
		if (key === undefined) return token;
		const firstIndex = firstIndexByKey.get(key);
		if (firstIndex === undefined) {
			firstIndexByKey.set(key, index);
			return token;
		}
		return { input: token.input, kind: 'duplicate', code: 'DUPLICATE_IN_INPUT', firstIndex };
	});
}

/** Raw strings in order; values that cannot be a user reference become strings that classify as invalid. */
function flattenInput(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	if (Array.isArray(value)) return value.flatMap((element) => flattenArrayElement(element));
	if (typeof value === 'number' || typeof value === 'bigint') return [numberToToken(value)];
	if (typeof value === 'string') return splitText(value);
	return [describeNonText(value)];
}

function flattenArrayElement(element: unknown): string[] {
	if (typeof element === 'string') return splitText(element);
	if (Array.isArray(element)) return element.flatMap((inner) => flattenArrayElement(inner));
	if (typeof element === 'number' || typeof element === 'bigint') return [numberToToken(element)];
	if (element === undefined || element === null) return [];
	return [describeNonText(element)];
}

function splitText(text: string): string[] {
	return text.split(SEPARATORS).filter((part) => part.length > 0);
}

/** Marker prefix for inputs that are not text; the classifier reports them as invalid. */
const NOT_TEXT = '\u0000not-text:';
const UNSAFE_NUMBER = '\u0000unsafe-number:';

function numberToToken(value: number | bigint): string {
	if (typeof value === 'bigint') return value.toString();
	// A JS number above 2^53 has already lost digits: the id it names may be someone else's.
	if (!Number.isSafeInteger(value)) return `${UNSAFE_NUMBER}${String(value)}`;
	return String(value);
}

function describeNonText(value: unknown): string {
	return `${NOT_TEXT}${typeof value === 'object' ? JSON.stringify(value) : String(value)}`;
}

export function classifyUserToken(raw: string): UserToken {
	if (raw.startsWith(NOT_TEXT)) {
		const input = raw.slice(NOT_TEXT.length);
		return invalid(input, 'expected a username, a numeric id or a phone number as text');
	}
	if (raw.startsWith(UNSAFE_NUMBER)) {
		const input = raw.slice(UNSAFE_NUMBER.length);
		return invalid(input, 'this numeric id is too large for a JavaScript number and lost digits; pass ids as text');
	}
	const input = raw.trim();
	if (input.startsWith('+')) return classifyPhone(input);
	if (/^-?\d+$/.test(input)) return classifyId(input);
	if (input.startsWith('@')) {
		const username = input.slice(1);
		return isUsername(username)
			? { input, kind: 'username', username: username.toLowerCase() }
			: invalid(input, 'not a valid Telegram username (4–32 letters, digits or underscores, starting with a letter)');
	}
	const link = parseTelegramLink(input);
	if (link !== undefined) {
		if (link.kind === 'username' && link.callLink === undefined) {
			return { input, kind: 'username', username: link.username };
		}
		if (link.kind === 'userId') return classifyId(link.userId, input);
		if (link.kind === 'unsupported') return invalid(input, link.reason);
		return invalid(input, 'this link points to a chat or a call, not to a user');
	}
	if (isUsername(input)) return { input, kind: 'username', username: input.toLowerCase() };
	return invalid(input, 'not a username, a t.me link, a numeric user id or a phone number starting with +');
}

function classifyPhone(input: string): UserToken {
	const digits = input.slice(1).replace(/[-().]/g, '');
	if (!/^\d{5,15}$/.test(digits)) {
		return invalid(input, 'a phone number is + followed by 5 to 15 digits, without spaces');
	}
	return { input, kind: 'phone', phone: digits };
}

function classifyId(digits: string, input = digits): UserToken {
	const id = BigInt(digits);
	if (id <= 0n) return invalid(input, 'user ids are positive; a negative id names a group or channel');
	if (id > MAX_INT64) return invalid(input, 'this number is too large to be a Telegram id');
	return { input, kind: 'id', userId: id.toString() };
}

function invalid(input: string, reason: string): UserToken {
	return { input, kind: 'invalid', code: 'INVALID_USER_REFERENCE', reason };
}

/** The same user written the same way twice (case-insensitive usernames, canonical ids, phone digits). */
function tokenIdentity(token: UserToken): string | undefined {
	switch (token.kind) {
		case 'username':
			return `username:${token.username}`;
		case 'id':
			return `id:${token.userId}`;
		case 'phone':
			return `phone:${token.phone}`;
		default:
			return undefined;
	}
}
