import { RpcFailure } from './types';

/** The Telegram errors the sandbox answers, with Telegram's codes. Documented in docs/sandbox-world.md. */
const ERROR_CODES = {
	// Lookups
	USERNAME_INVALID: 400,
	USERNAME_NOT_OCCUPIED: 400,
	PHONE_NUMBER_INVALID: 400,
	PHONE_NOT_OCCUPIED: 400,
	USER_ID_INVALID: 400,
	CHANNEL_INVALID: 400,
	// Telegram documents 400 for some methods and 406 for others; getFullChannel's page says 406.
	CHANNEL_PRIVATE: 406,
	CHAT_ID_INVALID: 400,
	PEER_ID_INVALID: 400,
	// Calls
	GROUPCALL_INVALID: 400,
	GROUPCALL_FORBIDDEN: 403,
	GROUPCALL_ALREADY_DISCARDED: 400,
	GROUPCALL_ALREADY_STARTED: 403,
	INVITE_FORBIDDEN_WITH_JOINAS: 400,
	USERS_TOO_MUCH: 400,
	PEER_FLOOD: 400,
	CHAT_ADMIN_REQUIRED: 400,
	PUBLIC_CHANNEL_MISSING: 403,
	SCHEDULE_DATE_INVALID: 400,
	// Per invited user
	INPUT_USER_DEACTIVATED: 400,
	CHAT_TYPE_INVALID: 403,
	USER_NOT_PARTICIPANT: 403,
	USER_ALREADY_INVITED: 400,
	USER_PRIVACY_RESTRICTED: 403,
} as const;

export type TelegramErrorName = keyof typeof ERROR_CODES;

export function telegramError(name: TelegramErrorName): RpcFailure {
	return new RpcFailure(ERROR_CODES[name], name);
}
