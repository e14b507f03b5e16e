import { Api } from 'telegram';
import { computeCheck } from 'telegram/Password';

import { failureFor, LoginFailure, telegramErrorName } from './failures';
import { MAX_TRIES, type LoginContext } from './loginContext';
import { authorizedUser } from './authorizedUser';

/** The account has two-step verification: ask the password (no echo) and prove it with SRP. */
export async function passwordStep({ link, terminal }: LoginContext): Promise<Api.User> {
	const first = await link.call('reading the 2FA settings', new Api.account.GetPassword()).catch((error: unknown) => {
		throw failureFor(error, 'reading the 2FA settings');
	});
	terminal.say(`This account has two-step verification${first.hint ? ` (password hint: "${first.hint}")` : ''}.`);
	let settings: Api.account.Password | undefined = first;
	for (let wrong = 0; ; ) {
		const password = await terminal.ask('2FA password (not shown as you type): ', { hidden: true });
		if (password === '') continue;
		// Each check needs a fresh challenge (srp_B, srp_id): Telegram accepts one proof per challenge.
		settings ??= await link.call('reading the 2FA settings', new Api.account.GetPassword()).catch((error: unknown) => {
			throw failureFor(error, 'reading the 2FA settings');
		});
		const proof = await computeCheck(settings, password);
		settings = undefined;
		try {
			const authorization = await link.call('checking the password', new Api.auth.CheckPassword({ password: proof }));
			return authorizedUser(authorization);
		} catch (error) {
			if (telegramErrorName(error) !== 'PASSWORD_HASH_INVALID') throw failureFor(error, 'checking the password');
			wrong++;
			if (wrong >= MAX_TRIES) throw new LoginFailure(`The 2FA password was wrong ${MAX_TRIES} times; run the command again.`);
			terminal.say(`That password is not correct; try again (${MAX_TRIES - wrong} ${MAX_TRIES - wrong === 1 ? 'try' : 'tries'} left).`);
		}
	}
}
