import bigInt from 'big-integer';
import { _serverKeys } from 'telegram/crypto/RSA';

import { SANDBOX_RSA_FINGERPRINT, SANDBOX_RSA_PUBLIC_KEY } from './sandboxRsaKey';

/**
 * Adds the sandbox's RSA key to GramJS's server-key map (a module-level value), so an unmodified GramJS client
 * in this process can run the auth key exchange with a sandbox. Only for a process that means to talk to a
 * sandbox (`tg-group-call login --server`, tests): the key is public, so a server holding it proves nothing.
 */
export function trustSandboxKeyInGramjs(): void {
	if (_serverKeys.has(SANDBOX_RSA_FINGERPRINT)) return;
	_serverKeys.set(SANDBOX_RSA_FINGERPRINT, { n: bigInt(SANDBOX_RSA_PUBLIC_KEY.n.toString('hex'), 16), e: SANDBOX_RSA_PUBLIC_KEY.e });
}
