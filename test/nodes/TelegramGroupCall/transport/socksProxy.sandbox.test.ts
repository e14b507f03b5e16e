/**
 * The SOCKS5 proxy setting end to end: the node's credential test (and one invite through the node in n8n's
 * engine) against the sandbox through a real SOCKS5 proxy (../support/socks5Proxy). The proxy's own record
 * proves the traffic went through it, with the credential's username, to the Server override's host:port.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { closeAllTelegramConnections } from '../../../../nodes/TelegramGroupCall/transport';
import { startSandbox, type Sandbox, type SandboxCredentials } from '../../../../sandbox';
import { assertNoSecrets, runCredentialTest, waitUntil } from '../support/credentialTest';
import { assertOutputRows, closedPort, closeCompiledPool, runInvite } from '../support/sandboxRuns';
import { authKeyIdOfSession } from '../support/sessionKey';
import { Socks5Proxy, type Socks5ProxyOptions } from '../support/socks5Proxy';

const PROXY_USER = 'n8n-proxy-user';
const PROXY_PASSWORD = 'proxy-pa55word-must-not-leak';

function serverOf(credentials: SandboxCredentials): { host: string; port: number } {
	const match = /^(.+):(\d+)$/.exec(credentials.server);
	if (!match) throw new Error(`unexpected sandbox address ${credentials.server}`);
	return { host: match[1], port: Number(match[2]) };
}

function viaProxy(credentials: SandboxCredentials, proxy: Socks5Proxy, changes: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		...credentials,
		proxyType: 'socks5',
		proxyHost: proxy.host,
		proxyPort: proxy.port,
		proxyUsername: PROXY_USER,
		proxyPassword: PROXY_PASSWORD,
		...changes,
	};
}

/** Every CONNECT the proxy saw asked for the sandbox's own host:port, as `username`. */
function assertConnectsToSandbox(proxy: Socks5Proxy, credentials: SandboxCredentials, username: string | undefined): void {
	const target = serverOf(credentials);
	for (const entry of proxy.connects) assert.deepEqual(entry, { host: target.host, port: target.port, username });
}

/** A fresh sandbox and a proxy (by default requiring PROXY_USER's password), both stopped (and the node's pool closed) after `body`. */
async function withSandboxAndProxy(
	body: (sandbox: Sandbox, proxy: Socks5Proxy) => Promise<void>,
	proxyOptions: Socks5ProxyOptions = { users: { [PROXY_USER]: PROXY_PASSWORD } },
): Promise<void> {
	const sandbox = await startSandbox({ port: 0 });
	const proxy = await Socks5Proxy.start(proxyOptions);
	try {
		await body(sandbox, proxy);
	} finally {
		await closeCompiledPool();
		await proxy.stop();
		await sandbox.stop();
	}
}

describe('the SOCKS5 proxy setting, end to end against the sandbox', () => {
	after(async () => {
		// The credential test connects outside the pool; closing the (source) pool is a safety net.
		await closeAllTelegramConnections();
	});

	it('the credential test connects through the proxy, with its username, to the Server override', async () => {
		await withSandboxAndProxy(async (sandbox, proxy) => {
			const credentials = sandbox.credentials();
			const { result } = await runCredentialTest(viaProxy(credentials, proxy));
			assert.deepEqual(result, { status: 'OK', message: 'Connected as @ops_owner (1000)' });
			// Through the proxy: it was asked for the Server override's host:port (not the session's DC on port 80,
			// not the proxy's own port), by the credential's username, and it carried the MTProto bytes.
			assert.ok(proxy.connects.length >= 1, 'the proxy saw no CONNECT: the traffic bypassed it');
			assertConnectsToSandbox(proxy, credentials, PROXY_USER);
			assert.deepEqual(proxy.refusedLogins, []);
			assert.ok(proxy.relayed.up > 0 && proxy.relayed.down > 0, `relayed ${JSON.stringify(proxy.relayed)}`);
			// Ground truth: the sandbox answered who-am-I for this session's key.
			const whoAmI = sandbox.requests('users.getUsers');
			assert.equal(whoAmI.length, 1);
			assert.equal(whoAmI[0].authKeyId, authKeyIdOfSession(credentials.session));
			assert.equal(whoAmI[0].accountId, '1000');
			assert.equal(whoAmI[0].outcome, 'answered');
			// The test connection is hung up, at the sandbox and at the proxy.
			assert.ok(
				await waitUntil(() => sandbox.openConnections === 0 && proxy.openSockets === 0, 3000),
				`${sandbox.openConnections} sandbox connection(s), ${proxy.openSockets} proxy socket(s) left open`,
			);
		});
	});

	it('works through a proxy without authentication (no username sent)', async () => {
		await withSandboxAndProxy(async (sandbox, proxy) => {
			const credentials = sandbox.credentials();
			const { result } = await runCredentialTest(viaProxy(credentials, proxy, { proxyUsername: '', proxyPassword: '' }));
			assert.deepEqual(result, { status: 'OK', message: 'Connected as @ops_owner (1000)' });
			assert.ok(proxy.connects.length >= 1, 'the proxy saw no CONNECT');
			assertConnectsToSandbox(proxy, credentials, undefined);
		}, {});
	});

	it('a wrong proxy password fails within the timeout, naming the proxy, with no secret in the message', async () => {
		await withSandboxAndProxy(async (sandbox, proxy) => {
			const credentials = sandbox.credentials();
			const timeoutSeconds = 5;
			const wrongPassword = 'wrong-proxy-password';
			const { result, elapsedMs } = await runCredentialTest(viaProxy(credentials, proxy, { proxyPassword: wrongPassword, timeout: timeoutSeconds }));
			assert.equal(result.status, 'Error');
			assert.ok(elapsedMs < timeoutSeconds * 1000, `took ${elapsedMs} ms: a refused login must not wait for the timeout`);
			assert.match(result.message, /proxy/i);
			assert.match(result.message, new RegExp(`socks5 proxy ${proxy.host.replace(/\./g, '\\.')}:${proxy.port}`));
			assert.match(result.message, /\[SERVER_UNREACHABLE\]/);
			assertNoSecrets(result, credentials, [PROXY_PASSWORD, wrongPassword]);
			// Ground truth: the proxy refused the login (each connection attempt), so nothing reached the sandbox.
			assert.ok(proxy.refusedLogins.length >= 1, 'the proxy saw no login');
			assert.ok(proxy.refusedLogins.every((user) => user === PROXY_USER));
			assert.deepEqual(proxy.connects, []);
			assert.equal(sandbox.requests().length, 0);
			assert.ok(await waitUntil(() => proxy.openSockets === 0, 3000), `${proxy.openSockets} proxy socket(s) left open`);
		});
	});

	it('says it could not connect, naming the proxy, when nothing listens at the proxy address', async () => {
		await withSandboxAndProxy(async (sandbox) => {
			const credentials = sandbox.credentials();
			const port = await closedPort();
			const { result, elapsedMs } = await runCredentialTest({
				...credentials,
				proxyType: 'socks5',
				proxyHost: '127.0.0.1',
				proxyPort: port,
				timeout: 5,
			});
			assert.equal(result.status, 'Error');
			assert.ok(elapsedMs < 5000, `took ${elapsedMs} ms`);
			assert.match(result.message, new RegExp(`socks5 proxy 127\\.0\\.0\\.1:${port}`));
			assert.match(result.message, /\[SERVER_UNREACHABLE\]/);
			assertNoSecrets(result, credentials, []);
			assert.equal(sandbox.requests().length, 0);
		});
	});

	it('invites through the proxy when the node runs in n8n\'s engine', async () => {
		await withSandboxAndProxy(async (sandbox, proxy) => {
			const credentials = sandbox.credentials();
			const run = await runInvite(sandbox, { items: [{ call: 'demo_group', users: 'alice' }] }, viaProxy(credentials, proxy));
			assertOutputRows(run, ['0:alice:invited'], []);
			assert.ok(proxy.connects.length >= 1, 'the proxy saw no CONNECT');
			assertConnectsToSandbox(proxy, credentials, PROXY_USER);
			// Ground truth: one invite request, applied once, for Alice (1001) by the account (1000).
			const requests = sandbox.requests('phone.inviteToGroupCall');
			assert.equal(requests.length, 1);
			assert.equal(requests[0].authKeyId, authKeyIdOfSession(credentials.session));
			const applied = sandbox.world.inviteLog().map(({ userId, byAccountId }) => ({ userId, byAccountId }));
			assert.deepEqual(applied, [{ userId: '1001', byAccountId: '1000' }]);
		});
	});
});
