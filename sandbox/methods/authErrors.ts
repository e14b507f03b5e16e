import { RpcFailure } from './types';

/** The errors the login methods answer, with Telegram's codes. Documented in docs/login.md. */
const LOGIN_ERROR_CODES = {
	API_ID_INVALID: 400,
	PHONE_NUMBER_INVALID: 400,
	PHONE_NUMBER_OCCUPIED: 400,
	PHONE_CODE_EMPTY: 400,
	PHONE_CODE_INVALID: 400,
	PHONE_CODE_EXPIRED: 400,
	PHONE_CODE_HASH_EMPTY: 400,
	SEND_CODE_UNAVAILABLE: 406,
	SESSION_PASSWORD_NEEDED: 401,
	AUTH_KEY_UNREGISTERED: 401,
	PASSWORD_HASH_INVALID: 400,
	SRP_ID_INVALID: 400,
	AUTH_TOKEN_INVALID: 400,
	AUTH_TOKEN_EXPIRED: 400,
	AUTH_TOKEN_ALREADY_ACCEPTED: 400,
	// The world has exactly one account; the sandbox creates no others.
	SIGN_UP_UNSUPPORTED_IN_SANDBOX: 403,
} as const;

export type LoginErrorName = keyof typeof LOGIN_ERROR_CODES;

export function loginError(name: LoginErrorName): RpcFailure {
	return new RpcFailure(LOGIN_ERROR_CODES[name], name);
}
