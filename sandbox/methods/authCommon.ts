import { Api } from 'telegram';

import type { LoginDesk } from '../login/loginDesk';
import type { WorldState } from '../world/worldState';
import { telegramError } from './errors';
import { toApiUser } from './tl/users';
import { NOT_LOGGED_IN, type RequestContext } from './types';

/** The api_id / api_hash pair a login sends must be the world's, as Telegram checks it against my.telegram.org. */
export function checkApiCredentials(world: WorldState, apiId: number, apiHash: string): void {
	if (apiId !== world.apiId || apiHash.toLowerCase() !== world.apiHash.toLowerCase()) throw telegramError('API_ID_INVALID');
}

/** A phone number as typed: digits with optional "+", spaces, dashes, parentheses. Returns the digits. */
export function loginPhoneDigits(phone: string): string {
	if (!/^[+\d\s()-]+$/.test(phone)) throw telegramError('PHONE_NUMBER_INVALID');
	const digits = phone.replace(/\D/g, '');
	if (!/^\d{5,15}$/.test(digits)) throw telegramError('PHONE_NUMBER_INVALID');
	return digits;
}

export function isLoggedIn(context: RequestContext): boolean {
	return context.accountId !== NOT_LOGGED_IN;
}

/**
 * A login reached the account: with 2FA it waits for the password (401 SESSION_PASSWORD_NEEDED), otherwise the
 * key is logged in and the answer is auth.authorization.
 */
export function authorizeOrAskPassword(world: WorldState, desk: LoginDesk, context: RequestContext, accountId: string): Api.auth.Authorization {
	if (desk.accountHasPassword) {
		desk.awaitPassword(context.authKeyId, accountId);
		throw telegramError('SESSION_PASSWORD_NEEDED');
	}
	return completeLogin(world, desk, context, accountId);
}

export function completeLogin(world: WorldState, desk: LoginDesk, context: RequestContext, accountId: string): Api.auth.Authorization {
	desk.complete(context.authKeyId, accountId);
	context.markApplied();
	return new Api.auth.Authorization({ user: toApiUser(world.account, accountId) });
}
