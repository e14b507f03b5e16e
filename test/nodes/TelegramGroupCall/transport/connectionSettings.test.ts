import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
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
			[{ ...base, proxyType: 'mtproxy', proxyHost: 'h', proxyPort: 1, proxySecret: `ee${TEST_API_HASH}6578616d706c652e636f6d` }, /fake-TLS/, 'INVALID_CREDENTIALS'],
		];
		for (const [data, pattern, code] of cases) {
			const error = failure(data);
			assert.equal(error.code, code);
			assert.match(error.message, pattern);
			assert.ok(!error.message.includes(SESSION) && !error.message.includes('secret-but-wrong'), error.message);
		}
	});
});

/** A session as `tg-group-call login` prints it: "1" + base64(dc | address length | address | port | 256-byte key). */
function sessionLike(): string {
	const address = Buffer.from('149.154.167.51');
	const header = Buffer.alloc(3);
	header.writeUInt8(2, 0);
	header.writeInt16BE(address.length, 1);
	const port = Buffer.alloc(2);
	port.writeInt16BE(443, 0);
	return '1' + Buffer.concat([header, address, port, randomBytes(256)]).toString('base64');
}

/** Every run of 8 characters of `value` that appears in `text`: none may, or the value leaks piece by piece. */
function piecesIn(text: string, value: string): string[] {
	const pieces: string[] = [];
	for (let start = 0; start + 8 <= value.length; start++) if (text.includes(value.slice(start, start + 8))) pieces.push(value.slice(start, start + 8));
	return pieces;
}

/** Each text field of the form, by its name on the form, with the other fields it needs to be read at all. */
const FIELDS: Array<{ name: string; label: string; context?: Record<string, unknown> }> = [
	{ name: 'apiId', label: 'API ID' },
	{ name: 'apiHash', label: 'API Hash' },
	{ name: 'session', label: 'Session' },
	{ name: 'server', label: 'Server' },
	{ name: 'proxyHost', label: 'Proxy Host', context: { proxyType: 'socks5', proxyPort: 1080 } },
	{ name: 'proxyPort', label: 'Proxy Port', context: { proxyType: 'socks5', proxyHost: 'proxy.local' } },
	{ name: 'proxyUsername', label: 'Proxy Username', context: { proxyType: 'socks5', proxyHost: 'proxy.local', proxyPort: 1080 } },
	{ name: 'proxyPassword', label: 'Proxy Password', context: { proxyType: 'socks5', proxyHost: 'proxy.local', proxyPort: 1080 } },
	{ name: 'proxySecret', label: 'Proxy Secret', context: { proxyType: 'mtproxy', proxyHost: 'mt.local', proxyPort: 443 } },
	{ name: 'timeout', label: 'Timeout (Seconds)' },
];

describe('a secret pasted into the wrong field', () => {
	// Another credential's values: what a person copies by mistake.
	const pasted = { session: sessionLike(), apiHash: 'fedcba9876543210fedcba9876543210' };
	// Fields whose shape the value really has: accepted, and then never put in a message by the transport either.
	const fits = new Set(['session:session', 'apiHash:apiHash', 'apiHash:proxySecret', 'apiHash:proxyUsername', 'apiHash:proxyPassword']);

	for (const [kind, secret] of Object.entries(pasted)) {
		for (const field of FIELDS) {
			for (const value of field.name === 'server' || field.name === 'proxyHost' ? [secret, `${secret}:443`] : [secret]) {
				it(`${kind}${value === secret ? '' : ' + ":443"'} in ${field.label}: named field and shape, no part of the value`, () => {
					const data = { ...base, ...field.context, [field.name]: value };
					if (fits.has(`${kind}:${field.name}`)) {
						assert.doesNotThrow(() => readConnectionSettings(data as never));
						return;
					}
					const error = failure(data);
					assert.ok(error.message.includes(field.label), `"${error.message}" does not name ${field.label}`);
					assert.match(error.message, /must|is empty/, 'the message says what the field needs');
					assert.deepEqual(piecesIn(`${error.message} ${error.detail ?? ''}`, value), [], error.message);
				});
			}
		}
	}
});

describe('API ID and Timeout: exactly the values the form means', () => {
	it('takes the API ID as a decimal whole number, from a number or digits with spaces around', () => {
		for (const apiId of [12345, '12345', ' 12345 ', 2_147_483_647]) assert.equal(readConnectionSettings({ ...base, apiId }).apiId, Number(apiId));
	});

	it('refuses an API ID in hex, with an exponent, a sign, a fraction, zero, or beyond 32 bits, naming the field', () => {
		for (const apiId of ['0x3039', '1.2345e4', '12345.0', '+12345', '-12345', '12 345', 0, 1.5, -1, 2_147_483_648, Number.NaN, '', true, null]) {
			const error = failure({ ...base, apiId });
			assert.equal(error.code, 'INVALID_CREDENTIALS');
			assert.match(error.message, /API ID must be the whole number shown at https:\/\/my\.telegram\.org/, String(apiId));
		}
	});

	it('takes a timeout from 1 to 600 seconds, and 30 when the field is empty', () => {
		const cases: Array<[unknown, number]> = [[1, 1000], [600, 600_000], [2.5, 2500], ['45', 45_000], [' 600 ', 600_000], [undefined, 30_000], ['', 30_000], [null, 30_000]];
		for (const [timeout, ms] of cases) assert.equal(readConnectionSettings({ ...base, timeout } as never).timeoutMs, ms, String(timeout));
	});

	it('refuses a timeout outside 1 to 600 seconds (2,147,484 s would overflow setTimeout and fire at once), naming the field', () => {
		for (const timeout of [2_147_484, 601, 0.0001, 0.999, 0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1e3', '0x10', 'soon']) {
			const error = failure({ ...base, timeout });
			assert.equal(error.code, 'INVALID_CREDENTIALS');
			assert.match(error.message, /Timeout \(Seconds\) must be a number of seconds from 1 to 600/, String(timeout));
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
