import { createHash, generatePrimeSync, randomBytes, timingSafeEqual } from 'node:crypto';

import { aesIgeDecrypt, aesIgeEncrypt } from '../aesIge';
import { tlBytes } from '../tlBytes';
import { DH_GENERATOR, DH_PRIME, DH_PRIME_BIGINT, bigintToBytes, bytesToBigint, modPow } from './dhPrime';
import { SANDBOX_RSA_FINGERPRINT, sandboxRsaDecrypt } from './sandboxRsaKey';
import { TlCursor, tlConstructor, tlInt, tlLong } from './tlPlain';

/** Constructor ids from the MTProto schema (https://core.telegram.org/mtproto/auth_key). */
const ID = {
	reqPq: 0x60469778,
	reqPqMulti: 0xbe7e8ef1,
	resPq: 0x05162463,
	reqDhParams: 0xd712e4be,
	pqInnerData: 0x83c95aec,
	pqInnerDataDc: 0xa9f55f95,
	serverDhParamsOk: 0xd0e8075c,
	serverDhInnerData: 0xb5890dba,
	setClientDhParams: 0xf5045f1f,
	clientDhInnerData: 0x6643b654,
	dhGenOk: 0x3bcbf734,
	vector: 0x1cb5c415,
} as const;

/** The exchange cannot go on: the connection answers -404 and closes, as Telegram does. */
export class KeyExchangeFailure extends Error {}

export interface KeyExchangeStep {
	/** The unencrypted answer's body. */
	answer: Buffer;
	/** Set by the last step: the new 256-byte auth key, known to both sides from now on. */
	authKey?: Buffer;
}

const sha1 = (...parts: Buffer[]): Buffer => createHash('sha1').update(Buffer.concat(parts)).digest();
const sha256 = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();

function xor(a: Buffer, b: Buffer): Buffer {
	const out = Buffer.alloc(a.length);
	for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
	return out;
}

/** Unsigned big-endian bytes without leading zeros: how MTProto writes p, q and pq. */
function minimalBytes(value: bigint): Buffer {
	let hex = value.toString(16);
	if (hex.length % 2 === 1) hex = '0' + hex;
	return Buffer.from(hex, 'hex');
}

function padTo16(data: Buffer): Buffer {
	return Buffer.concat([data, randomBytes((16 - (data.length % 16)) % 16)]);
}

/** tmp_aes_key and tmp_aes_iv, derived from the two nonces (raw little-endian bytes). */
function temporaryAesKey(serverNonce: Buffer, newNonce: Buffer): { key: Buffer; iv: Buffer } {
	const newServer = sha1(newNonce, serverNonce);
	const serverNew = sha1(serverNonce, newNonce);
	return {
		key: Buffer.concat([newServer, serverNew.subarray(0, 12)]),
		iv: Buffer.concat([serverNew.subarray(12, 20), sha1(newNonce, newNonce), newNonce.subarray(0, 4)]),
	};
}

interface AfterResPq {
	step: 'resPq';
	nonce: Buffer;
	serverNonce: Buffer;
	p: bigint;
	q: bigint;
}

interface AfterDhParams {
	step: 'dhParams';
	nonce: Buffer;
	serverNonce: Buffer;
	newNonce: Buffer;
	/** The server's secret exponent b (g_a = g^b mod p). */
	serverSecret: bigint;
}

/**
 * The server side of MTProto's Diffie-Hellman auth key exchange, one instance per TCP connection:
 * req_pq_multi → resPQ, req_DH_params (RSA_PAD, with the sandbox's own RSA key) → server_DH_params_ok,
 * set_client_DH_params → dh_gen_ok. See docs/decisions/0005-login-keys.md.
 */
export class KeyExchange {
	private state: AfterResPq | AfterDhParams | undefined;

	/** Handles one unencrypted message body; throws KeyExchangeFailure when the client breaks the protocol. */
	handle(body: Buffer): KeyExchangeStep {
		try {
			return this.handleStep(body);
		} catch (error) {
			if (error instanceof KeyExchangeFailure) throw error;
			throw new KeyExchangeFailure(`malformed key exchange message: ${error instanceof Error ? error.message : String(error)}`);
		}
	}

	private handleStep(body: Buffer): KeyExchangeStep {
		const cursor = new TlCursor(body);
		const constructorId = cursor.constructorId();
		switch (constructorId) {
			case ID.reqPq:
			case ID.reqPqMulti:
				return this.resPq(cursor.raw(16));
			case ID.reqDhParams:
				return this.serverDhParams(cursor);
			case ID.setClientDhParams:
				return this.dhGen(cursor);
			default:
				throw new KeyExchangeFailure(`unencrypted message 0x${constructorId.toString(16).padStart(8, '0')} is not part of a key exchange`);
		}
	}

	private resPq(nonce: Buffer): KeyExchangeStep {
		// Two 31-bit primes: the client must factor pq (proof of work); GramJS's Pollard rho does it in milliseconds.
		let p = generatePrimeSync(31, { bigint: true });
		let q = generatePrimeSync(31, { bigint: true });
		while (q === p) q = generatePrimeSync(31, { bigint: true });
		if (p > q) [p, q] = [q, p];
		const serverNonce = randomBytes(16);
		this.state = { step: 'resPq', nonce, serverNonce, p, q };
		const answer = Buffer.concat([
			tlConstructor(ID.resPq),
			nonce,
			serverNonce,
			tlBytes(minimalBytes(p * q)),
			tlConstructor(ID.vector),
			tlInt(1),
			tlLong(BigInt(SANDBOX_RSA_FINGERPRINT)),
		]);
		return { answer };
	}

	private serverDhParams(cursor: TlCursor): KeyExchangeStep {
		const state = this.state;
		if (state?.step !== 'resPq') throw new KeyExchangeFailure('req_DH_params before req_pq_multi');
		const nonce = cursor.raw(16);
		const serverNonce = cursor.raw(16);
		const p = bytesToBigint(cursor.bytes());
		const q = bytesToBigint(cursor.bytes());
		const fingerprint = cursor.long();
		const encrypted = cursor.bytes();
		if (!nonce.equals(state.nonce) || !serverNonce.equals(state.serverNonce)) throw new KeyExchangeFailure('req_DH_params: nonce mismatch');
		if (p !== state.p || q !== state.q) throw new KeyExchangeFailure('req_DH_params: wrong factors of pq');
		if (fingerprint.toString() !== SANDBOX_RSA_FINGERPRINT) throw new KeyExchangeFailure(`req_DH_params: unknown RSA key fingerprint ${fingerprint}`);
		if (encrypted.length !== 256) throw new KeyExchangeFailure('req_DH_params: encrypted_data is not 256 bytes');

		const inner = this.decryptInnerData(encrypted);
		const innerCursor = new TlCursor(inner);
		const innerId = innerCursor.constructorId();
		if (innerId !== ID.pqInnerData && innerId !== ID.pqInnerDataDc) {
			throw new KeyExchangeFailure(`req_DH_params: unsupported inner data 0x${innerId.toString(16)}`);
		}
		innerCursor.bytes(); // pq, already checked through p and q
		const innerP = bytesToBigint(innerCursor.bytes());
		const innerQ = bytesToBigint(innerCursor.bytes());
		const innerNonce = innerCursor.raw(16);
		const innerServerNonce = innerCursor.raw(16);
		const newNonce = innerCursor.raw(32);
		if (innerP !== p || innerQ !== q || !innerNonce.equals(nonce) || !innerServerNonce.equals(serverNonce)) {
			throw new KeyExchangeFailure('req_DH_params: inner data does not match the request');
		}

		// Native bigint rather than crypto.createDiffieHellman, which re-checks the prime each time (~0.3 s of
		// CPU per key exchange; every login and every fresh connection pays it).
		const serverSecret = (bytesToBigint(randomBytes(DH_PRIME.length)) % (DH_PRIME_BIGINT - 3n)) + 2n;
		const serverPublic = bigintToBytes(modPow(BigInt(DH_GENERATOR), serverSecret, DH_PRIME_BIGINT), DH_PRIME.length);
		const innerAnswer = Buffer.concat([
			tlConstructor(ID.serverDhInnerData),
			nonce,
			serverNonce,
			tlInt(DH_GENERATOR),
			tlBytes(DH_PRIME),
			tlBytes(serverPublic),
			tlInt(Math.floor(Date.now() / 1000)),
		]);
		const { key, iv } = temporaryAesKey(serverNonce, newNonce);
		const encryptedAnswer = aesIgeEncrypt(padTo16(Buffer.concat([sha1(innerAnswer), innerAnswer])), key, iv);
		this.state = { step: 'dhParams', nonce, serverNonce, newNonce, serverSecret };
		return { answer: Buffer.concat([tlConstructor(ID.serverDhParamsOk), nonce, serverNonce, tlBytes(encryptedAnswer)]) };
	}

	/** RSA_PAD, undone: RSA → temp_key_xor | aes_encrypted → AES-IGE → reversed data + SHA256(temp_key + data). */
	private decryptInnerData(encrypted: Buffer): Buffer {
		const keyAesEncrypted = sandboxRsaDecrypt(encrypted);
		const aesEncrypted = keyAesEncrypted.subarray(32);
		const tempKey = xor(keyAesEncrypted.subarray(0, 32), sha256(aesEncrypted));
		const dataWithHash = aesIgeDecrypt(aesEncrypted, tempKey, Buffer.alloc(32));
		const dataWithPadding = Buffer.from(dataWithHash.subarray(0, 192)).reverse();
		const hash = dataWithHash.subarray(192, 224);
		if (!timingSafeEqual(hash, sha256(tempKey, dataWithPadding))) {
			throw new KeyExchangeFailure('req_DH_params: encrypted_data does not decrypt with the sandbox key');
		}
		return dataWithPadding;
	}

	private dhGen(cursor: TlCursor): KeyExchangeStep {
		const state = this.state;
		if (state?.step !== 'dhParams') throw new KeyExchangeFailure('set_client_DH_params before req_DH_params');
		const nonce = cursor.raw(16);
		const serverNonce = cursor.raw(16);
		const encrypted = cursor.bytes();
		if (!nonce.equals(state.nonce) || !serverNonce.equals(state.serverNonce)) throw new KeyExchangeFailure('set_client_DH_params: nonce mismatch');
		if (encrypted.length === 0 || encrypted.length % 16 !== 0) throw new KeyExchangeFailure('set_client_DH_params: bad encrypted_data length');

		const { key, iv } = temporaryAesKey(serverNonce, state.newNonce);
		const plain = aesIgeDecrypt(encrypted, key, iv);
		const inner = new TlCursor(plain.subarray(20));
		if (inner.constructorId() !== ID.clientDhInnerData) throw new KeyExchangeFailure('set_client_DH_params: not client_DH_inner_data');
		const innerNonce = inner.raw(16);
		const innerServerNonce = inner.raw(16);
		inner.long(); // retry_id
		const gB = inner.bytes();
		if (!sha1(plain.subarray(20, 20 + inner.position)).equals(plain.subarray(0, 20))) {
			throw new KeyExchangeFailure('set_client_DH_params: inner data hash mismatch');
		}
		if (!innerNonce.equals(nonce) || !innerServerNonce.equals(serverNonce)) throw new KeyExchangeFailure('set_client_DH_params: inner nonce mismatch');
		const gBValue = bytesToBigint(gB);
		if (gBValue <= 1n || gBValue >= DH_PRIME_BIGINT - 1n) throw new KeyExchangeFailure('set_client_DH_params: g_b out of range');

		// Padded to the prime's 256 bytes, as Telegram's auth_key is.
		const authKey = bigintToBytes(modPow(gBValue, state.serverSecret, DH_PRIME_BIGINT), DH_PRIME.length);
		const authKeyAuxHash = sha1(authKey).subarray(0, 8);
		const newNonceHash1 = sha1(state.newNonce, Buffer.from([1]), authKeyAuxHash).subarray(4, 20);
		this.state = undefined;
		return { answer: Buffer.concat([tlConstructor(ID.dhGenOk), nonce, serverNonce, newNonceHash1]), authKey };
	}
}
