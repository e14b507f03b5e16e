import { Api } from 'telegram';

import { LoginFailure } from './failures';

/** The logged-in user of a successful login answer; "sign-up required" ends the command. */
export function authorizedUser(authorization: Api.auth.TypeAuthorization): Api.User {
	if (authorization instanceof Api.auth.AuthorizationSignUpRequired) {
		throw new LoginFailure('No Telegram account uses this phone number; create one in a Telegram app first, then log in here.');
	}
	if (!(authorization.user instanceof Api.User)) throw new LoginFailure('Telegram answered the login without the account; run the command again.');
	return authorization.user;
}
