import { createHash, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

import { DH_GENERATOR, DH_PRIME, DH_PRIME_BIGINT, bigintToBytes, bytesToBigint, modPow } from '../protocol/keyExchange/dhPrime';

/**
 * Telegram's 2FA check, server side: SRP-6a over the 2048-bit prime with the KDF
 * passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow (https://core.telegram.org/api/srp).
 * The sandbox knows the world's password in clear; it derives the verifier v = g^x from it once, and from then on
 * works only with v, as Telegram does.
 */

const SIZE = 256;

const sha256 = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();

const pad = (value: bigint): Buffer => bigintToBytes(value, SIZE);

/** The salts of the account's current password algorithm. */
export interface SrpSalts {
	salt1: Buffer;
	salt2: Buffer;
}

/** x = PH2(password, salt1, salt2), the client's secret exponent. */
export function passwordExponent(password: string, { salt1, salt2 }: SrpSalts): bigint {
	const sh = (data: Buffer, salt: Buffer): Buffer => sha256(salt, data, salt);
	const ph1 = sh(sh(Buffer.from(password, 'utf8'), salt1), salt2);
	const ph2 = sh(pbkdf2Sync(ph1, salt1, 100_000, 64, 'sha512'), salt2);
	return bytesToBigint(ph2);
}

/** k = H(p | g), fixed for the prime. */
const K_MULTIPLIER = bytesToBigint(sha256(DH_PRIME, pad(BigInt(DH_GENERATOR))));

/** One server challenge (one account.getPassword answer). */
export interface SrpChallenge {
	/** srp_id: names the challenge in auth.checkPassword. Decimal string of a 64-bit value. */
	readonly id: string;
	/** srp_B, 256 bytes. */
	readonly serverPublic: Buffer;
	readonly serverSecret: bigint;
}

export function createChallenge(verifier: bigint): SrpChallenge {
	let serverSecret: bigint;
	let serverPublicValue: bigint;
	do {
		serverSecret = bytesToBigint(randomBytes(SIZE));
		serverPublicValue = (K_MULTIPLIER * verifier + modPow(BigInt(DH_GENERATOR), serverSecret, DH_PRIME_BIGINT)) % DH_PRIME_BIGINT;
	} while (serverPublicValue <= 1n);
	const id = BigInt.asIntN(64, randomBytes(8).readBigUInt64LE(0)).toString();
	return { id, serverPublic: pad(serverPublicValue), serverSecret };
}

export function verifierFor(password: string, salts: SrpSalts): bigint {
	return modPow(BigInt(DH_GENERATOR), passwordExponent(password, salts), DH_PRIME_BIGINT);
}

/**
 * Checks the client's proof M1 for challenge B, given its public value A. True only when the client knew the
 * password; a malformed A (0, ≥ p) is a wrong password too.
 */
export function verifyProof(challenge: SrpChallenge, verifier: bigint, salts: SrpSalts, clientPublic: Buffer, clientProof: Buffer): boolean {
	const a = bytesToBigint(clientPublic);
	if (a <= 0n || a >= DH_PRIME_BIGINT || clientPublic.length > SIZE || clientProof.length !== 32) return false;
	const aBytes = pad(a);
	const u = bytesToBigint(sha256(aBytes, challenge.serverPublic));
	if (u === 0n) return false;
	// S = (A · v^u)^b mod p
	const shared = modPow((a * modPow(verifier, u, DH_PRIME_BIGINT)) % DH_PRIME_BIGINT, challenge.serverSecret, DH_PRIME_BIGINT);
	const sessionKey = sha256(pad(shared));
	const primeHash = sha256(DH_PRIME);
	const generatorHash = sha256(pad(BigInt(DH_GENERATOR)));
	const primeXorGenerator = Buffer.alloc(32);
	for (let i = 0; i < 32; i++) primeXorGenerator[i] = primeHash[i] ^ generatorHash[i];
	const expected = sha256(primeXorGenerator, sha256(salts.salt1), sha256(salts.salt2), aBytes, challenge.serverPublic, sessionKey);
	return timingSafeEqual(expected, clientProof);
}
