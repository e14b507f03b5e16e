/**
 * What a key that is not logged in may call, as on Telegram: the login itself (auth.*), configuration (help.*),
 * and account.getPassword, which the 2FA step of a login needs (its handler checks that the step was reached).
 * Everything else answers 401 AUTH_KEY_UNREGISTERED.
 */
export function allowedBeforeLogin(method: string): boolean {
	return method.startsWith('auth.') || method.startsWith('help.') || method === 'account.getPassword';
}
