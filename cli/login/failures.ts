import { errors } from 'telegram';

/** A login that cannot go on. The message is one plain sentence for the person; the command exits with `exitCode`. */
export class LoginFailure extends Error {
	constructor(
		sentence: string,
		readonly exitCode = 1,
	) {
		super(sentence);
		this.name = 'LoginFailure';
	}
}

/** Ctrl-C, or the input ended. */
export class LoginCancelled extends Error {
	constructor(reason = 'cancelled') {
		super(reason);
		this.name = 'LoginCancelled';
	}
}

/** Usage mistakes (flags, values): exit code 2, like other command-line tools. */
export const usageFailure = (sentence: string): LoginFailure => new LoginFailure(sentence, 2);

/** Telegram's error name ("PHONE_CODE_INVALID"), or undefined for anything that is not a Telegram answer. */
export function telegramErrorName(error: unknown): string | undefined {
	if (error instanceof errors.FloodWaitError) return 'FLOOD_WAIT';
	if (error instanceof errors.RPCError) return error.errorMessage;
	return undefined;
}

function waitText(seconds: number): string {
	if (seconds < 120) return `${seconds} seconds`;
	if (seconds < 7200) return `${Math.ceil(seconds / 60)} minutes`;
	return `${Math.ceil(seconds / 3600)} hours`;
}

const SENTENCES: Readonly<Record<string, string>> = {
	API_ID_INVALID: 'Telegram does not accept this API ID and API hash; copy both from https://my.telegram.org (API development tools).',
	API_ID_PUBLISHED_FLOOD: 'Telegram blocks this API ID because it was published; create your own at https://my.telegram.org.',
	PHONE_NUMBER_INVALID: 'Telegram does not accept this phone number; type it in international format with the country code, e.g. +44 7700 900123.',
	PHONE_NUMBER_BANNED: 'This phone number is banned from Telegram, so it cannot log in.',
	PHONE_NUMBER_FLOOD: 'Telegram sends no more codes to this number for now after too many attempts; try again later.',
	PHONE_PASSWORD_FLOOD: 'Telegram blocks password attempts for this account for now after too many tries; try again later.',
	PHONE_CODE_EXPIRED: 'The login code has expired; run the command again to get a new one.',
	PHONE_CODE_EMPTY: 'No login code was given; run the command again.',
	AUTH_RESTART: 'Telegram asked to start the login again; run the command again.',
	AUTH_KEY_UNREGISTERED: 'Telegram ended this login attempt; run the command again.',
	SESSION_REVOKED: 'Telegram ended this login attempt; run the command again.',
	AUTH_TOKEN_EXPIRED: 'The QR code expired before the login finished; run the command again.',
	AUTH_TOKEN_INVALID: 'Telegram no longer knows this QR code; run the command again.',
	SRP_ID_INVALID: 'The 2FA check went stale; run the command again.',
	PASSWORD_HASH_INVALID: 'The 2FA password is not correct.',
	PHONE_CODE_INVALID: 'The login code is not correct.',
};

/** One sentence for a Telegram error met while `doing` something ("sending the code"). */
export function failureFor(error: unknown, doing: string): LoginFailure {
	if (error instanceof LoginFailure) return error;
	if (error instanceof errors.FloodWaitError) {
		return new LoginFailure(`Telegram asks to wait ${waitText(error.seconds)} before ${doing} again (too many attempts); try again after that.`);
	}
	if (error instanceof errors.RPCError) {
		const known = SENTENCES[error.errorMessage];
		if (known !== undefined) return new LoginFailure(known);
		return new LoginFailure(`Telegram refused ${doing}: ${error.code ?? ''} ${error.errorMessage}.`.replace(':  ', ': '));
	}
	return new LoginFailure(`Something went wrong while ${doing}: ${error instanceof Error ? error.message : String(error)}.`);
}
