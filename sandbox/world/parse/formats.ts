/** The value formats a world file uses, shared by the validator and the Telegram methods. */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const CANONICAL_DECIMAL = /^-?(0|[1-9][0-9]*)$/;

/** A canonical decimal int64 ("7001", "-42"; not "007", "+1", "-0" or 1e3): the only form ids take in a world file. */
export function parseInt64(text: string): bigint | undefined {
	if (!CANONICAL_DECIMAL.test(text) || text === '-0') return undefined;
	const value = BigInt(text);
	return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

/** Telegram's username rule, as GramJS checks it: 5–32 characters, a letter first, no "__", no "_" at the end. */
export const USERNAME_PATTERN = /^[a-z](?:(?!__)\w){3,30}[a-z\d]$/i;

/** Phone numbers are stored as digits only (international form without "+"). */
export const PHONE_PATTERN = /^[0-9]{5,15}$/;

export const API_HASH_PATTERN = /^[0-9a-f]{32}$/i;

export const LOGIN_CODE_PATTERN = /^[0-9]{4,8}$/;

/** Telegram error messages are upper-case words, e.g. USER_ALREADY_INVITED or FLOOD_WAIT_30. */
export const ERROR_MESSAGE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/** Usernames compare case-insensitively, as in Telegram. */
export function usernameKey(username: string): string {
	return username.toLowerCase();
}

/** "+1 (555) 000-1001" → "15550001001". */
export function phoneDigits(phone: string): string {
	return phone.replace(/[^0-9]/g, '');
}

/** Telegram's int32 limit, which bounds dates and counters on the wire. */
export const INT32_MAX = 2_147_483_647;
