import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseUserTokens, type UserToken } from '../../../../nodes/TelegramGroupCall/helpers/parseUserTokens';

function kinds(tokens: UserToken[]): string[] {
	return tokens.map((token) => {
		switch (token.kind) {
			case 'username':
				return `username:${token.username}`;
			case 'id':
				return `id:${token.userId}`;
			case 'phone':
				return `phone:${token.phone}`;
			case 'duplicate':
				return `duplicate:${token.firstIndex}`;
			case 'invalid':
				return 'invalid';
		}
	});
}

describe('parseUserTokens', () => {
	it('splits text on commas, semicolons, spaces and new lines, keeping input order', () => {
		const tokens = parseUserTokens('@alice, bobby;carol\n\n  123456789\t+15550001001');
		assert.deepEqual(kinds(tokens), ['username:alice', 'username:bobby', 'username:carol', 'id:123456789', 'phone:15550001001']);
		assert.deepEqual(
			tokens.map((token) => token.input),
			['@alice', 'bobby', 'carol', '123456789', '+15550001001'],
		);
	});

	it('accepts t.me and tg:// links to users', () => {
		const tokens = parseUserTokens([
			'https://t.me/Alice_1',
			't.me/bob_two',
			'http://telegram.me/carol',
			'tg://resolve?domain=dave_d',
			'tg://user?id=42',
		]);
		assert.deepEqual(kinds(tokens), ['username:alice_1', 'username:bob_two', 'username:carol', 'username:dave_d', 'id:42']);
	});

	it('flattens arrays (also nested, with numbers and bigints) as an expression may give them', () => {
		const tokens = parseUserTokens(['@a_user', ['b_user c_user'], 77, 9007199254740993n, null]);
		assert.deepEqual(kinds(tokens), ['username:a_user', 'username:b_user', 'username:c_user', 'id:77', 'id:9007199254740993']);
	});

	it('keeps 64-bit ids given as text exact', () => {
		const [token] = parseUserTokens('9223372036854775807');
		assert.equal(token.kind, 'id');
		assert.equal(token.kind === 'id' && token.userId, '9223372036854775807');
	});

	it('rejects a JS number that already lost digits instead of guessing another user', () => {
		const [token] = parseUserTokens(2 ** 60);
		assert.equal(token.kind, 'invalid');
		assert.match(token.kind === 'invalid' ? token.reason : '', /lost digits/);
	});

	it('normalises phone numbers and rejects malformed ones', () => {
		assert.deepEqual(kinds(parseUserTokens('+1-555-(000)-1001 +12 +1234567890123456')), ['phone:15550001001', 'invalid', 'invalid']);
	});

	it('marks the second and later occurrences of the same reference as DUPLICATE_IN_INPUT', () => {
		const tokens = parseUserTokens('@Alice alice https://t.me/ALICE 0042 42 +15550001001 +1-555-000-1001');
		assert.deepEqual(kinds(tokens), [
			'username:alice',
			'duplicate:0',
			'duplicate:0',
			'id:42',
			'duplicate:3',
			'phone:15550001001',
			'duplicate:5',
		]);
		const duplicate = tokens[1];
		assert.equal(duplicate.kind === 'duplicate' && duplicate.code, 'DUPLICATE_IN_INPUT');
	});

	it('classifies everything else as INVALID_USER_REFERENCE with a reason', () => {
		const inputs = ['@a', '-100123', '0', 'https://t.me/+AbCdEf', 'https://t.me/demo_group?videochat', 'hello!', '@1abc', { id: 5 }];
		const tokens = parseUserTokens(inputs);
		assert.equal(tokens.length, inputs.length);
		for (const token of tokens) {
			assert.equal(token.kind, 'invalid', `expected ${token.input} to be invalid`);
			assert.equal(token.kind === 'invalid' && token.code, 'INVALID_USER_REFERENCE');
			assert.ok(token.kind === 'invalid' && token.reason.length > 0);
		}
	});

	it('gives no tokens for empty input', () => {
		assert.deepEqual(parseUserTokens(''), []);
		assert.deepEqual(parseUserTokens(' ,\n '), []);
		assert.deepEqual(parseUserTokens(undefined), []);
		assert.deepEqual(parseUserTokens([]), []);
	});
});
