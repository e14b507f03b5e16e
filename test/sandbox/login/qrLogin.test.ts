import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Api, type TelegramClient } from 'telegram';
import { Raw } from 'telegram/events';
import { computeCheck } from 'telegram/Password';

import { QrScanError, startSandbox, type Sandbox } from '../../../sandbox';
import { defaultWorld } from '../../../sandbox/world/defaultWorld';
import { withTimeout } from '../support/plainClient';
import { call, connected, freshClient } from './support/freshClient';

const exportToken = (sandbox: Sandbox): Api.auth.ExportLoginToken =>
	new Api.auth.ExportLoginToken({ apiId: sandbox.world.apiId, apiHash: sandbox.world.apiHash, exceptIds: [] });

function loginTokenUpdate(client: TelegramClient): Promise<void> {
	return new Promise((resolve) => client.addEventHandler((update: unknown) => update instanceof Api.UpdateLoginToken && resolve(), new Raw({})));
}

const isScanError = (reason: QrScanError['reason']) => (error: unknown) => error instanceof QrScanError && error.reason === reason;

describe('sandbox QR login (auth.exportLoginToken, importLoginToken, scanQrToken)', () => {
	it('shows a token, tells the client when it is scanned, then answers the login', async (t) => {
		const world = defaultWorld();
		delete world.me.password;
		delete world.me.passwordHint;
		const { sandbox, client } = await connected(t, world);
		const scanned = loginTokenUpdate(client);

		const before = Math.floor(Date.now() / 1000);
		const token = await call(client, exportToken(sandbox));
		assert.ok(token instanceof Api.auth.LoginToken);
		assert.ok(token.expires >= before + 29 && token.expires <= before + 31, 'a token lives 30 s, as on Telegram');
		// Not scanned yet: the same question gets a new token (the old one lapses).
		const newer = await call(client, exportToken(sandbox));
		assert.ok(newer instanceof Api.auth.LoginToken && !Buffer.from(newer.token).equals(Buffer.from(token.token)));
		assert.throws(() => sandbox.scanQrToken(Buffer.from(token.token)), isScanError('AUTH_TOKEN_EXPIRED'));

		sandbox.scanQrToken(`tg://login?token=${Buffer.from(newer.token).toString('base64url')}`);
		await withTimeout(scanned, 5000, 'updateLoginToken');
		assert.throws(() => sandbox.scanQrToken(Buffer.from(newer.token)), isScanError('AUTH_TOKEN_ALREADY_ACCEPTED'));

		const success = await call(client, exportToken(sandbox));
		assert.ok(success instanceof Api.auth.LoginTokenSuccess && success.authorization instanceof Api.auth.Authorization);
		assert.equal(success.authorization.user.id.toString(), '1000');
		assert.ok(await call(client, new Api.updates.GetState()), 'the key is logged in');
	});

	it('asks for the 2FA password after the scan when the account has one', async (t) => {
		const { sandbox, client } = await connected(t);
		const token = await call(client, exportToken(sandbox));
		assert.ok(token instanceof Api.auth.LoginToken);
		sandbox.scanQrToken(Buffer.from(token.token));
		await assert.rejects(call(client, exportToken(sandbox)), /401: SESSION_PASSWORD_NEEDED/);
		const settings = await call(client, new Api.account.GetPassword());
		const authorization = await call(client, new Api.auth.CheckPassword({ password: await computeCheck(settings, 'hunter2') }));
		assert.ok(authorization instanceof Api.auth.Authorization);
	});

	it('lets tokens expire, and knows no token it never issued', async (t) => {
		const sandbox = await startSandbox({ port: 0, login: { qrTokenSeconds: 0 } });
		t.after(() => sandbox.stop());
		const client = freshClient(sandbox);
		t.after(() => client.destroy());
		await withTimeout(client.connect(), 10_000, 'connect');
		const token = await call(client, exportToken(sandbox));
		assert.ok(token instanceof Api.auth.LoginToken);
		assert.throws(() => sandbox.scanQrToken(Buffer.from(token.token)), isScanError('AUTH_TOKEN_EXPIRED'));
		assert.throws(() => sandbox.scanQrToken(Buffer.alloc(32, 9)), isScanError('AUTH_TOKEN_INVALID'));
		await assert.rejects(call(client, new Api.auth.ImportLoginToken({ token: Buffer.alloc(32, 9) })), /400: AUTH_TOKEN_INVALID/);
		await assert.rejects(call(client, new Api.auth.ImportLoginToken({ token: Buffer.from(token.token) })), /400: AUTH_TOKEN_EXPIRED/);
		await assert.rejects(
			call(client, new Api.auth.ExportLoginToken({ apiId: 1, apiHash: 'f'.repeat(32), exceptIds: [] })),
			/400: API_ID_INVALID/,
		);
	});
});
