import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Api, type TelegramClient } from 'telegram';
import { computeCheck } from 'telegram/Password';

import type { Sandbox } from '../../../sandbox';
import { defaultWorld } from '../../../sandbox/world/defaultWorld';
import { withTimeout } from '../support/plainClient';
import { call, connected, freshClient } from './support/freshClient';

const PHONE = '15550001000';

function sendCode(sandbox: Sandbox, phoneNumber = PHONE, apiHash = sandbox.world.apiHash): Api.auth.SendCode {
	return new Api.auth.SendCode({ phoneNumber, apiId: sandbox.world.apiId, apiHash, settings: new Api.CodeSettings({}) });
}

async function codeSent(client: TelegramClient, sandbox: Sandbox, phoneNumber = PHONE): Promise<Api.auth.SentCode> {
	const sent = await call(client, sendCode(sandbox, phoneNumber));
	assert.ok(sent instanceof Api.auth.SentCode);
	return sent;
}

const noPassword = (): ReturnType<typeof defaultWorld> => {
	const world = defaultWorld();
	delete world.me.password;
	delete world.me.passwordHint;
	return world;
};

describe('sandbox login by phone code (auth.sendCode, resendCode, signIn, signUp)', () => {
	it('sends the code to the app, then by SMS, then has no other way; signIn logs the key in', async (t) => {
		const { sandbox, client } = await connected(t, noPassword());
		const sent = await codeSent(client, sandbox, '+1 555 000-1000');
		assert.ok(sent.type instanceof Api.auth.SentCodeTypeApp);
		assert.equal(sent.type.length, 5);
		assert.ok(sent.nextType instanceof Api.auth.CodeTypeSms);

		const resent = await call(client, new Api.auth.ResendCode({ phoneNumber: PHONE, phoneCodeHash: sent.phoneCodeHash }));
		assert.ok(resent instanceof Api.auth.SentCode && resent.type instanceof Api.auth.SentCodeTypeSms);
		await assert.rejects(call(client, new Api.auth.ResendCode({ phoneNumber: PHONE, phoneCodeHash: sent.phoneCodeHash })), /406: SEND_CODE_UNAVAILABLE/);

		await assert.rejects(call(client, new Api.auth.SignIn({ phoneNumber: PHONE, phoneCodeHash: sent.phoneCodeHash, phoneCode: '00000' })), /400: PHONE_CODE_INVALID/);
		const authorization = await call(client, new Api.auth.SignIn({ phoneNumber: PHONE, phoneCodeHash: sent.phoneCodeHash, phoneCode: '12345' }));
		assert.ok(authorization instanceof Api.auth.Authorization);
		assert.equal(authorization.user.id.toString(), '1000');

		// The key is logged in now: every method works, and the request log names the account.
		const me = await call(client, new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
		assert.equal((me[0] as Api.User).username, 'ops_owner');
		assert.equal(sandbox.requests('users.getUsers').at(-1)?.accountId, '1000');
		// A used code is gone.
		await assert.rejects(call(client, new Api.auth.SignIn({ phoneNumber: PHONE, phoneCodeHash: sent.phoneCodeHash, phoneCode: '12345' })), /PHONE_CODE_EXPIRED/);
	});

	it('refuses a wrong API ID/hash, a malformed phone, an expired code and a code hash of another key', async (t) => {
		const { sandbox, client } = await connected(t);
		await assert.rejects(call(client, sendCode(sandbox, PHONE, 'f'.repeat(32))), /400: API_ID_INVALID/);
		await assert.rejects(call(client, sendCode(sandbox, '12')), /400: PHONE_NUMBER_INVALID/);
		await assert.rejects(call(client, sendCode(sandbox, 'call me')), /400: PHONE_NUMBER_INVALID/);

		const sent = await codeSent(client, sandbox);
		const other = freshClient(sandbox);
		t.after(() => other.destroy());
		await withTimeout(other.connect(), 10_000, 'connect');
		await assert.rejects(call(other, new Api.auth.SignIn({ phoneNumber: PHONE, phoneCodeHash: sent.phoneCodeHash, phoneCode: '12345' })), /PHONE_CODE_EXPIRED/);

		sandbox.expireLoginCodes();
		await assert.rejects(call(client, new Api.auth.SignIn({ phoneNumber: PHONE, phoneCodeHash: sent.phoneCodeHash, phoneCode: '12345' })), /400: PHONE_CODE_EXPIRED/);
		await assert.rejects(call(client, new Api.auth.ResendCode({ phoneNumber: PHONE, phoneCodeHash: sent.phoneCodeHash })), /400: PHONE_CODE_EXPIRED/);
	});

	it('answers "sign-up required" for a number without an account, and refuses to sign it up', async (t) => {
		const { sandbox, client } = await connected(t);
		const sent = await codeSent(client, sandbox, '15550009999');
		assert.ok(sent.type instanceof Api.auth.SentCodeTypeSms, 'a new number gets its code by SMS');
		const answer = await call(client, new Api.auth.SignIn({ phoneNumber: '15550009999', phoneCodeHash: sent.phoneCodeHash, phoneCode: '12345' }));
		assert.ok(answer instanceof Api.auth.AuthorizationSignUpRequired);
		await assert.rejects(
			call(client, new Api.auth.SignUp({ phoneNumber: '15550009999', phoneCodeHash: sent.phoneCodeHash, firstName: 'New', lastName: '' })),
			/403: SIGN_UP_UNSUPPORTED_IN_SANDBOX/,
		);
		const mine = await codeSent(client, sandbox);
		await assert.rejects(call(client, new Api.auth.SignUp({ phoneNumber: PHONE, phoneCodeHash: mine.phoneCodeHash, firstName: 'X', lastName: '' })), /PHONE_NUMBER_OCCUPIED/);
	});

	it('asks for the 2FA password with real SRP: the hint, a wrong password, a stale challenge, then the right one', async (t) => {
		const { sandbox, client } = await connected(t);
		const sent = await codeSent(client, sandbox);
		await assert.rejects(call(client, new Api.auth.SignIn({ phoneNumber: PHONE, phoneCodeHash: sent.phoneCodeHash, phoneCode: '12345' })), /401: SESSION_PASSWORD_NEEDED/);
		// Still not logged in.
		await assert.rejects(call(client, new Api.updates.GetState()), /401: AUTH_KEY_UNREGISTERED/);

		const settings = await call(client, new Api.account.GetPassword());
		assert.equal(settings.hasPassword, true);
		assert.equal(settings.hint, 'the usual one');
		assert.ok(settings.currentAlgo instanceof Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow);
		assert.equal(settings.currentAlgo.g, 3);
		assert.equal(settings.srp_B?.length, 256);

		await assert.rejects(call(client, new Api.auth.CheckPassword({ password: await computeCheck(settings, 'hunter3') })), /400: PASSWORD_HASH_INVALID/);
		// One proof per challenge: the same challenge again is stale even with the right password.
		await assert.rejects(call(client, new Api.auth.CheckPassword({ password: await computeCheck(settings, 'hunter2') })), /400: SRP_ID_INVALID/);
		await assert.rejects(call(client, new Api.auth.CheckPassword({ password: new Api.InputCheckPasswordEmpty() })), /PASSWORD_HASH_INVALID/);

		const fresh = await call(client, new Api.account.GetPassword());
		const authorization = await call(client, new Api.auth.CheckPassword({ password: await computeCheck(fresh, 'hunter2') }));
		assert.ok(authorization instanceof Api.auth.Authorization);
		assert.equal(authorization.user.id.toString(), '1000');
		assert.ok(await call(client, new Api.updates.GetState()));
	});

	it('answers account.getPassword without a current algorithm for an account without 2FA', async (t) => {
		const { sandbox, client } = await connected(t, noPassword());
		const sent = await codeSent(client, sandbox);
		await call(client, new Api.auth.SignIn({ phoneNumber: PHONE, phoneCodeHash: sent.phoneCodeHash, phoneCode: '12345' }));
		const settings = await call(client, new Api.account.GetPassword());
		assert.equal(settings.hasPassword, false);
		assert.equal(settings.currentAlgo, null);
	});

	it('ends a session made by a login, too, when the account sessions are revoked', async (t) => {
		const { sandbox, client } = await connected(t, noPassword());
		const sent = await codeSent(client, sandbox);
		await call(client, new Api.auth.SignIn({ phoneNumber: PHONE, phoneCodeHash: sent.phoneCodeHash, phoneCode: '12345' }));
		sandbox.revokeSession();
		await assert.rejects(call(client, new Api.updates.GetState()), /401: SESSION_REVOKED/);
	});
});
