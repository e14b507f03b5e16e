import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';

import { IGE } from 'telegram/crypto/IGE';

import { aesIgeDecrypt, aesIgeEncrypt } from '../../../sandbox/protocol/aesIge';

describe('AES-256-IGE', () => {
	it('encrypts and decrypts exactly as GramJS does, for 1 to 40 blocks', () => {
		for (let blocks = 1; blocks <= 40; blocks++) {
			const key = randomBytes(32);
			const iv = randomBytes(32);
			const plain = randomBytes(16 * blocks);
			const encrypted = aesIgeEncrypt(plain, key, iv);
			assert.deepEqual(encrypted, Buffer.from(new IGE(key, iv).encryptIge(plain)), `encrypt, ${blocks} blocks`);
			assert.deepEqual(aesIgeDecrypt(encrypted, key, iv), plain, `decrypt, ${blocks} blocks`);
		}
	});

	it('refuses input that is not a whole number of blocks', () => {
		assert.throws(() => aesIgeEncrypt(Buffer.alloc(17), Buffer.alloc(32), Buffer.alloc(32)), /multiple of 16/);
		assert.throws(() => aesIgeDecrypt(Buffer.alloc(15), Buffer.alloc(32), Buffer.alloc(32)), /multiple of 16/);
	});
});
