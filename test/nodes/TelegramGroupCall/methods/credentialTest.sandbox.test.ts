/**
 * The credential test ("Test" on the Telegram MTProto API credential) against a real sandbox speaking MTProto to
 * the unmodified GramJS client: what a user sees for a good credential and for each way one can be wrong, within
 * the credential's timeout, and never a secret in the message.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { closeAllTelegramConnections } from '../../../../nodes/TelegramGroupCall/transport';
import { defaultWorld, startSandbox, type Sandbox, type SandboxCredentials } from '../../../../sandbox';
import { assertNoSecrets, runCredentialTest, waitUntil } from '../support/credentialTest';
import { closedPort, SilentServer } from '../support/sandboxRuns';
import { authKeyIdOfSession } from '../support/sessionKey';

async function withSandbox(body: (sandbox: Sandbox) => Promise<void>, world?: unknown): Promise<void> {
	const sandbox = await startSandbox({ port: 0, world });
	try {
		await body(sandbox);
	} finally {
		await sandbox.stop();
	}
}

const asData = (credentials: SandboxCredentials, changes: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject => ({
	...credentials,
	...changes,
});

describe('the credential test against the sandbox', () => {
	after(async () => {
		// The credential test connects outside the pool; closing the (source) pool is a safety net.
		await closeAllTelegramConnections();
	});

	it('answers "Connected as @ops_owner (1000)" for the sandbox\'s credential, with the session\'s own key, and hangs up', async () => {
		await withSandbox(async (sandbox) => {
			const credentials = sandbox.credentials();
			const { result } = await runCredentialTest(asData(credentials));
			assert.deepEqual(result, { status: 'OK', message: 'Connected as @ops_owner (1000)' });
			// Ground truth: the sandbox was asked who the account is, by this session's key, as the account.
			const whoAmI = sandbox.requests('users.getUsers');
			assert.equal(whoAmI.length, 1);
			assert.equal(whoAmI[0].authKeyId, authKeyIdOfSession(credentials.session));
			assert.equal(whoAmI[0].accountId, '1000');
			assert.equal(whoAmI[0].outcome, 'answered');
			// The test connection is not kept: it would hold a socket per "Test" click.
			assert.ok(await waitUntil(() => sandbox.openConnections === 0, 3000), `${sandbox.openConnections} connection(s) left open`);
			// Testing changes nothing in the world.
			assert.equal(sandbox.world.inviteLog().length, 0);
		});
	});

	it('names the account by its name when it has no username', async () => {
		const world = defaultWorld();
		delete world.me.username;
		await withSandbox(async (sandbox) => {
			const { result } = await runCredentialTest(asData(sandbox.credentials()));
			assert.deepEqual(result, { status: 'OK', message: 'Connected as Olivia Ops (1000)' });
		}, world);
	});

	it('says the API ID is not accepted when the API ID is wrong (the sandbox answers initConnection with API_ID_INVALID)', async () => {
		await withSandbox(async (sandbox) => {
			const credentials = sandbox.credentials();
			const { result, elapsedMs } = await runCredentialTest(asData(credentials, { apiId: credentials.apiId + 1, timeout: 5 }));
			assert.equal(result.status, 'Error');
			assert.match(result.message, /API ID/);
			assert.match(result.message, /my\.telegram\.org/);
			assert.match(result.message, /\[API_ID_INVALID\]/);
			assert.ok(elapsedMs < 5000, `took ${elapsedMs} ms: an answered error must not wait for the timeout`);
			assertNoSecrets(result, credentials);
			// Ground truth: the sandbox refused the connection's first request, and nothing else was asked.
			const requests = sandbox.requests();
			assert.ok(requests.length >= 1);
			for (const entry of requests) assert.equal(entry.error?.message, 'API_ID_INVALID', `${entry.method} was not refused`);
			assert.equal(sandbox.requests('users.getUsers').length, 0);
		});
	});

	for (const reason of ['SESSION_REVOKED', 'AUTH_KEY_UNREGISTERED'] as const) {
		it(`says the session is no longer valid and how to get a new one (${reason})`, async () => {
			await withSandbox(async (sandbox) => {
				const credentials = sandbox.credentials();
				sandbox.revokeSession(reason);
				const { result, elapsedMs } = await runCredentialTest(asData(credentials, { timeout: 5 }));
				assert.equal(result.status, 'Error');
				assert.match(result.message, reason === 'SESSION_REVOKED' ? /revoked/ : /not logged in any more/);
				assert.match(result.message, /tg-group-call login/);
				assert.match(result.message, new RegExp(`\\[${reason}\\]`));
				assert.ok(elapsedMs < 5000, `took ${elapsedMs} ms`);
				assertNoSecrets(result, credentials);
				assert.ok(sandbox.requests().every((entry) => entry.error?.message === reason));
			});
		});
	}

	it('says it could not connect when nothing listens at the server address, within the timeout', async () => {
		await withSandbox(async (sandbox) => {
			const credentials = sandbox.credentials();
			const port = await closedPort();
			const { result, elapsedMs } = await runCredentialTest(asData(credentials, { server: `127.0.0.1:${port}`, timeout: 5 }));
			assert.equal(result.status, 'Error');
			assert.match(result.message, /Could not connect/);
			assert.match(result.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
			assert.match(result.message, /\[SERVER_UNREACHABLE\]/);
			assert.ok(elapsedMs < 5000, `took ${elapsedMs} ms`);
			assertNoSecrets(result, credentials);
			assert.equal(sandbox.requests().length, 0);
		});
	});

	describe('a server that never answers, with a 1 s credential timeout', () => {
		const TIMEOUT_MS = 1000;
		// The connect and the who-am-I request each have the timeout; one of them hangs, plus teardown (and a loaded machine).
		const LIMIT_MS = TIMEOUT_MS + 2500;

		for (const method of ['help.getConfig', 'users.getUsers'] as const) {
			it(`times out when the sandbox never answers ${method} (${method === 'help.getConfig' ? 'the connect' : 'after connecting'})`, async () => {
				await withSandbox(async (sandbox) => {
					const credentials = sandbox.credentials();
					sandbox.addFault({ method, call: 1, action: 'hang' });
					const { result, elapsedMs } = await runCredentialTest(asData(credentials, { timeout: TIMEOUT_MS / 1000 }));
					assert.equal(result.status, 'Error');
					assert.match(result.message, /did not answer in time/);
					assert.match(result.message, /\[TIMEOUT\]/);
					assert.ok(elapsedMs >= TIMEOUT_MS - 50, `gave up after ${elapsedMs} ms, before the timeout`);
					assert.ok(elapsedMs < LIMIT_MS, `took ${elapsedMs} ms`);
					assertNoSecrets(result, credentials);
					// Ground truth: the request did arrive and was left hanging (not refused).
					const hung = sandbox.requests(method);
					assert.equal(hung[0]?.outcome, 'hung');
					assert.ok(await waitUntil(() => sandbox.openConnections === 0, 3000), 'the stuck connection was not closed');
				});
			});
		}

		it('times out against a TCP listener that accepts and never sends a byte', async () => {
			const silent = await SilentServer.start();
			try {
				const sandbox = await startSandbox({ port: 0 });
				let credentials: SandboxCredentials;
				try {
					credentials = sandbox.credentials();
				} finally {
					await sandbox.stop();
				}
				const { result, elapsedMs } = await runCredentialTest(
					asData(credentials, { server: `127.0.0.1:${silent.port}`, timeout: TIMEOUT_MS / 1000 }),
				);
				assert.equal(result.status, 'Error');
				assert.match(result.message, /did not answer in time/);
				assert.ok(elapsedMs < LIMIT_MS, `took ${elapsedMs} ms`);
				assertNoSecrets(result, credentials);
				assert.ok(await waitUntil(() => silent.openSockets === 0, 3000), 'the client left its socket open');
			} finally {
				await silent.stop();
			}
		});
	});

	it('says at once, without secrets, that a session the server does not know (made for another world) is not valid for it', async () => {
		const otherWorld = defaultWorld();
		otherWorld.apiHash = 'fedcba9876543210fedcba9876543210';
		const other = await startSandbox({ port: 0, world: otherWorld });
		const foreignSession = other.session;
		await other.stop();
		await withSandbox(async (sandbox) => {
			const credentials = { ...sandbox.credentials(), session: foreignSession };
			// The default 30 s timeout: the answer must not depend on it.
			const { result, elapsedMs } = await runCredentialTest(asData(credentials));
			assert.equal(result.status, 'Error');
			// The sandbox answers the unknown key with transport error -404 at once (GramJS alone would then wait
			// forever); the node reads it on its own socket.
			assert.match(result.message, /\[AUTH_KEY_UNKNOWN\]/);
			assert.match(result.message, /not valid for this server/);
			assert.match(result.message, /tg-group-call login/);
			assert.ok(elapsedMs < 10_000, `took ${elapsedMs} ms: the -404 answer must end the wait, not the 30 s timeout`);
			assertNoSecrets(result, credentials);
			assert.equal(sandbox.requests().length, 0, 'an unknown key must not reach any method');
			assert.ok(sandbox.events.some((event) => event.kind === 'unknown-auth-key'), 'the sandbox never saw the foreign key');
		});
	});
});
