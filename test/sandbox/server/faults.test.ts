import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { errors } from 'telegram';

import { API_HASH, API_ID, getContacts, startCoreServer } from '../support/coreServer';
import { plainClient, withTimeout } from '../support/plainClient';

describe('sandbox faults keyed to the n-th call of a method', () => {
	it('answers FLOOD_WAIT_X on the planned call only', async (t) => {
		const { server, session, behaviour, handled } = await startCoreServer();
		t.after(() => server.close());
		behaviour.faults.push({ method: 'contacts.getContacts', call: 2, action: 'floodWait', seconds: 7 });
		const client = plainClient(session, API_ID, API_HASH, server.port);
		t.after(() => client.destroy());
		await client.connect();
		await client.invoke(getContacts());
		await assert.rejects(client.invoke(getContacts()), (error: unknown) => {
			assert.ok(error instanceof errors.FloodWaitError);
			assert.equal(error.seconds, 7);
			return true;
		});
		await client.invoke(getContacts());
		assert.equal(handled.get('contacts.getContacts'), 2, 'the flooded call was not applied');
		assert.deepEqual(server.log.all('contacts.getContacts').map((entry) => entry.fault ?? '-'), ['-', 'floodWait 7s', '-']);
	});

	it('answers a planned error', async (t) => {
		const { server, session, behaviour } = await startCoreServer();
		t.after(() => server.close());
		behaviour.faults.push({ method: 'contacts.getContacts', call: 1, action: 'error', code: 500, message: 'INTERNAL' });
		const client = plainClient(session, API_ID, API_HASH, server.port);
		t.after(() => client.destroy());
		await client.connect();
		await assert.rejects(client.invoke(getContacts()), /INTERNAL/);
	});

	it('never answers a hung call (the client must time out by itself)', async (t) => {
		const { server, session, behaviour, handled } = await startCoreServer();
		t.after(() => server.close());
		behaviour.faults.push({ method: 'contacts.getContacts', call: 1, action: 'hang' });
		const client = plainClient(session, API_ID, API_HASH, server.port);
		t.after(() => client.destroy());
		await client.connect();
		await assert.rejects(withTimeout(client.invoke(getContacts()), 800, 'hung call'), /no answer/);
		assert.equal(handled.get('contacts.getContacts'), undefined);
		assert.equal(server.log.all('contacts.getContacts')[0].outcome, 'hung');
	});

	it('drop before applying: the client reconnects, resends, and the call is applied once', async (t) => {
		const { server, session, behaviour, handled } = await startCoreServer();
		t.after(() => server.close());
		behaviour.faults.push({ method: 'contacts.getContacts', call: 1, action: 'drop', when: 'before' });
		const client = plainClient(session, API_ID, API_HASH, server.port, { retries: 3 });
		t.after(() => client.destroy());
		await client.connect();
		await withTimeout(client.invoke(getContacts()), 10_000, 'resent call');
		assert.equal(handled.get('contacts.getContacts'), 1);
		assert.deepEqual(server.log.all('contacts.getContacts').map((entry) => [entry.outcome, entry.applied]), [
			['dropped', false],
			['answered', true],
		]);
		assert.ok(server.stats.connections >= 2, 'the client reconnected');
	});

	it('drop after applying: the answer is lost and the client resends the same request', async (t) => {
		const { server, session, behaviour, handled } = await startCoreServer();
		t.after(() => server.close());
		behaviour.faults.push({ method: 'contacts.getContacts', call: 1, action: 'drop', when: 'after' });
		const client = plainClient(session, API_ID, API_HASH, server.port, { retries: 3 });
		t.after(() => client.destroy());
		await client.connect();
		await withTimeout(client.invoke(getContacts()), 10_000, 'resent call');
		assert.equal(handled.get('contacts.getContacts'), 2, 'a server without idempotency sees the request twice');
		assert.deepEqual(server.log.all('contacts.getContacts').map((entry) => [entry.outcome, entry.applied]), [
			['dropped', true],
			['answered', true],
		]);
	});

	it('stops and restarts its listener on the same port; the client comes back', async (t) => {
		const { server, session } = await startCoreServer();
		t.after(() => server.close());
		const client = plainClient(session, API_ID, API_HASH, server.port, { retries: 5 });
		t.after(() => client.destroy());
		await client.connect();
		const port = server.port;
		await server.close();
		assert.equal(server.isListening, false);
		await server.listen();
		assert.equal(server.port, port);
		await withTimeout(client.invoke(getContacts()), 10_000, 'call after restart');
	});
});
