import { Api } from 'telegram';

import { authorizedUser } from './authorizedUser';
import { failureFor, LoginCancelled, LoginFailure, telegramErrorName } from './failures';
import type { LoginContext } from './loginContext';
import { passwordStep } from './passwordStep';
import { drawQr, QR_PACKAGE } from './qrDrawing';
import { pause } from './waiting';

/** New QR codes shown before the command gives up (at Telegram's 30 s per code: about 5 minutes). */
export const MAX_QR_CODES = 10;

/**
 * Shows a QR code (tg://login?token=…) to scan from Telegram on a phone, a new one each time it expires,
 * until Telegram says it was accepted; then 2FA if the account has it.
 */
export async function loginWithQr(context: LoginContext): Promise<Api.User> {
	const { link } = context;
	const acceptance = link.loginTokenAccepted();
	let shown = 0;
	let request: Api.AnyRequest = exportRequest(context);
	try {
		for (;;) {
			const answer = (await link.call('asking for a QR login code', request)) as Api.auth.TypeLoginToken;
			request = exportRequest(context);
			if (answer instanceof Api.auth.LoginTokenSuccess) return authorizedUser(answer.authorization);
			if (answer instanceof Api.auth.LoginTokenMigrateTo) {
				// Scanned by an account that lives on another data center: finish the login there.
				await link.switchDataCenter(answer.dcId);
				request = new Api.auth.ImportLoginToken({ token: answer.token });
				continue;
			}
			if (shown >= MAX_QR_CODES) throw new LoginFailure(`No one scanned the QR code in ${shown} tries; run the command again.`);
			await show(context, answer, shown++);
			await waitForScanOrExpiry(context, answer.expires, acceptance);
		}
	} catch (error) {
		if (error instanceof LoginCancelled || error instanceof LoginFailure) throw error;
		if (telegramErrorName(error) === 'SESSION_PASSWORD_NEEDED') return passwordStep(context);
		throw failureFor(error, 'logging in with the QR code');
	}
}

function exportRequest(context: LoginContext): Api.auth.ExportLoginToken {
	return new Api.auth.ExportLoginToken({ apiId: context.apiId, apiHash: context.apiHash, exceptIds: [] });
}

async function show({ terminal }: LoginContext, token: Api.auth.LoginToken, index: number): Promise<void> {
	const url = `tg://login?token=${Buffer.from(token.token).toString('base64url')}`;
	const picture = await drawQr(url);
	terminal.say(
		index === 0
			? 'Scan this QR code with Telegram on your phone: Settings → Devices → Link Desktop Device.'
			: 'The QR code expired; here is a new one.',
	);
	if (picture === undefined) terminal.say(`(This installation cannot draw QR codes: the package "${QR_PACKAGE}" is missing.)`);
	else terminal.say(picture);
	terminal.say(`Or open this link on a phone where Telegram is logged in: ${url}`);
}

/** Until Telegram reports the scan, the code's expiry, or Ctrl-C. */
async function waitForScanOrExpiry({ terminal }: LoginContext, expires: number, acceptance: Promise<void>): Promise<void> {
	const untilExpiry = Math.max(1000, expires * 1000 - Date.now());
	const controller = new AbortController();
	const stopWaiting = (): void => controller.abort();
	terminal.cancelled.addEventListener('abort', stopWaiting, { once: true });
	void acceptance.then(stopWaiting);
	try {
		await pause(untilExpiry, controller.signal);
	} finally {
		terminal.cancelled.removeEventListener('abort', stopWaiting);
	}
	if (terminal.cancelled.aborted) throw new LoginCancelled();
}
