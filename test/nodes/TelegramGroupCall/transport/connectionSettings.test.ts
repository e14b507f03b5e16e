import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	readConnectionSettings,
	settingsFingerprint,
} from '../../../../nodes/TelegramGroupCall/transport/connectionSettings';
import { TelegramError } from '../../../../nodes/TelegramGroupCall/transport/telegramError';
import { TEST_API_HASH } from '../../../support/worldBuilder';

const SESSION = '1AQAOMTQ5LjE1NC4xNjcuNTEAUFAKEFAKEFAKE';
const base = { apiId: 12345, apiHash: TEST_API_HASH, session: SESSION };

function failure(data: Record<string, unknown>): TelegramError {
	try {
		readConnectionSettings(data as never);
	} catch (error) {
		assert.ok(error instanceof TelegramError);
		return error;
	}
	assert.fail('expected the credential to be rejected');
}

describe('readConnectionSettings', () => {
	it('reads the minimal credential with a 30 s default timeout', () => {
		assert.deepEqual(readConnectionSettings(base), {
			apiId: 12345,
			apiHash: TEST_API_HASH,
			session: SESSION,
			server: undefined,
			proxy: undefined,
			timeoutMs: 30_000,
		});
	});

	it('reads the server override, IPv6 included, a string API ID and a timeout', () => {
		const settings = readConnectionSettings({ ...base, apiId: '12345', server: ' 127.0.0.1:7447 ', timeout: 2.5 });
		assert.deepEqual(settings.server, { host: '127.0.0.1', port: 7447 });
		assert.equal(settings.apiId, 12345);
		assert.equal(settings.timeoutMs, 2500);
		assert.deepEqual(readConnectionSettings({ ...base, server: '[::1]:443' }).server, { host: '::1', port: 443 });
	});

	it('reads SOCKS5 and MTProxy settings', () => {
		const socks = readConnectionSettings({
			...base,
			proxyType: 'socks5',
			proxyHost: 'proxy.local',
			proxyPort: 1080,
			proxyUsername: 'u',
			proxyPassword: 'p',
		});
		assert.deepEqual(socks.proxy, { type: 'socks5', host: 'proxy.local', port: 1080, username: 'u', password: 'p' });
		const mtproxy = readConnectionSettings({
			...base,
			proxyType: 'mtproxy',
			proxyHost: 'mt.local',
			proxyPort: 443,
			proxySecret: 'dd0123456789abcdef0123456789abcdef',
		});
		assert.equal(mtproxy.proxy?.type, 'mtproxy');
	});

	it('names the field and what to do, never echoing a secret', () => {
		const cases: Array<[Record<string, unknown>, RegExp, string]> = [
			[{ ...base, apiId: 0 }, /API ID/, 'INVALID_CREDENTIALS'],
			[{ ...base, apiHash: 'secret-but-wrong' }, /API Hash/, 'INVALID_CREDENTIALS'],
			[{ ...base, session: '' }, /tg-group-call login/, 'INVALID_SESSION'],
			[{ ...base, server: 'localhost' }, /host:port/, 'INVALID_CREDENTIALS'],
			[{ ...base, server: 'localhost:70000' }, /port number/, 'INVALID_CREDENTIALS'],
			[{ ...base, proxyType: 'socks5', proxyHost: '', proxyPort: 1 }, /Proxy Host/, 'INVALID_CREDENTIALS'],
			[{ ...base, proxyType: 'mtproxy', proxyHost: 'h', proxyPort: 1, proxySecret: 'nothex' }, /Proxy Secret/, 'INVALID_CREDENTIALS'],
			[
				{ ...base, server: '127.0.0.1:1', proxyType: 'mtproxy', proxyHost: 'h', proxyPort: 1, proxySecret: TEST_API_HASH },
				/MTProxy/,
				'INVALID_CREDENTIALS',
			],
			[{ ...base, timeout: -1 }, /Timeout/, 'INVALID_CREDENTIALS'],
		];
		for (const [data, pattern, code] of cases) {
			const error = failure(data);
			assert.equal(error.code, code);
			assert.match(error.message, pattern);
			assert.ok(!error.message.includes(SESSION) && !error.message.includes('secret-but-wrong'), error.message);
		}
	});
});

describe('settingsFingerprint', () => {
	it('is stable for equal values, differs for any change, and does not contain the secrets', () => {
		const one = settingsFingerprint(readConnectionSettings(base));
		assert.equal(one, settingsFingerprint(readConnectionSettings({ ...base })));
		assert.notEqual(one, settingsFingerprint(readConnectionSettings({ ...base, server: '127.0.0.1:7447' })));
		assert.notEqual(one, settingsFingerprint(readConnectionSettings({ ...base, session: `${SESSION}A` })));
		assert.match(one, /^[0-9a-f]{64}$/);
	});
});
