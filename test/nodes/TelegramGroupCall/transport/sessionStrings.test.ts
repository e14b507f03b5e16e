/**
 * A Session field that holds no usable login fails at once with INVALID_SESSION, saying why, before anything is
 * sent: GramJS would otherwise connect without a key or throw its own message. The session never appears in it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { encodeStringSession } from '../../../../gramjs/stringSession';
import { isTelegramError } from '../../../../nodes/TelegramGroupCall/transport';
import { readConnectionSettings } from '../../../../nodes/TelegramGroupCall/transport/connectionSettings';
import { connectTelegram } from '../../../../nodes/TelegramGroupCall/transport/gramjs/telegramConnection';
import { TEST_API_HASH, TEST_API_ID } from '../../../support/worldBuilder';
import { rejection } from '../support/rejection';

/** Port 1 on loopback: nothing listens there, so a connect attempt would fail with SERVER_UNREACHABLE instead. */
async function connectWith(session: string): Promise<unknown> {
	const settings = readConnectionSettings({ apiId: TEST_API_ID, apiHash: TEST_API_HASH, session, server: '127.0.0.1:1', timeout: 5 });
	return rejection(connectTelegram(settings));
}

describe('connecting with a session that holds no login', () => {
	const cases: Array<[string, string, RegExp]> = [
		['a session string cut short (three bytes)', '1AAAA', /cannot be decoded/],
		['a session string without an auth key', encodeStringSession(2, '127.0.0.1', 443, Buffer.alloc(0)), /no server address or auth key/],
	];
	for (const [what, session, detail] of cases) {
		it(`fails with INVALID_SESSION for ${what}, without the session in the error`, async () => {
			const error = await connectWith(session);
			assert.ok(isTelegramError(error), `expected a TelegramError, got ${String(error)}`);
			assert.equal(error.code, 'INVALID_SESSION');
			assert.equal(error.method, 'credentials');
			assert.match(error.detail ?? '', detail);
			assert.ok(!JSON.stringify({ ...error, message: error.message }).includes(session));
		});
	}
});
