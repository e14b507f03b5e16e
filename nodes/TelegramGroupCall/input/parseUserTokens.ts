import { unusableIdNumber } from './jsNumbers';
import { isPhoneShaped, parsePhone } from './phoneNumbers';
import { splitUserEntries } from './splitUserEntries';
import { isUsername, parseTelegramLink } from './telegramLinks';

/** One user reference from the node's Users parameter, classified without any network access. */
export type UserToken =
	| { input: string; kind: 'username'; username: string }
	| { input: string; kind: 'id'; userId: string }
	| { input: string; kind: 'phone'; phone: string }
	| { input: string; kind: 'invalid'; code: 'INVALID_USER_REFERENCE'; reason: string }
	| { input: string; kind: 'duplicate'; code: 'DUPLICATE_IN_INPUT'; firstIndex: number };

const MAX_INT64 = 2n ** 63n - 1n;

/**
 * Splits the Users parameter (text, a number, or an array of either, as an expression may give) into tokens,
 * in input order. The second and later occurrences of the same user reference are marked as duplicates so a
 * user is never invited twice from one item.
 */
export function parseUserTokens(value: unknown): UserToken[] {
	const tokens = flattenInput(value).map(classifyEntry);
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

/** An entry as written, or one already known to be unusable (a value of the wrong type), with why. */
type RawEntry = string | { input: string; reason: string };

/** Entries in order: text is split (see splitUserEntries), arrays are flattened, empty values give nothing. */
function flattenInput(value: unknown): RawEntry[] {
	if (value === undefined || value === null) return [];
	if (typeof value === 'string') return splitUserEntries(value);
	if (typeof value === 'number' || typeof value === 'bigint') return [numberEntry(value)];
	if (Array.isArray(value)) return value.flatMap((element) => flattenInput(element));
	return [{ input: typeof value === 'object' ? JSON.stringify(value) : String(value), reason: 'expected a username, a numeric id or a phone number as text' }];
}

function numberEntry(value: number | bigint): RawEntry {
	if (typeof value === 'bigint') return value.toString();
	const unusable = unusableIdNumber(value, 'user id');
	return unusable === undefined ? String(value) : { input: String(value), reason: unusable };
}

function classifyEntry(entry: RawEntry): UserToken {
	return typeof entry === 'string' ? classifyUserToken(entry) : invalid(entry.input, entry.reason);
}

/** One entry of text: a phone (spaces allowed inside), a numeric id, @username, username or a link. */
export function classifyUserToken(raw: string): UserToken {
	const input = raw.trim();
	if (input.startsWith('+') || isPhoneShaped(input)) return classifyPhone(input);
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
	if (!isPhoneShaped(input)) {
		return invalid(input, 'a phone number is + and the country code, then digits; spaces, dashes, dots and brackets may group them');
	}
	const phone = parsePhone(input);
	return phone.ok ? { input, kind: 'phone', phone: phone.digits } : invalid(input, phone.reason);
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
