import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { describe, it } from 'node:test';

import { Api } from 'telegram';
import { ConnectionTCPAbridged } from 'telegram/network';

import { encodeStringSession } from '../../../gramjs/stringSession';
import { ACCOUNT_ID, API_HASH, API_ID, getSelf, startCoreServer } from '../support/coreServer';
import { plainClient, withTimeout } from '../support/plainClient';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('sandbox protocol core with an unmodified GramJS client', () => {
	it('connects (bad salt resent transparently), answers requests and logs each one', async (t) => {
		const { server, session } = await startCoreServer();
		t.after(() => server.close());
		const client = plainClient(session, API_ID, API_HASH, server.port);
		t.after(() => client.destroy());

		assert.equal(await withTimeout(client.connect(), 5000, 'connect'), true);
		const users = await withTimeout(client.invoke(getSelf()), 5000, 'users.getUsers');
		assert.equal((users[0] as Api.User).firstName, 'Ops');

		const log = server.log.all();
		assert.deepEqual(log.map((entry) => [entry.method, entry.outcome]), [
			['help.getConfig', 'answered'],
			['users.getUsers', 'answered'],
		]);
		assert.equal(log[1].accountId, ACCOUNT_ID);
		assert.equal(log[1].applied, true);
		assert.deepEqual(log[1].params, { _: 'users.GetUsers', id: [{ _: 'InputUserSelf' }] });
	});

	it('answers an unknown method with an error naming it instead of staying silent', async (t) => {
		const { server, session } = await startCoreServer();
		t.after(() => server.close());
		const client = plainClient(session, API_ID, API_HASH, server.port);
		t.after(() => client.destroy());
		await client.connect();
		await assert.rejects(
			withTimeout(client.invoke(new Api.messages.GetAllStickers({ hash: 0n as never })), 5000, 'getAllStickers'),
			/METHOD_NOT_IMPLEMENTED_IN_SANDBOX: messages\.getAllStickers/,
		);
	});

	it('passes a handler failure to the client as a Telegram error', async (t) => {
		const { server, session } = await startCoreServer();
		t.after(() => server.close());
		const client = plainClient(session, API_ID, API_HASH, server.port);
		t.after(() => client.destroy());
		await client.connect();
		await assert.rejects(client.invoke(new Api.contacts.Block({ id: new Api.InputPeerSelf() })), (error: { code: number; errorMessage: string }) => {
			assert.equal(error.code, 400);
			assert.equal(error.errorMessage, 'CONTACT_ID_INVALID');
			return true;
		});
	});

	it('speaks the abridged transport too', async (t) => {
		const { server, session } = await startCoreServer();
		t.after(() => server.close());
		const client = plainClient(session, API_ID, API_HASH, server.port);
		client._connection = ConnectionTCPAbridged;
		t.after(() => client.destroy());
		await withTimeout(client.connect(), 5000, 'connect');
		await withTimeout(client.invoke(getSelf()), 5000, 'users.getUsers');
		assert.equal(server.log.all('users.getUsers').length, 1);
	});

	it('refuses an unknown auth key with transport error -404 and logs it', async (t) => {
		const { server } = await startCoreServer();
		t.after(() => server.close());
		const stranger = encodeStringSession(2, '127.0.0.1', server.port, Buffer.alloc(256, 7));
		const client = plainClient(stranger, API_ID, API_HASH, server.port);
		t.after(() => client.destroy());
		await assert.rejects(withTimeout(client.connect(), 1500, 'connect'), /no answer/);
		assert.ok(server.events.some((event) => event.kind === 'unknown-auth-key' && /-404/.test(event.message)));
		assert.equal(server.log.all().length, 0);
	});

	it('answers 401 to every request of a revoked session', async (t) => {
		const { server, session } = await startCoreServer();
		t.after(() => server.close());
		server.keys.revoke(ACCOUNT_ID, 'SESSION_REVOKED');
		const client = plainClient(session, API_ID, API_HASH, server.port);
		t.after(() => client.destroy());
		await assert.rejects(withTimeout(client.connect(), 5000, 'connect'), /SESSION_REVOKED/);
		assert.deepEqual(server.log.all().map((entry) => entry.error?.code), [401]);
	});

	it('refuses initConnection with another api_id as API_ID_INVALID, and accepts its own', async (t) => {
		const { server, session } = await startCoreServer();
		t.after(() => server.close());
		const stranger = plainClient(session, API_ID + 1, API_HASH, server.port);
		t.after(() => stranger.destroy());
		await assert.rejects(withTimeout(stranger.connect(), 5000, 'connect'), /API_ID_INVALID/);
		assert.deepEqual(server.log.all().map((entry) => [entry.method, entry.error?.message]), [['help.getConfig', 'API_ID_INVALID']]);

		const owner = plainClient(session, API_ID, API_HASH, server.port);
		t.after(() => owner.destroy());
		assert.equal(await withTimeout(owner.connect(), 5000, 'connect'), true);
	});

	it('survives garbage, a truncated frame and a client vanishing mid-request, and logs them', async (t) => {
		const { server, session, behaviour } = await startCoreServer();
		t.after(() => server.close());

		const garbage = createConnection(server.port, '127.0.0.1');
		garbage.on('error', () => undefined);
		garbage.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
		await new Promise((resolve) => garbage.on('close', resolve));

		const truncated = createConnection(server.port, '127.0.0.1');
		truncated.on('error', () => undefined);
		const header = Buffer.alloc(12);
		header.writeInt32LE(200, 0);
		truncated.end(header);
		await new Promise((resolve) => truncated.on('close', resolve));

		behaviour.latencyMs = 300;
		const vanishing = plainClient(session, API_ID, API_HASH, server.port);
		await vanishing.connect();
		void vanishing.invoke(getSelf()).catch(() => undefined);
		await sleep(50);
		await vanishing.destroy();
		await sleep(400);
		behaviour.latencyMs = 0;

		await sleep(50);
		const kinds = server.events.map((event) => event.kind);
		assert.ok(kinds.includes('protocol-error'), 'garbage is reported');
		assert.ok(kinds.includes('truncated-frame'), 'truncated frame is reported');
		assert.equal(server.log.all('users.getUsers').at(-1)?.outcome, 'answered');

		const healthy = plainClient(session, API_ID, API_HASH, server.port);
		t.after(() => healthy.destroy());
		await withTimeout(healthy.connect(), 5000, 'connect after abuse');
		await withTimeout(healthy.invoke(getSelf()), 5000, 'request after abuse');
	});

	it('keeps an idle connection alive across the client\'s ping interval', async (t) => {
		const { server, session } = await startCoreServer();
		t.after(() => server.close());
		const client = plainClient(session, API_ID, API_HASH, server.port);
		t.after(() => client.destroy());
		await client.connect();
		// GramJS pings every 9 s (PING_INTERVAL in telegram/client/updates.js): wait for that pong, not a fixed time.
		const pingedBy = Date.now() + 20_000;
		while (server.stats.pongs === 0 && Date.now() < pingedBy) await sleep(100);
		assert.ok(server.stats.pongs >= 1, `pongs answered: ${server.stats.pongs}`);
		assert.equal(server.stats.connections, 1, 'no reconnect happened');
		await withTimeout(client.invoke(getSelf()), 5000, 'request after idling');
	});

	it('pushes unasked updates to the account\'s connected clients', async (t) => {
		const { server, session } = await startCoreServer();
		t.after(() => server.close());
		const client = plainClient(session, API_ID, API_HASH, server.port);
		t.after(() => client.destroy());
		await client.connect();
		const received = new Promise<unknown>((resolve) => client.addEventHandler(resolve));
		await client.invoke(getSelf());
		server.pushToAccount(ACCOUNT_ID, new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: 1 }));
		const update = await withTimeout(received, 5000, 'pushed update');
		assert.equal((update as { className: string }).className, 'UpdateLoginToken');
	});
});
