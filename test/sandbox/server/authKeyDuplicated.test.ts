/**
 * The sandbox's AUTH_KEY_DUPLICATED model (docs/sandbox-world.md): with `behaviour.authKeyDuplicated`, one auth
 * key used by two open connections of different clients (MTProto sessions) at once is invalidated. Plain GramJS
 * clients, no node code.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';

import { Api, type TelegramClient } from 'telegram';

import { startSandbox, type Sandbox } from '../../../sandbox';
import { plainClient, withTimeout } from '../support/plainClient';

async function sandboxFor(t: TestContext, authKeyDuplicated: boolean): Promise<Sandbox> {
	const sandbox = await startSandbox({ port: 0 });
	t.after(() => sandbox.stop());
	sandbox.setBehaviour({ authKeyDuplicated });
	return sandbox;
}

function clientOf(t: TestContext, sandbox: Sandbox): TelegramClient {
	const credentials = sandbox.credentials();
	const client = plainClient(credentials.session, credentials.apiId, credentials.apiHash, Number(credentials.server.split(':')[1]));
	t.after(() => client.destroy());
	return client;
}

async function ask(client: TelegramClient): Promise<string> {
	try {
		await withTimeout(client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })), 10_000, 'users.getUsers');
		return 'ok';
	} catch (error) {
		const rpc = error as { code?: unknown; errorMessage?: unknown };
		return `${String(rpc.code)} ${String(rpc.errorMessage)}`;
	}
}

function duplicatedAnswers(sandbox: Sandbox): number {
	return sandbox.requests().filter((entry) => entry.error?.message === 'AUTH_KEY_DUPLICATED' && entry.error.code === 406).length;
}

describe('AUTH_KEY_DUPLICATED model', () => {
	it('two clients of one session at once: the key is invalidated for both, from then on', async (t) => {
		const sandbox = await sandboxFor(t, true);
		const first = clientOf(t, sandbox);
		const second = clientOf(t, sandbox);
		await first.connect();
		assert.equal(await ask(first), 'ok');
		// GramJS's connect sends initConnection (help.getConfig): the second client is refused there.
		await assert.rejects(second.connect(), /406: AUTH_KEY_DUPLICATED/);
		assert.equal(await ask(first), '406 AUTH_KEY_DUPLICATED', 'the first client is refused too: the session must be created again');
		assert.equal(duplicatedAnswers(sandbox), 2);
		assert.equal(sandbox.requests('users.getUsers').filter((entry) => entry.outcome === 'answered').length, 1);
		const connections = new Set(sandbox.requests().map((entry) => entry.connectionId));
		assert.equal(connections.size, 2, 'two connections of one key');
	});

	it('one client after the other, and one client reconnecting, are fine', async (t) => {
		const sandbox = await sandboxFor(t, true);
		const first = clientOf(t, sandbox);
		await first.connect();
		assert.equal(await ask(first), 'ok');
		// A reconnect gives the client a new MTProto session, but its old connection is gone.
		sandbox.dropConnections();
		assert.equal(await ask(first), 'ok');
		await first.destroy();
		const second = clientOf(t, sandbox);
		await second.connect();
		assert.equal(await ask(second), 'ok');
		assert.equal(duplicatedAnswers(sandbox), 0);
	});

	it('switched off (the default), two clients at once both work', async (t) => {
		const sandbox = await sandboxFor(t, false);
		const first = clientOf(t, sandbox);
		const second = clientOf(t, sandbox);
		await first.connect();
		await second.connect();
		assert.deepEqual([await ask(first), await ask(second), await ask(first)], ['ok', 'ok', 'ok']);
		assert.equal(duplicatedAnswers(sandbox), 0);
	});
});
