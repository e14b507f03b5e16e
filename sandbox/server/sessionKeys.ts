import { createHash } from 'node:crypto';

import { NOT_LOGGED_IN } from '../methods/types';
import { AUTH_KEY_LENGTH, authKeyIdOf } from '../protocol/mtprotoCrypto';

/** Why a revoked key is refused: 401 errors in Telegram, except AUTH_KEY_DUPLICATED (406). */
export type RevocationReason = 'SESSION_REVOKED' | 'AUTH_KEY_UNREGISTERED' | 'AUTH_KEY_DUPLICATED';

export function revocationCode(reason: RevocationReason): number {
	return reason === 'AUTH_KEY_DUPLICATED' ? 406 : 401;
}


export interface KnownAuthKey {
	readonly authKey: Buffer;
	readonly authKeyId: Buffer;
	readonly authKeyIdHex: string;
	/** NOT_LOGGED_IN until a login on this key succeeds (SessionKeys.logIn). */
	accountId: string;
	revoked?: RevocationReason;
}

/**
 * The auth keys the sandbox accepts. A world's account gets a key derived from the world's identity
 * (apiId, apiHash, account id), so a session minted once keeps working after a restart with the same world.
 * See docs/decisions/0001-sandbox-pre-shared-auth-keys.md.
 */
export class SessionKeys {
	private readonly byId = new Map<string, KnownAuthKey>();

	deriveFor(accountId: string, worldIdentity: string): KnownAuthKey {
		const blocks: Buffer[] = [];
		for (let i = 0; blocks.length * 32 < AUTH_KEY_LENGTH; i++) {
			blocks.push(createHash('sha256').update(`tg-group-call-sandbox:${worldIdentity}:${accountId}:${i}`).digest());
		}
		return this.register(Buffer.concat(blocks).subarray(0, AUTH_KEY_LENGTH), accountId);
	}

	register(authKey: Buffer, accountId: string): KnownAuthKey {
		const authKeyId = authKeyIdOf(authKey);
		const existing = this.byId.get(authKeyId.toString('hex'));
		if (existing !== undefined) return existing;
		const known: KnownAuthKey = { authKey, authKeyId, authKeyIdHex: authKeyId.toString('hex'), accountId };
		this.byId.set(known.authKeyIdHex, known);
		return known;
	}

	/** A key from a key exchange: accepted on the wire, but only login methods work until `logIn`. */
	registerAgreed(authKey: Buffer): KnownAuthKey {
		return this.register(authKey, NOT_LOGGED_IN);
	}

	/** Binds a not-yet-logged-in key to the account a login proved; false if the key is unknown or already bound. */
	logIn(authKeyIdHex: string, accountId: string): boolean {
		const known = this.byId.get(authKeyIdHex);
		if (known === undefined || known.accountId !== NOT_LOGGED_IN || accountId === NOT_LOGGED_IN) return false;
		known.accountId = accountId;
		return true;
	}

	lookup(authKeyId: Buffer): KnownAuthKey | undefined {
		return this.byId.get(authKeyId.toString('hex'));
	}

	/** Revokes every key of the account (or one key): later requests answer 401 with the reason. */
	revoke(accountId: string, reason: RevocationReason, authKeyIdHex?: string): number {
		let count = 0;
		for (const known of this.byId.values()) {
			if (known.accountId !== accountId) continue;
			if (authKeyIdHex !== undefined && known.authKeyIdHex !== authKeyIdHex) continue;
			known.revoked = reason;
			count++;
		}
		return count;
	}

	/** Undoes revoke(): lets one sandbox serve tests before and after a revoked session. */
	restore(accountId: string): void {
		for (const known of this.byId.values()) if (known.accountId === accountId) delete known.revoked;
	}
}
