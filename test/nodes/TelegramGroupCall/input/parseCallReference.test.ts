import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { botApiChatId, parseCallReference, type CallReference } from '../../../../nodes/TelegramGroupCall/input/parseCallReference';

function parsed(value: unknown): CallReference {
	const result = parseCallReference(value);
	assert.ok(result.ok, `expected ${String(value)} to parse: ${result.ok ? '' : result.reason}`);
	return result.reference;
}

describe('parseCallReference', () => {
	it('reads a chat by @name, name and t.me link, case-insensitively', () => {
		for (const input of ['@Demo_Group', 'demo_group', 'https://t.me/demo_group', 't.me/demo_group/', 'https://telegram.me/@demo_group']) {
			assert.deepEqual(parsed(input), { kind: 'chatUsername', key: 'username:demo_group', username: 'demo_group' });
		}
	});

	it('reads call links with or without a hash, with the same key as the chat', () => {
		assert.deepEqual(parsed('https://t.me/demo_group?videochat'), {
			kind: 'chatUsername',
			key: 'username:demo_group',
			username: 'demo_group',
			linkType: 'videochat',
		});
		assert.equal(parsed('t.me/demo_group?voicechat=abc123').kind, 'chatUsername');
		const livestream = parsed('https://t.me/demo_group?livestream=xyz');
		assert.equal(livestream.kind === 'chatUsername' && livestream.linkType, 'livestream');
		assert.equal(parsed('tg://resolve?domain=demo_group&videochat').key, 'username:demo_group');
	});

	it('reads numeric chat ids in Bot API and bare forms', () => {
		assert.deepEqual(parsed('-1001234567890'), { kind: 'chatId', key: 'channel:1234567890', chatId: '1234567890', chatKind: 'channel' });
		assert.deepEqual(parsed('-4567'), { kind: 'chatId', key: 'chat:4567', chatId: '4567', chatKind: 'chat' });
		assert.deepEqual(parsed('2001'), { kind: 'chatId', key: 'anychat:2001', chatId: '2001', chatKind: 'unknown' });
		assert.deepEqual(parsed(2001), { kind: 'chatId', key: 'anychat:2001', chatId: '2001', chatKind: 'unknown' });
		assert.deepEqual(parsed('https://t.me/c/1234567890/55'), {
			kind: 'chatId',
			key: 'channel:1234567890',
			chatId: '1234567890',
			chatKind: 'channel',
		});
	});

	it('reads numeric ids by value with the Bot API rule, never by their text', () => {
		assert.deepEqual(parsed('-1002001'), { kind: 'chatId', key: 'chat:1002001', chatId: '1002001', chatKind: 'chat' }, 'a basic group, not channel 2001');
		assert.deepEqual(parsed(-1002001), { kind: 'chatId', key: 'chat:1002001', chatId: '1002001', chatKind: 'chat' });
		assert.deepEqual(parsed('-999999999999').key, 'chat:999999999999');
		assert.deepEqual(parsed('-1000000002001'), { kind: 'chatId', key: 'channel:2001', chatId: '2001', chatKind: 'channel' });
		assert.deepEqual(parsed(-1000000002001).key, 'channel:2001');
		assert.deepEqual(parsed('-1997852516351').key, 'channel:997852516351', 'the largest channel id');
		for (const outside of ['-1000000000000', '-1997852516352', '-2000000000001']) {
			const result = parseCallReference(outside);
			assert.ok(!result.ok && /not a group or channel id/.test(result.reason), outside);
		}
	});

	it('writes Bot API ids that it reads back as the same chat', () => {
		for (const [kind, id] of [['channel', '2001'], ['channel', '1234567890'], ['chat', '1002001'], ['chat', '5']] as const) {
			assert.equal(parsed(botApiChatId(kind, id)).key, `${kind}:${id}`);
		}
	});

	it('says the Call is empty when it is, also when an expression gave nothing', () => {
		for (const value of ['', '  ', null, undefined]) {
			const result = parseCallReference(value);
			assert.ok(!result.ok && /the Call parameter is empty \(or its expression gave nothing\)/.test(result.reason), String(value));
		}
	});

	it('says why a JS number cannot be a chat id', () => {
		const reasons = [2001.5, Number.NaN, Number.POSITIVE_INFINITY, -(2 ** 60)].map((value) => {
			const result = parseCallReference(value);
			return result.ok ? 'ok' : result.reason;
		});
		assert.match(reasons[0], /2001\.5 is not a whole number, so it is no chat id/);
		assert.match(reasons[1], /NaN is not a number/);
		assert.match(reasons[2], /Infinity is no chat id/);
		assert.match(reasons[3], /lost digits/);
	});

	it('reads "<callId>:<accessHash>" and { id, accessHash } with 64-bit values kept exact', () => {
		assert.deepEqual(parsed('9223372036854775807:-9223372036854775808'), {
			kind: 'callId',
			key: 'call:9223372036854775807',
			callId: '9223372036854775807',
			accessHash: '-9223372036854775808',
		});
		assert.deepEqual(parsed(' 3001 : 9001 '), { kind: 'callId', key: 'call:3001', callId: '3001', accessHash: '9001' });
		assert.deepEqual(parsed({ id: '3001', accessHash: '-5' }), { kind: 'callId', key: 'call:3001', callId: '3001', accessHash: '-5' });
	});

	it('rejects what it cannot use, with INVALID_CALL_REFERENCE and a reason', () => {
		const bad: unknown[] = [
			'',
			'   ',
			'@ab',
			'https://t.me/+AbCdEf',
			'tg://user?id=5',
			'9223372036854775808:1',
			'0',
			'hello world',
			{ id: 3001, accessHash: 9001 },
			2 ** 60,
			true,
			undefined,
		];
		for (const value of bad) {
			const result = parseCallReference(value);
			assert.equal(result.ok, false, `expected ${String(value)} to be rejected`);
			assert.ok(!result.ok && result.code === 'INVALID_CALL_REFERENCE' && result.reason.length > 0);
		}
	});
});
