import { LOGIN_CODE_PATTERN, PHONE_PATTERN, USERNAME_PATTERN } from './formats';
import type { TextRule } from './fields';

/** Field rules shared by the account, users and chats. */

export const USERNAME_RULE: TextRule = {
	pattern: USERNAME_PATTERN,
	expect: 'a Telegram username without "@": 5–32 letters, digits or "_", starting with a letter',
};

export const PHONE_RULE: TextRule = {
	pattern: PHONE_PATTERN,
	expect: 'digits only, international form without "+", e.g. "15550001001"',
};

export const NAME_RULE: TextRule = { maxLength: 64, expect: 'a non-empty string of at most 64 characters' };

export const LOGIN_CODE_RULE: TextRule = { pattern: LOGIN_CODE_PATTERN, expect: '4 to 8 digits in quotes, e.g. "12345"' };

export const USER_ID = { positive: true, what: 'a user id', example: '1001' } as const;
export const ACCESS_HASH = { nonZero: true, what: 'an access hash', example: '7001' } as const;
