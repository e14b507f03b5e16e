import { createHash, randomBytes } from 'node:crypto';

import { aesIgeDecrypt, aesIgeEncrypt } from './aesIge';

/**
 * MTProto 2.0 message encryption. `x` is 0 for client→server and 8 for server→client
 * (https://core.telegram.org/mtproto/description).
 */
export const AUTH_KEY_LENGTH = 256;

const sha256 = (...parts: Buffer[]): Buffer => {
	const hash = createHash('sha256');
	for (const part of parts) hash.update(part);
	return hash.digest();
};

/** auth_key_id: the lower 64 bits of SHA1(auth_key), as the 8 bytes that lead every encrypted packet. */
export function authKeyIdOf(authKey: Buffer): Buffer {
	return createHash('sha1').update(authKey).digest().subarray(12, 20);
}

function aesKeyAndIv(authKey: Buffer, msgKey: Buffer, x: 0 | 8): { key: Buffer; iv: Buffer } {
	const a = sha256(msgKey, authKey.subarray(x, x + 36));
	const b = sha256(authKey.subarray(40 + x, 76 + x), msgKey);
	return {
		key: Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]),
		iv: Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]),
	};
}

// Padding only has to be unpredictable, not fresh per call: slicing a pool refilled every 64 KiB avoids
// one randomBytes() system call per message (measured: a few percent of the sandbox's CPU per request).
const PADDING_POOL_SIZE = 64 * 1024;
let paddingPool = randomBytes(PADDING_POOL_SIZE);
let paddingOffset = 0;

function randomPadding(length: number): Buffer {
	if (paddingOffset + length > PADDING_POOL_SIZE) {
		paddingPool = randomBytes(PADDING_POOL_SIZE);
		paddingOffset = 0;
	}
	paddingOffset += length;
	return paddingPool.subarray(paddingOffset - length, paddingOffset);
}

export class MessageKeyMismatch extends Error {
	constructor() {
		super('msg_key does not match the decrypted message (wrong auth key or corrupted packet)');
	}
}

/** Decrypts a client packet body (after auth_key_id); returns the plaintext, padding included. */
export function decryptFromClient(authKey: Buffer, packet: Buffer): Buffer {
	const msgKey = packet.subarray(8, 24);
	const encrypted = packet.subarray(24);
	if (encrypted.length === 0 || encrypted.length % 16 !== 0) throw new MessageKeyMismatch();
	const { key, iv } = aesKeyAndIv(authKey, msgKey, 0);
	const plain = aesIgeDecrypt(encrypted, key, iv);
	const expected = sha256(authKey.subarray(88, 120), plain).subarray(8, 24);
	if (!expected.equals(msgKey)) throw new MessageKeyMismatch();
	return plain;
}

/** Encrypts a server message (salt, session id, message) into a packet: auth_key_id + msg_key + data. */
export function encryptForClient(authKey: Buffer, authKeyId: Buffer, plain: Buffer): Buffer {
	const paddingLength = 12 + ((16 - ((plain.length + 12) % 16)) % 16);
	const padded = Buffer.concat([plain, randomPadding(paddingLength)]);
	const msgKey = sha256(authKey.subarray(96, 128), padded).subarray(8, 24);
	const { key, iv } = aesKeyAndIv(authKey, msgKey, 8);
	return Buffer.concat([authKeyId, msgKey, aesIgeEncrypt(padded, key, iv)]);
}
