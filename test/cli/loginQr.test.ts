import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { drawQr } from '../../cli/login/qrDrawing';
import { QrScanError, startSandbox } from '../../sandbox';
import { defaultWorld } from '../../sandbox/world/defaultWorld';
import { plainClient, withTimeout } from '../sandbox/support/plainClient';
import { TerminalLogin } from './login/inProcessTerminal';
import { QR_LINK, sessionFromScreen } from './login/screen';

const stripColours = (text: string): string => text.replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), '');

describe('tg-group-call login --qr, in a terminal', () => {
	it('shows a QR login link, a new one when it expires, and after the scan asks the 2FA password', async (t) => {
		// Short-lived tokens, so the command has to refresh once within the test.
		const sandbox = await startSandbox({ port: 0, login: { qrTokenSeconds: 5 } });
		t.after(() => sandbox.stop());
		const { apiId, apiHash } = sandbox.world;
		const login = new TerminalLogin(['--server', sandbox.address, '--api-id', String(apiId), '--api-hash', apiHash, '--qr']);
		t.after(() => login.stop());

		await login.waitFor('Scan this QR code with Telegram on your phone: Settings → Devices → Link Desktop Device.');
		const first = (await login.waitFor(QR_LINK))[1];
		await login.waitFor('The QR code expired; here is a new one.');
		const second = (await login.waitFor(QR_LINK))[1];
		assert.notEqual(second, first);
		assert.throws(() => sandbox.scanQrToken(first), (error: unknown) => error instanceof QrScanError && error.reason === 'AUTH_TOKEN_EXPIRED');

		sandbox.scanQrToken(`tg://login?token=${second}`);
		await login.waitFor('This account has two-step verification (password hint: "the usual one").');
		await login.waitFor('2FA password (not shown as you type): ');
		login.type('hunter2');
		await login.waitFor('Logged in as Olivia Ops (@ops_owner, +15550001000, user id 1000).');
		assert.equal(await login.exitCode(), 0);
		// Each link comes with its own picture: the QR code of exactly that link, drawn above it.
		for (const token of [first, second]) {
			const picture = stripColours(String(await drawQr(`tg://login?token=${token}`)));
			assert.ok(picture.split('\n').length > 10, 'a QR code is drawn');
			assert.ok(login.screen.includes(`${picture}\nOr open this link on a phone where Telegram is logged in: tg://login?token=${token}`));
		}
		assert.deepEqual(
			sandbox.requests('auth.exportLoginToken').map((entry) => entry.error?.message ?? entry.resultType),
			['auth.LoginToken', 'auth.LoginToken', 'SESSION_PASSWORD_NEEDED'],
		);

		const client = plainClient(sessionFromScreen(login.screen), apiId, apiHash, sandbox.port);
		t.after(() => client.destroy());
		await withTimeout(client.connect(), 5000, 'connect');
		assert.equal((await withTimeout(client.getMe(), 5000, 'getMe')).id.toString(), '1000');
	});

	it('logs in right after the scan when the account has no 2FA', async (t) => {
		const world = defaultWorld();
		delete world.me.password;
		delete world.me.passwordHint;
		const sandbox = await startSandbox({ port: 0, world });
		t.after(() => sandbox.stop());
		const login = new TerminalLogin(['--server', sandbox.address, '--api-id', String(sandbox.world.apiId), '--api-hash', sandbox.world.apiHash]);
		t.after(() => login.stop());

		await login.waitFor('or "qr" to scan a QR code: ');
		login.type('qr');
		sandbox.scanQrToken((await login.waitFor(QR_LINK))[1]);
		await login.waitFor('Logged in as Olivia Ops');
		assert.equal(await login.exitCode(), 0);
		assert.deepEqual(
			sandbox.requests('auth.exportLoginToken').map((entry) => entry.resultType),
			['auth.LoginToken', 'auth.LoginTokenSuccess'],
		);
	});
});
