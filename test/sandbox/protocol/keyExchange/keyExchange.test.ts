import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { describe, it } from 'node:test';

import bigInt from 'big-integer';
import { Api } from 'telegram';
import { _serverKeys } from 'telegram/crypto/RSA';
import { crc32 } from 'telegram/Helpers';

import { startSandbox } from '../../../../sandbox';
import { KeyExchange, KeyExchangeFailure } from '../../../../sandbox/protocol/keyExchange/keyExchange';
import { rsaFingerprint, SANDBOX_RSA_FINGERPRINT } from '../../../../sandbox/protocol/keyExchange/sandboxRsaKey';
import { freshClient } from '../../login/support/freshClient';
import { withTimeout } from '../../support/plainClient';

describe('the sandbox auth key exchange', () => {
	it('computes Telegram RSA key fingerprints the way Telegram does (checked against the keys GramJS ships)', () => {
		const telegramKeys = [..._serverKeys.entries()].filter(([fingerprint]) => fingerprint !== SANDBOX_RSA_FINGERPRINT);
		assert.ok(telegramKeys.length >= 2);
		for (const [fingerprint, key] of telegramKeys) {
			const n = Buffer.from(bigInt(key.n).toString(16).padStart(512, '0'), 'hex');
			assert.equal(rsaFingerprint({ n, e: key.e }), fingerprint);
		}
	});

	it('agrees a new key with an unmodified GramJS client; the key works only for login methods until a login', async (t) => {
		const sandbox = await startSandbox({ port: 0 });
		t.after(() => sandbox.stop());
		const client = freshClient(sandbox);
		t.after(() => client.destroy());

		assert.equal(await withTimeout(client.connect(), 10_000, 'connect'), true);
		assert.ok(sandbox.events.some((event) => event.kind === 'key-agreed'));
		assert.equal(client.session.getAuthKey()?.getKey()?.length, 256);

		// help.getConfig (sent by connect) is answered; anything else is 401 until the key is logged in.
		assert.deepEqual(sandbox.requests('help.getConfig').map((entry) => entry.outcome), ['answered']);
		await assert.rejects(withTimeout(client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })), 5000, 'getUsers'), /401: AUTH_KEY_UNREGISTERED/);
		await assert.rejects(withTimeout(client.invoke(new Api.updates.GetState()), 5000, 'getState'), /401: AUTH_KEY_UNREGISTERED/);
		// Nor may it read the 2FA settings before the code step.
		await assert.rejects(withTimeout(client.invoke(new Api.account.GetPassword()), 5000, 'getPassword'), /401: AUTH_KEY_UNREGISTERED/);
		const entry = sandbox.requests('users.getUsers')[0];
		assert.equal(entry.accountId, '', 'the request log shows no account for a key that is not logged in');
	});

	it('refuses a key exchange with the wrong RSA key fingerprint or out of order', () => {
		const exchange = new KeyExchange();
		const reqPqMulti = Buffer.concat([Buffer.from('f18e7ebe', 'hex'), Buffer.alloc(16, 1)]);
		const resPq = exchange.handle(reqPqMulti).answer;
		assert.equal(resPq.readUInt32LE(0), 0x05162463);
		assert.deepEqual(resPq.subarray(4, 20), Buffer.alloc(16, 1), 'resPQ repeats the nonce');

		const setClientDhParams = Buffer.concat([Buffer.from('1f5f04f5', 'hex'), Buffer.alloc(32), Buffer.from([16]), Buffer.alloc(16), Buffer.alloc(3)]);
		assert.throws(() => new KeyExchange().handle(setClientDhParams), KeyExchangeFailure);
		assert.throws(() => exchange.handle(Buffer.from('00000000', 'hex')), KeyExchangeFailure);
	});

	it('answers a broken exchange with transport error -404 and closes, as Telegram does', async (t) => {
		const sandbox = await startSandbox({ port: 0 });
		t.after(() => sandbox.stop());
		const socket = createConnection(sandbox.port, sandbox.host);
		t.after(() => socket.destroy());
		socket.on('error', () => undefined);
		// TCP full frame: length, seq, unencrypted message (auth_key_id 0, msg_id, length, body), crc32.
		const body = Buffer.from('deadbeef', 'hex');
		const message = Buffer.concat([Buffer.alloc(8), Buffer.from('0100000000000068', 'hex'), Buffer.from([4, 0, 0, 0]), body]);
		const frame = Buffer.alloc(12 + message.length);
		frame.writeInt32LE(frame.length, 0);
		frame.writeInt32LE(0, 4);
		message.copy(frame, 8);
		frame.writeUInt32LE(crc32(frame.subarray(0, frame.length - 4)), frame.length - 4);
		const received: Buffer[] = [];
		socket.on('data', (chunk: Buffer) => received.push(chunk));
		socket.write(frame);
		await withTimeout(new Promise((resolve) => socket.on('close', resolve)), 5000, 'close');
		const answer = Buffer.concat(received);
		assert.equal(answer.readInt32LE(8), -404);
		assert.ok(sandbox.events.some((event) => event.kind === 'unknown-auth-key' && /not part of a key exchange/.test(event.message)));
	});
});
