/**
 * A real login (the command run in-process in a terminal, GramJS against the sandbox) leaves no secret in the request log
 * that `tg-group-call sandbox --log` writes: not the login codes typed, the code hash, the 2FA password or its SRP
 * proof. Each request is still logged, with its method and "[redacted]" where the secret was.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { startSandbox } from '../../sandbox';
import { defaultWorld } from '../../sandbox/world/defaultWorld';
import { TerminalLogin } from './login/inProcessTerminal';

const LOGIN_CODE = '73915';
const WRONG_CODE = '40628';
const PASSWORD = 'correct horse 2fa';

type LoggedRequest = { method: string; params: Record<string, unknown> };

describe('the sandbox request log after a login by phone with 2FA', () => {
	it('holds the methods and "[redacted]", never a login code, the code hash or the password', async (t) => {
		const world = defaultWorld();
		world.me.loginCode = LOGIN_CODE;
		world.me.password = PASSWORD;
		// Exactly the lines `tg-group-call sandbox --log FILE` appends.
		const lines: string[] = [];
		const sandbox = await startSandbox({ port: 0, world, onRequest: (entry) => lines.push(JSON.stringify(entry)) });
		t.after(() => sandbox.stop());
		const login = new TerminalLogin(['--server', sandbox.address, '--api-id', String(world.apiId), '--api-hash', world.apiHash, '--phone', '+15550001000']);
		t.after(() => login.stop());

		await login.waitFor('Code (or "resend"): ');
		login.type(WRONG_CODE);
		await login.waitFor('Code (or "resend"): ');
		login.type(LOGIN_CODE);
		await login.waitFor('2FA password (not shown as you type): ');
		login.type(PASSWORD);
		await login.waitFor('Logged in as');
		assert.equal(await login.exitCode(), 0);

		const text = lines.join('\n');
		for (const secret of [LOGIN_CODE, WRONG_CODE, PASSWORD, world.apiHash]) assert.ok(!text.includes(secret), 'a secret of the login is in the request log');
		const logged = lines.map((line) => JSON.parse(line) as LoggedRequest);
		const signIns = logged.filter((entry) => entry.method === 'auth.signIn');
		assert.equal(signIns.length, 2, 'both sign-in attempts are logged');
		for (const entry of signIns) {
			assert.equal(entry.params.phoneCode, '[redacted]');
			assert.equal(entry.params.phoneCodeHash, '[redacted]');
		}
		// The code hash binds a code to this login: redacted wherever a request carries it (auth.resendCode too).
		for (const entry of logged) {
			if ('phoneCodeHash' in entry.params) assert.equal(entry.params.phoneCodeHash, '[redacted]', entry.method);
		}
		const checks = logged.filter((entry) => entry.method === 'auth.checkPassword');
		assert.equal(checks.length, 1);
		assert.equal(checks[0].params.password, '[redacted]');
		assert.ok(!/"M1"|"A":/.test(text), 'no part of the SRP proof is logged');
	});
});
