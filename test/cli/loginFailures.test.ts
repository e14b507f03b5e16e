import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it, type TestContext } from 'node:test';

import { startSandbox, type Fault, type Sandbox } from '../../sandbox';
import { TerminalLogin } from './login/inProcessTerminal';
import { PtyLogin } from './login/ptyTerminal';

/** Each failure ends with "Login failed: <one sentence>", a non-zero exit, and nothing like a stack trace. */
async function expectFailure(login: TerminalLogin | PtyLogin, sentence: string, exitCode = 1): Promise<void> {
	await login.waitFor(`Login failed: ${sentence}`);
	assert.equal(await login.exitCode(), exitCode);
	assert.doesNotMatch(login.screen, /\n\s+at /, 'no stack trace');
	assert.equal(login.screen.match(/Login failed: /g)?.length, 1);
	assert.match(login.screen, /Login failed: [^\n]+\n$/, 'the failure is the last line, one sentence');
	if (login instanceof TerminalLogin) assert.equal(login.rawMode, false, 'the terminal is back in line mode');
}

async function sandboxFor(t: TestContext, faults: Fault[] = []): Promise<Sandbox> {
	const sandbox = await startSandbox({ port: 0 });
	t.after(() => sandbox.stop());
	for (const fault of faults) sandbox.addFault(fault);
	return sandbox;
}

/** The command in-process, in a terminal (see inProcessTerminal.ts); ended with Ctrl-C if a test leaves it waiting. */
function terminalLogin(t: TestContext, args: string[]): TerminalLogin {
	const login = new TerminalLogin(args);
	t.after(() => login.stop());
	return login;
}

function loginWith(t: TestContext, sandbox: Sandbox, ...extra: string[]): TerminalLogin {
	return terminalLogin(t, ['--server', sandbox.address, '--api-id', String(sandbox.world.apiId), '--api-hash', sandbox.world.apiHash, ...extra]);
}

/** The built bin in a real terminal, for what only it shows (its exit code, Ctrl-C as the terminal sends it). */
function ptyLoginWith(t: TestContext, sandbox: Sandbox, ...extra: string[]): PtyLogin {
	const login = new PtyLogin(['--server', sandbox.address, '--api-id', String(sandbox.world.apiId), '--api-hash', sandbox.world.apiHash, ...extra]);
	t.after(() => login.kill());
	return login;
}

/** A port nothing listens on: reserved, then closed again. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	assert.ok(address !== null && typeof address === 'object');
	return address.port;
}

describe('tg-group-call login: every failure is one plain sentence and a non-zero exit', () => {
	it('a wrong code three times', async (t) => {
		const sandbox = await sandboxFor(t);
		const login = loginWith(t, sandbox, '--phone', '+15550001000');
		for (const code of ['11111', '22222', '33333']) {
			await login.waitFor('Code (or "resend"): ');
			login.type(code);
		}
		await expectFailure(login, 'The login code was wrong 3 times; run the command again.');
	});

	it('an expired code', async (t) => {
		const sandbox = await sandboxFor(t);
		const login = loginWith(t, sandbox, '--phone', '+15550001000');
		await login.waitFor('Code (or "resend"): ');
		sandbox.expireLoginCodes();
		login.type('12345');
		await expectFailure(login, 'The login code has expired; run the command again to get a new one.');
	});

	it('PHONE_NUMBER_INVALID (the built bin in a real terminal)', async (t) => {
		const sandbox = await sandboxFor(t);
		const login = ptyLoginWith(t, sandbox, '--phone', '12');
		await expectFailure(login, 'Telegram does not accept this phone number; type it in international format with the country code, e.g. +44 7700 900123.');
	});

	it('PHONE_NUMBER_BANNED', async (t) => {
		const sandbox = await sandboxFor(t, [{ method: 'auth.sendCode', call: 1, action: 'error', code: 400, message: 'PHONE_NUMBER_BANNED' }]);
		const login = loginWith(t, sandbox, '--phone', '+15550001000');
		await expectFailure(login, 'This phone number is banned from Telegram, so it cannot log in.');
	});

	it('FLOOD_WAIT on sending the code', async (t) => {
		const sandbox = await sandboxFor(t, [{ method: 'auth.sendCode', call: 1, action: 'floodWait', seconds: 300 }]);
		const login = loginWith(t, sandbox, '--phone', '+15550001000');
		await expectFailure(login, 'Telegram asks to wait 5 minutes before sending the login code again (too many attempts); try again after that.');
	});

	it('a wrong 2FA password three times', async (t) => {
		const sandbox = await sandboxFor(t);
		const login = loginWith(t, sandbox, '--phone', '+15550001000');
		await login.waitFor('Code (or "resend"): ');
		login.type('12345');
		for (const password of ['one', 'two', 'three']) {
			await login.waitFor('2FA password (not shown as you type): ');
			login.type(password);
		}
		await expectFailure(login, 'The 2FA password was wrong 3 times; run the command again.');
	});

	it('API_ID_INVALID', async (t) => {
		const sandbox = await sandboxFor(t);
		const login = terminalLogin(t, ['--server', sandbox.address, '--api-id', '999', '--api-hash', 'f'.repeat(32), '--phone', '+15550001000']);
		await expectFailure(login, 'Telegram does not accept this API ID and API hash; copy both from https://my.telegram.org (API development tools).');
		assert.ok(!login.screen.includes('f'.repeat(32)), 'the API hash is not repeated');
	});

	it('API_ID_INVALID on the QR path too', async (t) => {
		const sandbox = await sandboxFor(t);
		const login = terminalLogin(t, ['--server', sandbox.address, '--api-id', '999', '--api-hash', 'f'.repeat(32), '--qr']);
		await expectFailure(login, 'Telegram does not accept this API ID and API hash; copy both from https://my.telegram.org (API development tools).');
	});

	it('no network: nothing listens at --server', async (t) => {
		const port = await closedPort();
		const login = terminalLogin(t, ['--server', `127.0.0.1:${port}`, '--api-id', '1', '--api-hash', 'a'.repeat(32), '--phone', '+15550001000']);
		await expectFailure(login, `Could not reach 127.0.0.1:${port}; check that the server (the sandbox?) is running there.`);
	});

	it('a phone number without an account (the command never signs up)', async (t) => {
		const sandbox = await sandboxFor(t);
		const login = loginWith(t, sandbox, '--phone', '+15550009999');
		await login.waitFor('Telegram sent a 5-digit code by SMS to +15550009999.');
		await login.waitFor('Code (or "resend"): ');
		login.type('12345');
		await expectFailure(login, 'No Telegram account uses this phone number; create one in a Telegram app first, then log in here.');
		assert.equal(sandbox.requests('auth.signUp').length, 0);
	});

	it('bad options exit with 2 before connecting', async (t) => {
		const login = terminalLogin(t, ['--api-id', 'abc', '--api-hash', 'a'.repeat(32)]);
		await expectFailure(login, 'The API ID must be the number shown at https://my.telegram.org (API development tools).', 2);
		assert.doesNotMatch(login.screen, /Connecting/);
	});

	it('Ctrl-C at a prompt cancels with exit 130 (the built bin in a real terminal)', async (t) => {
		const sandbox = await sandboxFor(t);
		const login = ptyLoginWith(t, sandbox, '--phone', '+15550001000');
		await login.waitFor('Code (or "resend"): ');
		login.press('\u0003');
		await login.waitFor('Login cancelled.');
		assert.equal(await login.exitCode(), 130);
		assert.doesNotMatch(login.screen, /\n\s+at /);
	});
});
