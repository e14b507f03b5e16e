/**
 * The whole way from no session to an invite, end to end: `tg-group-call login` (the command in-process, in a terminal) logs in to the
 * sandbox by phone, code and 2FA password; the session it prints passes the node's credential test and invites a
 * user in an in-process n8n run. The sandbox's request log proves the invite came from the auth key that login
 * agreed, not from the sandbox's pre-minted session. Needs dist/ (npm run build).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { startSandbox } from '../../sandbox';
import { closeAllTelegramConnections } from '../../nodes/TelegramGroupCall/transport';
import { runCredentialTest } from '../nodes/TelegramGroupCall/support/credentialTest';
import { closeCompiledPool, rows, runInvite } from '../nodes/TelegramGroupCall/support/sandboxRuns';
import { authKeyIdOfSession } from '../nodes/TelegramGroupCall/support/sessionKey';
import { TerminalLogin } from './login/inProcessTerminal';
import { sessionFromScreen } from './login/screen';

describe('a session from tg-group-call login, used by the node', () => {
	it('passes the credential test and invites a user in an n8n run, with the auth key the login created', { timeout: 90_000 }, async (t) => {
		const sandbox = await startSandbox({ port: 0 });
		t.after(async () => {
			await closeCompiledPool();
			await closeAllTelegramConnections();
			await sandbox.stop();
		});
		const { apiId, apiHash } = sandbox.world;
		assert.ok(sandbox.world.me.password, 'the default world has 2FA, so the login goes through the password step');

		// 1. Log in the way a person does: phone on the command line, code and password typed.
		const login = new TerminalLogin(['--server', sandbox.address, '--api-id', String(apiId), '--api-hash', apiHash, '--phone', '+15550001000']);
		t.after(() => login.stop());
		await login.waitFor('Code (or "resend"): ');
		login.type('12345');
		await login.waitFor('2FA password (not shown as you type): ');
		login.type('hunter2');
		await login.waitFor('Logged in as Olivia Ops (@ops_owner, +15550001000, user id 1000).');
		assert.equal(await login.exitCode(), 0);
		const session = sessionFromScreen(login.screen);

		const loginKey = authKeyIdOfSession(session);
		const preMintedKey = authKeyIdOfSession(sandbox.session);
		assert.notEqual(session, sandbox.session);
		assert.notEqual(loginKey, preMintedKey, 'the login must agree a new key, not reuse the pre-minted one');
		// Ground truth: the sandbox saw this very key finish the login (code, then the 2FA password).
		const loginSteps = sandbox.requests().filter((entry) => entry.method === 'auth.signIn' || entry.method === 'auth.checkPassword');
		assert.deepEqual(
			loginSteps.map((entry) => [entry.method, entry.authKeyId, entry.error?.message ?? 'ok']),
			[
				['auth.signIn', loginKey, 'SESSION_PASSWORD_NEEDED'],
				['auth.checkPassword', loginKey, 'ok'],
			],
		);
		const credential = { apiId, apiHash, session, server: sandbox.address, timeout: 10 };

		// 2. The credential test: connected as the world's account.
		const tested = await runCredentialTest(credential);
		assert.deepEqual(tested.result, { status: 'OK', message: 'Connected as @ops_owner (1000)' });
		const testRequests = sandbox.requests('users.getUsers');
		assert.ok(testRequests.length >= 1);
		for (const entry of testRequests) assert.equal(entry.authKeyId, loginKey);

		// 3. The node in n8n's engine invites Alice with that session.
		const run = await runInvite(undefined, { items: [{ call: '@demo_group', users: '@alice' }] }, credential);
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.deepEqual(rows(run.outputs[0]), ['0:@alice:invited']);
		assert.deepEqual(run.outputs[1], []);

		// Ground truth: one invite, applied, sent with the login's key as the account; Alice invited once.
		const invites = sandbox.requests('phone.inviteToGroupCall');
		assert.equal(invites.length, 1);
		assert.equal(invites[0].authKeyId, loginKey);
		assert.equal(invites[0].accountId, '1000');
		assert.equal(invites[0].applied, true);
		assert.deepEqual(sandbox.world.invitedUsers('3001'), ['1001']);
		assert.equal(sandbox.world.inviteCount('3001', '1001'), 1);
		assert.deepEqual(
			sandbox.world.inviteLog().map((record) => [record.callId, record.userId, record.byAccountId]),
			[['3001', '1001', '1000']],
		);
		// Nobody used the pre-minted session anywhere in this test.
		assert.ok(sandbox.requests().every((entry) => entry.authKeyId !== preMintedKey), 'a request came from the pre-minted key');
		// The session was never shown anywhere but on its own result line.
		assert.equal(login.screen.split(session).length - 1, 1);
	});
});
