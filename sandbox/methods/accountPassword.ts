import { randomBytes } from 'node:crypto';

import bigInt from 'big-integer';
import { Api } from 'telegram';

import { DH_GENERATOR, DH_PRIME } from '../protocol/keyExchange/dhPrime';
import type { LoginDesk } from '../login/loginDesk';
import { isLoggedIn } from './authCommon';
import { telegramError } from './errors';
import type { MethodTable, RequestContext } from './types';

/** account.getPassword: the account's SRP parameters and a fresh challenge (B, srp_id), with the hint. */
export function accountPasswordMethods(desk: LoginDesk): MethodTable {
	return {
		[Api.account.GetPassword.className]: (_request: Api.account.GetPassword, context: RequestContext) => {
			// Before login only a key that reached the 2FA step may ask (Telegram answers others 401).
			if (desk.passwordAccountOf(context.authKeyId, isLoggedIn(context) ? context.accountId : undefined) === undefined) {
				throw telegramError('AUTH_KEY_UNREGISTERED');
			}
			const newAlgo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
				salt1: randomBytes(8),
				salt2: randomBytes(16),
				g: DH_GENERATOR,
				p: DH_PRIME,
			});
			const common = {
				newAlgo,
				newSecureAlgo: new Api.SecurePasswordKdfAlgoSHA512({ salt: randomBytes(8) }),
				secureRandom: randomBytes(32),
			};
			if (!desk.accountHasPassword) return new Api.account.Password({ ...common, hasPassword: false });
			const { salt1, salt2 } = desk.passwordSalts;
			const challenge = desk.newChallenge(context.authKeyId);
			return new Api.account.Password({
				...common,
				hasPassword: true,
				currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({ salt1, salt2, g: DH_GENERATOR, p: DH_PRIME }),
				srp_B: challenge.serverPublic,
				srpId: bigInt(challenge.id),
				hint: desk.passwordHint,
			});
		},
	};
}
