import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseUserTokens, type UserToken } from '../../../../nodes/TelegramGroupCall/input/parseUserTokens';

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

	it('says why other JS numbers are no ids: fractions, NaN, infinities (not "too large")', () => {
		const reasons = parseUserTokens([1.5, -0.25, Number.NaN, Number.NEGATIVE_INFINITY, 2 ** 53 - 1]).map((token) =>
			token.kind === 'invalid' ? `${token.input}: ${token.reason}` : token.kind,
		);
		assert.match(reasons[0], /^1\.5: 1\.5 is not a whole number/);
		assert.match(reasons[1], /^-0\.25: -0\.25 is not a whole number/);
		assert.match(reasons[2], /^NaN: NaN is not a number/);
		assert.match(reasons[3], /^-Infinity: -Infinity is no user id/);
		assert.equal(reasons[4], 'id', '2^53 - 1 is still exact');
	});

	it('normalises phone numbers and rejects malformed ones', () => {
		assert.deepEqual(kinds(parseUserTokens('+1-555-(000)-1001 +12 +1234567890123456')), ['phone:15550001001', 'invalid', 'invalid']);
	});

	it('reads a phone written with spaces as one entry, in the spellings people use', () => {
		const spellings = [
			'+1 555 000 1001',
			'+1 (555) 000-1001',
			'+1.555.000.1001',
			'+1 555 000\u00a01001',
			'+ 1 555 000 1001',
			'001 555 000 1001',
			'+1 555–000–1001',
			'+1 555/000 1001',
		];
		for (const spelling of spellings) {
			const tokens = parseUserTokens(spelling);
			assert.deepEqual(kinds(tokens), ['phone:15550001001'], spelling);
			assert.equal(tokens[0].input, spelling, 'the entry as written, inner spaces included');
		}
		assert.deepEqual(kinds(parseUserTokens('+44 (0)20 7946 0958')), ['phone:442079460958'], 'the (0) trunk prefix is not dialled from abroad');
	});

	it('never makes a fragment of a phone an id: digits after a phone belong to it until a comma, semicolon or line break', () => {
		assert.deepEqual(kinds(parseUserTokens('@alice +1 555 000 1001 @bobby 42')), ['username:alice', 'phone:15550001001', 'username:bobby', 'id:42']);
		assert.deepEqual(kinds(parseUserTokens('+1 555 000 1001, 42; 43\n+1 555 000 1002\t44')), [
			'phone:15550001001',
			'id:42',
			'id:43',
			'phone:15550001002',
			'id:44',
		]);
		assert.deepEqual(
			parseUserTokens('+1 555 000 1001 42').map((token) => token.input),
			['+1 555 000 1001 42'],
			'one entry (a phone of 13 digits): an id after a phone needs a comma',
		);
		const tooLong = parseUserTokens('+1 555 000 1001 123456789');
		assert.equal(tooLong.length, 1);
		assert.match(tooLong[0].kind === 'invalid' ? tooLong[0].reason : '', /put a comma or a new line between a phone number and the next entry/);
	});

	it('refuses phones without the international prefix as one entry, never as ids', () => {
		for (const entry of ['0555 000 1001', '555-000-1001', '(555) 000 1001', '555.000.1001', '0044']) {
			const tokens = parseUserTokens(entry);
			assert.equal(tokens.length, 1, entry);
			assert.equal(tokens[0].kind, 'invalid', entry);
			assert.match(tokens[0].kind === 'invalid' ? tokens[0].reason : '', /international prefix|5 to 15 digits/, entry);
		}
	});

	it('marks the second and later occurrences of the same reference as DUPLICATE_IN_INPUT', () => {
		const tokens = parseUserTokens('@Alice alice https://t.me/ALICE tg://user?id=0042 42 +15550001001, +1 555 000 1001');
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
