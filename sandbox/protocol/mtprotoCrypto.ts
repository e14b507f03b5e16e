import { createHash, hash, randomBytes } from 'node:crypto';

import { aesIgeDecrypt, aesIgeEncrypt } from './aesIge';

/**
 * MTProto 2.0 message encryption. `x` is 0 for client→server and 8 for server→client
 * (https://core.telegram.org/mtproto/description).
 */
export const AUTH_KEY_LENGTH = 256;

// One-shot: no hash stream object per call (six hashes per request).
const sha256 = (data: Buffer): Buffer => hash('sha256', data, 'buffer');

/** auth_key_id: the lower 64 bits of SHA1(auth_key), as the 8 bytes that lead every encrypted packet. */
export function authKeyIdOf(authKey: Buffer): Buffer {
	return createHash('sha1').update(authKey).digest().subarray(12, 20);
}

function aesKeyAndIv(authKey: Buffer, msgKey: Buffer, x: 0 | 8): { key: Buffer; iv: Buffer } {
	// a = SHA256(msg_key + auth_key[x, x+36]), b = SHA256(auth_key[40+x, 76+x] + msg_key): both inputs in one buffer.
	const input = Buffer.allocUnsafe(104);
	put(input, 0, msgKey, 0, 16);
	put(input, 16, authKey, x, x + 36);
	put(input, 52, authKey, 40 + x, 76 + x);
	put(input, 88, msgKey, 0, 16);
	const a = sha256(input.subarray(0, 52));
	const b = sha256(input.subarray(52));
	// key = a[0,8] + b[8,24] + a[24,32]; iv = b[0,8] + a[8,24] + b[24,32]
	const key = Buffer.allocUnsafe(32);
	put(key, 0, a, 0, 8);
	put(key, 8, b, 8, 24);
	put(key, 24, a, 24, 32);
	const iv = Buffer.allocUnsafe(32);
	put(iv, 0, b, 0, 8);
	put(iv, 8, a, 8, 24);
	put(iv, 24, b, 24, 32);
	return { key, iv };
}

/** source[start, end) into target at `at`; a loop, since Buffer.copy() with offsets allocates a view per call. */
function put(target: Buffer, at: number, source: Buffer, start: number, end: number): void {
	for (let i = start; i < end; i++) target[at + i - start] = source[i];
}

// Padding must be unpredictable, not fresh per call: a pool refilled every 64 KiB saves a randomBytes() per message.
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
	const expected = sha256(Buffer.concat([authKey.subarray(88, 120), plain])).subarray(8, 24);
	if (!expected.equals(msgKey)) throw new MessageKeyMismatch();
	return plain;
}

/** Encrypts a server message (salt, session id, message) into a packet: auth_key_id + msg_key + data. */
export function encryptForClient(authKey: Buffer, authKeyId: Buffer, plain: Buffer): Buffer {
	const paddingLength = 12 + ((16 - ((plain.length + 12) % 16)) % 16);
	// auth_key[96, 128] + plain + padding: msg_key's hash input, of which the part after the key gets encrypted.
	const keyed = Buffer.concat([authKey.subarray(96, 128), plain, randomPadding(paddingLength)]);
	const padded = keyed.subarray(32);
	const msgKey = sha256(keyed).subarray(8, 24);
	const { key, iv } = aesKeyAndIv(authKey, msgKey, 8);
	return Buffer.concat([authKeyId, msgKey, aesIgeEncrypt(padded, key, iv)]);
}
