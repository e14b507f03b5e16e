import { constants, createHash, createPrivateKey, privateDecrypt, type KeyObject } from 'node:crypto';

import { tlBytes } from '../tlBytes';
import { SANDBOX_RSA_PRIVATE_JWK } from './sandboxRsaJwk';

export interface RsaPublicKey {
	/** Modulus, big-endian unsigned. */
	n: Buffer;
	e: number;
}

function exponentBytes(e: number): Buffer {
	let hex = e.toString(16);
	if (hex.length % 2 === 1) hex = '0' + hex;
	return Buffer.from(hex, 'hex');
}

/**
 * Telegram's key fingerprint: the lower 64 bits of SHA1(rsa_public_key n:bytes e:bytes), as a signed long.
 * Returned as a decimal string, the form GramJS keys its server-key map by.
 */
export function rsaFingerprint(key: RsaPublicKey): string {
	const digest = createHash('sha1')
		.update(Buffer.concat([tlBytes(key.n), tlBytes(exponentBytes(key.e))]))
		.digest();
	return digest.readBigInt64LE(12).toString();
}

let privateKey: KeyObject | undefined;

function sandboxPrivateKey(): KeyObject {
	privateKey ??= createPrivateKey({ key: { ...SANDBOX_RSA_PRIVATE_JWK }, format: 'jwk' });
	return privateKey;
}

export const SANDBOX_RSA_PUBLIC_KEY: RsaPublicKey = {
	n: Buffer.from(SANDBOX_RSA_PRIVATE_JWK.n, 'base64url'),
	e: Number(BigInt('0x' + Buffer.from(SANDBOX_RSA_PRIVATE_JWK.e, 'base64url').toString('hex'))),
};

export const SANDBOX_RSA_FINGERPRINT = rsaFingerprint(SANDBOX_RSA_PUBLIC_KEY);

/**
 * The public half with its fingerprint: what a GramJS client must trust (gramjs/trustServerKey.ts) before a
 * fresh login against a sandbox can run the key exchange. Public on purpose (docs/decisions/0005-login-keys.md).
 */
export const SANDBOX_RSA_KEY = { ...SANDBOX_RSA_PUBLIC_KEY, fingerprint: SANDBOX_RSA_FINGERPRINT };

/** Raw RSA (no padding): what req_DH_params' encrypted_data needs. Input and output are 256 bytes, big-endian. */
export function sandboxRsaDecrypt(data: Buffer): Buffer {
	return privateDecrypt({ key: sandboxPrivateKey(), padding: constants.RSA_NO_PADDING }, data);
}
