import bigInt from 'big-integer';
import { _serverKeys } from 'telegram/crypto/RSA';

/** An MTProto server's RSA public key, as Telegram fingerprints it. */
export interface ServerRsaKey {
	/** The lower 64 bits of SHA1(n:bytes e:bytes), as a signed decimal: the form GramJS keys its map by. */
	fingerprint: string;
	/** Modulus, big-endian unsigned. */
	n: Buffer;
	e: number;
}

/**
 * Adds a server's RSA key to GramJS's server-key map (a module-level value), so an unmodified GramJS client in
 * this process can run the auth key exchange with that server. GramJS trusts only Telegram's keys otherwise;
 * call this only in a process that means to talk to that server (a sandbox, a test server), never for Telegram.
 */
export function trustServerKeyInGramjs(key: ServerRsaKey): void {
	if (_serverKeys.has(key.fingerprint)) return;
	_serverKeys.set(key.fingerprint, { n: bigInt(key.n.toString('hex'), 16), e: key.e });
}
