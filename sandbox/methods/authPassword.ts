import { Api } from 'telegram';

import type { LoginDesk } from '../login/loginDesk';
import type { WorldState } from '../world/worldState';
import { completeLogin, isLoggedIn } from './authCommon';
import { telegramError } from './errors';
import { decimalOf } from './tl/long';
import type { MethodTable, RequestContext } from './types';

/** The 2FA step: auth.checkPassword with a real SRP proof (challenge from account.getPassword). */
export function authPasswordMethods(world: WorldState, desk: LoginDesk): MethodTable {
	return {
		[Api.auth.CheckPassword.className]: (request: Api.auth.CheckPassword, context: RequestContext) => {
			const accountId = desk.passwordAccountOf(context.authKeyId, isLoggedIn(context) ? context.accountId : undefined);
			if (accountId === undefined) throw telegramError('AUTH_KEY_UNREGISTERED');
			const proof = request.password;
			if (!(proof instanceof Api.InputCheckPasswordSRP)) throw telegramError('PASSWORD_HASH_INVALID');
			const outcome = desk.checkPassword(context.authKeyId, decimalOf(proof.srpId), proof.A, proof.M1);
			if (outcome === 'unknown-challenge') throw telegramError('SRP_ID_INVALID');
			if (outcome === 'wrong') throw telegramError('PASSWORD_HASH_INVALID');
			return completeLogin(world, desk, context, accountId);
		},
	};
}
