import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { credentialTestMessage } from '../../../../nodes/TelegramGroupCall/methods/credentialTest';
import { chatReference } from '../../../../nodes/TelegramGroupCall/methods/listSearch';
import { parseCallReference } from '../../../../nodes/TelegramGroupCall/input/parseCallReference';
import { TelegramError } from '../../../../nodes/TelegramGroupCall/transport/telegramError';

describe('credential test messages', () => {
	it('says what is wrong and what to do, with the code', () => {
		const revoked = credentialTestMessage(new TelegramError({ code: 'SESSION_REVOKED', httpCode: 401, method: 'connect' }));
		assert.match(revoked, /revoked/);
		assert.match(revoked, /npx -p n8n-nodes-telegram-group-call tg-group-call login/);
		assert.match(revoked, /\[SESSION_REVOKED\]/);
		const apiId = credentialTestMessage(new TelegramError({ code: 'API_ID_INVALID', httpCode: 400, method: 'connect' }));
		assert.match(apiId, /API ID/);
		const unreachable = credentialTestMessage(
			new TelegramError({ code: 'SERVER_UNREACHABLE', httpCode: null, method: 'connect', detail: 'could not reach 127.0.0.1:1' }),
		);
		assert.match(unreachable, /Could not connect.*Detail: could not reach 127\.0\.0\.1:1\./);
		assert.match(credentialTestMessage(new TelegramError({ code: 'TIMEOUT', httpCode: null, method: 'connect' })), /did not answer in time/);
	});

	it('does not repeat an unexpected error message, which could carry anything', () => {
		const message = credentialTestMessage(new RangeError('secret-session-value'));
		assert.doesNotMatch(message, /secret-session-value/);
		assert.match(message, /RangeError/);
	});
});

describe('list search values', () => {
	it('names chats so that the Call parameter finds their current call', () => {
		const cases = [
			chatReference({ kind: 'channel', id: '2001', accessHash: '8001', title: 'Demo', username: 'demo_group' }),
			chatReference({ kind: 'channel', id: '2007', accessHash: '8007', title: 'Private' }),
			chatReference({ kind: 'chat', id: '2002', title: 'Basic' }),
		];
		assert.deepEqual(cases, ['@demo_group', '-1000000002007', '-2002']);
		assert.deepEqual(
			cases.slice(1).map((value) => {
				const parsed = parseCallReference(value);
				return parsed.ok ? parsed.reference.key : parsed.reason;
			}),
			['channel:2007', 'chat:2002'],
			'read back as the same chat',
		);
		for (const value of cases) assert.ok(parseCallReference(value).ok, value);
	});
});
