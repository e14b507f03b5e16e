import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { startSandbox, type Sandbox } from '../../sandbox';
import { defaultWorld } from '../../sandbox/world/defaultWorld';
import { plainClient, withTimeout } from '../sandbox/support/plainClient';
import { TerminalLogin } from './login/inProcessTerminal';
import { PtyLogin } from './login/ptyTerminal';
import { sessionFromScreen } from './login/screen';

/** The produced session logs in a plain GramJS client through the credential's server override. */
async function accountOfSession(sandbox: Sandbox, session: string): Promise<string> {
	const client = plainClient(session, sandbox.world.apiId, sandbox.world.apiHash, sandbox.port);
	try {
		await withTimeout(client.connect(), 5000, 'connect');
		const me = await withTimeout(client.getMe(), 5000, 'getMe');
		return me.id.toString();
	} finally {
		await client.destroy();
	}
}

function worldWithout2fa(): ReturnType<typeof defaultWorld> {
	const world = defaultWorld();
	delete world.me.password;
	delete world.me.passwordHint;
	return world;
}

// The first test runs the built bin in a real terminal (pseudo-terminal); the others run the command in-process.
describe('tg-group-call login by phone, in a terminal', () => {
	it('asks for the API values, the phone, the code (resend, one wrong try) and the 2FA password with its hint, then prints a working session', async (t) => {
		const sandbox = await startSandbox({ port: 0 });
		t.after(() => sandbox.stop());
		const { apiId, apiHash } = sandbox.world;
		const login = new PtyLogin(['--server', sandbox.address]);
		t.after(() => login.kill());

		await login.waitFor('API ID (from https://my.telegram.org): ');
		login.type(String(apiId));
		await login.waitFor('API hash (not shown as you type): ');
		login.type(apiHash);
		await login.waitFor('or "qr" to scan a QR code: ');
		login.type('+1 555 000 1000');
		await login.waitFor('Telegram sent a 5-digit code to the Telegram app on your other devices');
		await login.waitFor('Code (or "resend"): ');
		login.type('resend');
		await login.waitFor('Telegram sent a 5-digit code by SMS to +15550001000.');
		await login.waitFor('Code (or "resend"): ');
		login.type('54321');
		await login.waitFor('That code is not correct; try again (2 tries left), or type "resend".');
		await login.waitFor('Code (or "resend"): ');
		login.type('12345');
		await login.waitFor('This account has two-step verification (password hint: "the usual one").');
		await login.waitFor('2FA password (not shown as you type): ');
		login.type('hunter3');
		await login.waitFor('That password is not correct; try again (2 tries left).');
		await login.waitFor('2FA password (not shown as you type): ');
		login.type('hunter2');
		await login.waitFor('Logged in as Olivia Ops (@ops_owner, +15550001000, user id 1000).');
		assert.equal(await login.exitCode(), 0);

		const screen = login.screen;
		assert.match(screen, /^ {2}API ID {4}12345$/m);
		assert.match(screen, /^ {2}Server {4}127\.0\.0\.1:\d+$/m);
		assert.ok(!screen.includes(apiHash), 'the API hash is never shown, not even as it is typed');
		assert.ok(!screen.includes('hunter2') && !screen.includes('hunter3'), 'the password is never shown');
		assert.ok(screen.includes('54321') && screen.includes('resend'), 'what is not secret is echoed as typed');
		assert.deepEqual(
			sandbox.requests().filter((entry) => entry.method.startsWith('auth.') || entry.method.startsWith('account.')).map((entry) => [entry.method, entry.error?.message ?? 'ok']),
			[
				['auth.sendCode', 'ok'],
				['auth.resendCode', 'ok'],
				['auth.signIn', 'PHONE_CODE_INVALID'],
				['auth.signIn', 'SESSION_PASSWORD_NEEDED'],
				['account.getPassword', 'ok'],
				['auth.checkPassword', 'PASSWORD_HASH_INVALID'],
				['account.getPassword', 'ok'],
				['auth.checkPassword', 'ok'],
			],
		);
		assert.equal(await accountOfSession(sandbox, sessionFromScreen(screen)), '1000');
	});

	it('logs in with --phone and no 2FA, and with --out writes the session only to a file readable by its owner', async (t) => {
		const sandbox = await startSandbox({ port: 0, world: worldWithout2fa() });
		t.after(() => sandbox.stop());
		const folder = mkdtempSync(join(tmpdir(), 'tg-login-out-'));
		const outPath = join(folder, 'session.txt');
		// An existing file with wider permissions must not keep them.
		writeFileSync(outPath, 'old content\n', { mode: 0o644 });
		const login = new TerminalLogin(['--server', sandbox.address, '--phone', '15550001000', '--out', outPath], {
			TG_API_ID: String(sandbox.world.apiId),
			TG_API_HASH: sandbox.world.apiHash,
		});
		t.after(() => login.stop());

		await login.waitFor('Code (or "resend"): ');
		login.type('12345');
		await login.waitFor(`Session   saved to ${outPath} (readable only by you)`);
		assert.equal(await login.exitCode(), 0);

		assert.equal(statSync(outPath).mode & 0o777, 0o600);
		const session = readFileSync(outPath, 'utf8').trim();
		assert.match(session, /^1[A-Za-z0-9+/=]+$/);
		assert.ok(!login.screen.includes(session), 'with --out the session is not shown');
		assert.doesNotMatch(login.screen, /two-step verification/);
		assert.equal(await accountOfSession(sandbox, session), '1000');
	});

	it('creates a new --out file with mode 0600', async (t) => {
		const sandbox = await startSandbox({ port: 0, world: worldWithout2fa() });
		t.after(() => sandbox.stop());
		const outPath = join(mkdtempSync(join(tmpdir(), 'tg-login-out-')), 'new-session.txt');
		const login = new TerminalLogin([
			'--server',
			sandbox.address,
			'--api-id',
			String(sandbox.world.apiId),
			'--api-hash',
			sandbox.world.apiHash,
			'--phone',
			'+1 (555) 000-1000',
			'--out',
			outPath,
		]);
		t.after(() => login.stop());
		await login.waitFor('Code (or "resend"): ');
		login.type('12345');
		assert.equal(await login.exitCode(), 0);
		assert.equal(statSync(outPath).mode & 0o777, 0o600);
	});
});
