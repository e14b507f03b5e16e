import { createCipheriv, createDecipheriv } from 'node:crypto';

// MTProto uses AES-256 in IGE mode, which Node's crypto does not offer; IGE is built here from ECB blocks.
const BLOCK = 16;

function xorInto(target: Buffer, a: Buffer, aOffset: number, b: Buffer, bOffset: number): void {
	for (let i = 0; i < BLOCK; i++) target[i] = a[aOffset + i] ^ b[bOffset + i];
}

export function aesIgeEncrypt(plain: Buffer, key: Buffer, iv: Buffer): Buffer {
	if (plain.length % BLOCK !== 0) throw new Error('IGE input must be a multiple of 16 bytes');
	const cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
	const out = Buffer.allocUnsafe(plain.length);
	let previousCipher = iv.subarray(0, BLOCK);
	let previousPlain = iv.subarray(BLOCK, 2 * BLOCK);
	const block = Buffer.allocUnsafe(BLOCK);
	for (let offset = 0; offset < plain.length; offset += BLOCK) {
		xorInto(block, plain, offset, previousCipher, 0);
		const encrypted = cipher.update(block);
		for (let i = 0; i < BLOCK; i++) out[offset + i] = encrypted[i] ^ previousPlain[i];
		previousCipher = out.subarray(offset, offset + BLOCK);
		previousPlain = plain.subarray(offset, offset + BLOCK);
	}
	return out;
}

export function aesIgeDecrypt(encrypted: Buffer, key: Buffer, iv: Buffer): Buffer {
	if (encrypted.length % BLOCK !== 0) throw new Error('IGE input must be a multiple of 16 bytes');
	const decipher = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
	const out = Buffer.allocUnsafe(encrypted.length);
	let previousCipher = iv.subarray(0, BLOCK);
	let previousPlain = iv.subarray(BLOCK, 2 * BLOCK);
	const block = Buffer.allocUnsafe(BLOCK);
	for (let offset = 0; offset < encrypted.length; offset += BLOCK) {
		xorInto(block, encrypted, offset, previousPlain, 0);
		const decrypted = decipher.update(block);
		for (let i = 0; i < BLOCK; i++) out[offset + i] = decrypted[i] ^ previousCipher[i];
		previousCipher = encrypted.subarray(offset, offset + BLOCK);
		previousPlain = out.subarray(offset, offset + BLOCK);
	}
	return out;
}
