import { createHash } from 'node:crypto';

/**
 * The auth key id of a GramJS StringSession, in hex, as the sandbox's request log names keys (`authKeyId`).
 * StringSession = "1" + base64(dcId:u8 | addrLen:int16BE | addr | port:int16BE | authKey[256]); the id is bytes
 * 12..20 of SHA-1(authKey). Decoded here independently of GramJS and of the sandbox's own code.
 */
export function authKeyIdOfSession(session: string): string {
	if (!session.startsWith('1')) throw new Error('not a version 1 StringSession');
	const bytes = Buffer.from(session.slice(1), 'base64');
	const addressLength = bytes.readInt16BE(1);
	const authKey = bytes.subarray(1 + 2 + addressLength + 2);
	if (authKey.length !== 256) throw new Error(`the session holds a ${authKey.length}-byte auth key, not 256`);
	return createHash('sha1').update(authKey).digest().subarray(12, 20).toString('hex');
}
