import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';

import { serializeBytes } from 'telegram/tl/generationHelpers';

import { tlBytes, tlBytesSize, writeTlBytes } from '../../../sandbox/protocol/tlBytes';

describe('TL bytes: the one encoder of the sandbox', () => {
	it('writes what GramJS writes, for both length forms and every padding', () => {
		for (const length of [0, 1, 2, 3, 4, 5, 252, 253, 254, 255, 256, 1_000, 70_000]) {
			const data = randomBytes(length);
			assert.deepEqual(tlBytes(data), serializeBytes(data), `${length} bytes`);
			assert.equal(tlBytesSize(data), serializeBytes(data).length);
		}
	});

	it('writes a string as its UTF-8 bytes', () => {
		for (const text of ['', 'USERNAME_NOT_OCCUPIED', 'Zoë 🙂', 'é'.repeat(200)]) {
			assert.deepEqual(tlBytes(text), serializeBytes(text), JSON.stringify(text));
		}
	});

	it('writes in place after what is already there, zeroing the padding', () => {
		const target = Buffer.alloc(16, 0xaa);
		const end = writeTlBytes(target, 4, Buffer.from([1, 2, 3, 4, 5]));
		assert.equal(end, 12);
		assert.deepEqual([...target], [0xaa, 0xaa, 0xaa, 0xaa, 5, 1, 2, 3, 4, 5, 0, 0, 0xaa, 0xaa, 0xaa, 0xaa]);
	});
});
