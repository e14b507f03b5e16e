/**
 * The 2048-bit safe prime Telegram uses for both the auth key exchange and 2FA (SRP), with generator 3.
 * GramJS accepts no other prime for SRP (Password.js checkPrimeAndGood), so the sandbox uses the same one.
 */
export const DH_PRIME = Buffer.from(
	'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db' +
		'fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64' +
		'2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41' +
		'0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
		'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf' +
		'6f4fadf034b10403119cd8e3b92fcc5b',
	'hex',
);

export const DH_GENERATOR = 3;

export const DH_PRIME_BIGINT = BigInt('0x' + DH_PRIME.toString('hex'));

/** Big-endian unsigned bytes of a non-negative bigint, left-padded to `length`. */
export function bigintToBytes(value: bigint, length: number): Buffer {
	const hex = value.toString(16).padStart(length * 2, '0');
	if (hex.length > length * 2) throw new RangeError(`value does not fit in ${length} bytes`);
	return Buffer.from(hex, 'hex');
}

export function bytesToBigint(bytes: Buffer): bigint {
	return bytes.length === 0 ? 0n : BigInt('0x' + bytes.toString('hex'));
}

/** base^exponent mod modulus, square-and-multiply (native bigint: a 2048-bit power takes a few ms). */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
	let result = 1n;
	let b = base % modulus;
	let e = exponent;
	while (e > 0n) {
		if (e & 1n) result = (result * b) % modulus;
		b = (b * b) % modulus;
		e >>= 1n;
	}
	return result;
}
