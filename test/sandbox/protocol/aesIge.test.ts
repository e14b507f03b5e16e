import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';

import { aesIgeDecrypt, aesIgeEncrypt } from '../../../sandbox/protocol/aesIge';

/** IGE from its definition, one AES block at a time: c[i] = E(p[i] ^ c[i-1]) ^ p[i-1], c[0] = iv[0..16], p[0] = iv[16..32]. */
function igeByDefinition(plain: Buffer, key: Buffer, iv: Buffer): Buffer {
	const blocks: Buffer[] = [];
	let previousCipher = iv.subarray(0, 16);
	let previousPlain = iv.subarray(16, 32);
	for (let offset = 0; offset < plain.length; offset += 16) {
		const block = plain.subarray(offset, offset + 16);
		const encrypted = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false).update(xor(block, previousCipher));
		const cipher = xor(encrypted, previousPlain);
		blocks.push(cipher);
		previousCipher = cipher;
		previousPlain = block;
	}
	return Buffer.concat(blocks);
}

const xor = (a: Buffer, b: Buffer): Buffer => Buffer.from(a.map((byte, index) => byte ^ b[index]));

describe('AES-256-IGE', () => {
	it('encrypts as IGE is defined and decrypts back, for 1 to 40 blocks', () => {
		for (let blocks = 1; blocks <= 40; blocks++) {
			const key = randomBytes(32);
			const iv = randomBytes(32);
			const plain = randomBytes(16 * blocks);
			const encrypted = aesIgeEncrypt(plain, key, iv);
			assert.deepEqual(encrypted, igeByDefinition(plain, key, iv), `encrypt, ${blocks} blocks`);
			assert.deepEqual(aesIgeDecrypt(encrypted, key, iv), plain, `decrypt, ${blocks} blocks`);
		}
	});

	it('refuses input that is not a whole number of blocks', () => {
		assert.throws(() => aesIgeEncrypt(Buffer.alloc(17), Buffer.alloc(32), Buffer.alloc(32)), /multiple of 16/);
		assert.throws(() => aesIgeDecrypt(Buffer.alloc(15), Buffer.alloc(32), Buffer.alloc(32)), /multiple of 16/);
	});
});
