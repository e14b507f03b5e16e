import { Api } from 'telegram';

import type { LoginDesk, SentCode } from '../login/loginDesk';
import type { WorldState } from '../world/worldState';
import { authorizeOrAskPassword, checkApiCredentials, loginPhoneDigits } from './authCommon';
import { telegramError } from './errors';
import type { MethodTable, RequestContext } from './types';

/** Seconds the app waits before offering "send the code again", as in auth.sentCode.timeout. */
const RESEND_AFTER_SECONDS = 60;

/** The login by phone: auth.sendCode, auth.resendCode, auth.signIn, and auth.signUp (refused). */
export function authCodeMethods(world: WorldState, desk: LoginDesk): MethodTable {
	return {
		[Api.auth.SendCode.className]: (request: Api.auth.SendCode, context: RequestContext) => {
			checkApiCredentials(world, request.apiId, request.apiHash);
			const phone = loginPhoneDigits(request.phoneNumber);
			context.markApplied();
			return sentCode(desk.sendCode(context.authKeyId, phone, context.now));
		},
		[Api.auth.ResendCode.className]: (request: Api.auth.ResendCode, context: RequestContext) => {
			const sent = liveCode(desk, context, request.phoneNumber, request.phoneCodeHash);
			// The app first, then SMS; after that Telegram has no other way left.
			if (sent.deliveries >= 2) throw telegramError('SEND_CODE_UNAVAILABLE');
			sent.deliveries++;
			sent.expiresAt = context.now + desk.timings.codeSeconds;
			context.markApplied();
			return sentCode(sent);
		},
		[Api.auth.SignIn.className]: (request: Api.auth.SignIn, context: RequestContext) => {
			const sent = liveCode(desk, context, request.phoneNumber, request.phoneCodeHash);
			const code = request.phoneCode ?? '';
			if (code === '') throw telegramError('PHONE_CODE_EMPTY');
			if (code !== sent.code) throw telegramError('PHONE_CODE_INVALID');
			if (sent.accountId === undefined) {
				// Telegram's answer for a number without an account; the app would go on with auth.signUp.
				return new Api.auth.AuthorizationSignUpRequired({});
			}
			desk.forgetCode(sent.hash);
			return authorizeOrAskPassword(world, desk, context, sent.accountId);
		},
		[Api.auth.SignUp.className]: (request: Api.auth.SignUp, context: RequestContext) => {
			const sent = liveCode(desk, context, request.phoneNumber, request.phoneCodeHash);
			if (sent.accountId !== undefined) throw telegramError('PHONE_NUMBER_OCCUPIED');
			throw telegramError('SIGN_UP_UNSUPPORTED_IN_SANDBOX');
		},
	};
}

function liveCode(desk: LoginDesk, context: RequestContext, phoneNumber: string, hash: string): SentCode {
	if (hash === '') throw telegramError('PHONE_CODE_HASH_EMPTY');
	const sent = desk.codeFor(context.authKeyId, loginPhoneDigits(phoneNumber), hash);
	// An unknown hash is one Telegram has forgotten: it answers as for an expired code.
	if (sent === undefined || sent.expiresAt <= context.now) throw telegramError('PHONE_CODE_EXPIRED');
	return sent;
}

function sentCode(sent: SentCode): Api.auth.SentCode {
	const length = sent.code.length;
	// A registered number gets the code in the Telegram app first; a new one only by SMS.
	const byApp = sent.accountId !== undefined && sent.deliveries === 1;
	return new Api.auth.SentCode({
		type: byApp ? new Api.auth.SentCodeTypeApp({ length }) : new Api.auth.SentCodeTypeSms({ length }),
		phoneCodeHash: sent.hash,
		nextType: byApp ? new Api.auth.CodeTypeSms() : undefined,
		timeout: byApp ? RESEND_AFTER_SECONDS : undefined,
	});
}
