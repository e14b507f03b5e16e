import { createCipheriv, createDecipheriv } from 'node:crypto';

// MTProto uses AES-256 in IGE mode, which Node's crypto does not offer; IGE is built here from other modes.
// IGE: c[i] = E(p[i] ^ c[i-1]) ^ p[i-1], with c[0] = iv[0..16] and p[0] = iv[16..32] (blocks counted from 1).
const BLOCK = 16;

/**
 * Encryption in one native call instead of one per block. With y[i] = E(p[i] ^ c[i-1]), c[i] = y[i] ^ p[i-1],
 * so y[i] = E(p[i] ^ p[i-2] ^ y[i-1]): that is AES-CBC (IV c[0]) over x[i] = p[i] ^ p[i-2] (x[1] = p[1]).
 * The plaintext is known up front, so x can be built first; then c[i] = y[i] ^ p[i-1].
 */
export function aesIgeEncrypt(plain: Buffer, key: Buffer, iv: Buffer): Buffer {
	const length = plain.length;
	if (length % BLOCK !== 0) throw new Error('IGE input must be a multiple of 16 bytes');
	const chained = Buffer.allocUnsafe(length);
	for (let i = 0; i < length; i++) {
		// p[i-2] is iv[16..32] for the second block (byte i of it is iv[i]), plain two blocks back after that.
		chained[i] = i < BLOCK ? plain[i] : plain[i] ^ (i < 2 * BLOCK ? iv[i] : plain[i - 2 * BLOCK]);
	}
	const out = createCipheriv('aes-256-cbc', key, iv.subarray(0, BLOCK)).setAutoPadding(false).update(chained);
	for (let i = 0; i < length; i++) out[i] ^= i < BLOCK ? iv[BLOCK + i] : plain[i - BLOCK];
	return out;
}

/**
 * Decryption stays one block at a time: each block's cipher input depends on the previous block's output, and no
 * OpenSSL mode chains the AES *decryption* that way. Only the XORs are kept allocation-free.
 */
export function aesIgeDecrypt(encrypted: Buffer, key: Buffer, iv: Buffer): Buffer {
	const length = encrypted.length;
	if (length % BLOCK !== 0) throw new Error('IGE input must be a multiple of 16 bytes');
	const decipher = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
	const out = Buffer.allocUnsafe(length);
	const block = Buffer.allocUnsafe(BLOCK);
	for (let offset = 0; offset < length; offset += BLOCK) {
		// p[i] = D(c[i] ^ p[i-1]) ^ c[i-1]
		for (let i = 0; i < BLOCK; i++) block[i] = encrypted[offset + i] ^ (offset === 0 ? iv[BLOCK + i] : out[offset - BLOCK + i]);
		const decrypted = decipher.update(block);
		for (let i = 0; i < BLOCK; i++) out[offset + i] = decrypted[i] ^ (offset === 0 ? iv[i] : encrypted[offset - BLOCK + i]);
	}
	return out;
}
