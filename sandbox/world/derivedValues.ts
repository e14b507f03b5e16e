import { createHash } from 'node:crypto';

/**
 * A stable, non-zero signed 64-bit value (decimal string) derived from a seed. Used wherever the sandbox must
 * invent an access hash or link hash: the same world always yields the same values, so saved ids keep working.
 */
export function deriveInt64(seed: string): string {
	const digest = createHash('sha256').update(`tg-group-call-sandbox:${seed}`).digest();
	const value = digest.readBigInt64LE(0);
	return (value === 0n ? 1n : value).toString();
}

/** The access hash a world gives its account when the file does not set `me.accessHash`. */
export function defaultAccountAccessHash(accountId: string): string {
	return deriveInt64(`account-access-hash:${accountId}`);
}
