import { Api } from 'telegram';

import { authorizedUser } from './authorizedUser';
import { failureFor, LoginFailure, telegramErrorName } from './failures';
import { MAX_TRIES, type LoginContext } from './loginContext';
import { passwordStep } from './passwordStep';

/** Phone number → code (resend on request) → 2FA password if the account has one. */
export async function loginWithPhone(context: LoginContext, typedPhone: string): Promise<Api.User> {
	const { link, terminal } = context;
	// Telegram wants digits; people type "+44 7700 900-123". Anything else is for Telegram to refuse.
	const phoneNumber = typedPhone.trim().replace(/[\s().-]/g, '').replace(/^\+/, '');
	let sent = await link
		.call(
			'sending the login code',
			new Api.auth.SendCode({ phoneNumber, apiId: context.apiId, apiHash: context.apiHash, settings: new Api.CodeSettings({}) }),
		)
		.catch((error: unknown) => {
			throw failureFor(error, 'sending the login code');
		});
	if (sent instanceof Api.auth.SentCodeSuccess) return authorizedUser(sent.authorization);
	terminal.say(describeDelivery(sent, phoneNumber));

	for (let wrong = 0; ; ) {
		const answer = (await terminal.ask('Code (or "resend"): ')).trim();
		if (answer === '') continue;
		if (/^resend$/i.test(answer)) {
			sent = await resend(context, phoneNumber, sent);
			continue;
		}
		const phoneCode = answer.replace(/[\s-]/g, '');
		try {
			const authorization = await link.call('checking the code', new Api.auth.SignIn({ phoneNumber, phoneCodeHash: sent.phoneCodeHash, phoneCode }));
			return authorizedUser(authorization);
		} catch (error) {
			const name = telegramErrorName(error);
			if (name === 'SESSION_PASSWORD_NEEDED') return passwordStep(context);
			if (name !== 'PHONE_CODE_INVALID') throw failureFor(error, 'checking the code');
			wrong++;
			if (wrong >= MAX_TRIES) throw new LoginFailure(`The login code was wrong ${MAX_TRIES} times; run the command again.`);
			terminal.say(`That code is not correct; try again (${MAX_TRIES - wrong} ${MAX_TRIES - wrong === 1 ? 'try' : 'tries'} left), or type "resend".`);
		}
	}
}

async function resend(context: LoginContext, phoneNumber: string, sent: Api.auth.SentCode): Promise<Api.auth.SentCode> {
	try {
		const again = await context.link.call('sending the code again', new Api.auth.ResendCode({ phoneNumber, phoneCodeHash: sent.phoneCodeHash }));
		if (again instanceof Api.auth.SentCodeSuccess) throw new LoginFailure('Telegram logged in while resending the code; run the command again.');
		context.terminal.say(describeDelivery(again, phoneNumber));
		return again;
	} catch (error) {
		if (telegramErrorName(error) !== 'SEND_CODE_UNAVAILABLE') throw failureFor(error, 'sending the code again');
		context.terminal.say('Telegram has no other way left to send the code; use the one already sent.');
		return sent;
	}
}

/** Where the code went, as the Telegram apps say it. */
export function describeDelivery(sent: Api.auth.SentCode, phoneNumber: string): string {
	const type = sent.type;
	const digits = 'length' in type && typeof type.length === 'number' ? `${type.length}-digit ` : '';
	let where: string;
	if (type instanceof Api.auth.SentCodeTypeApp) where = `Telegram sent a ${digits}code to the Telegram app on your other devices (a message from "Telegram").`;
	else if (type instanceof Api.auth.SentCodeTypeSms) where = `Telegram sent a ${digits}code by SMS to +${phoneNumber}.`;
	else if (type instanceof Api.auth.SentCodeTypeCall) where = `Telegram is calling +${phoneNumber} to tell you a ${digits}code.`;
	else if (type instanceof Api.auth.SentCodeTypeFlashCall || type instanceof Api.auth.SentCodeTypeMissedCall) {
		where = `Telegram will call +${phoneNumber}; the code is the last digits of the calling number.`;
	} else if (type instanceof Api.auth.SentCodeTypeEmailCode) where = `Telegram sent a ${digits}code to your login email (${type.emailPattern}).`;
	else if (type instanceof Api.auth.SentCodeTypeFragmentSms) where = `Telegram sent a ${digits}code to ${type.url}.`;
	else if (type instanceof Api.auth.SentCodeTypeSetUpEmailRequired) {
		throw new LoginFailure('Telegram wants a login email set up for this account first; do that in an official Telegram app, then log in here.');
	} else where = `Telegram sent a ${digits}login code.`;
	const next = sent.nextType === undefined ? '' : ' If it does not arrive, type "resend" to get it another way.';
	return where + next;
}
