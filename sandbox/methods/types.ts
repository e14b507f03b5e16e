/**
 * The contract between the protocol core (sandbox/server) and the Telegram semantics (sandbox/methods).
 * The core decrypts, unwraps invokeWithLayer/initConnection/invokeWithoutUpdates, applies faults and
 * latency, records the request log, and calls a handler by the request's GramJS class name.
 */
import type { Api } from 'telegram';

import type { TlAnswer } from '../protocol/tlWire';

export type { TlSerializable } from '../protocol/tlWire';

/** What a handler may answer: one TL object, a Vector of them, or a Bool (serialised by the protocol layer). */
export type RpcAnswer = TlAnswer;

/** The accountId of a key agreed by a key exchange whose login has not finished (docs/decisions/0005-login-keys.md). */
export const NOT_LOGGED_IN = '';

/** A Telegram error answer (rpc_error). `message` is Telegram's upper-case code, e.g. USER_ALREADY_INVITED. */
export class RpcFailure extends Error {
	constructor(
		readonly code: number,
		readonly errorMessage: string,
	) {
		super(`${code}: ${errorMessage}`);
		this.name = 'RpcFailure';
	}
}

export interface RequestContext {
	/** The account (user id) the calling session is logged in as, or NOT_LOGGED_IN during a login. */
	readonly accountId: string;
	/** Hex id of the calling session's auth key: safe to log, never the key itself. */
	readonly authKeyId: string;
	/** Unix seconds "now" (the core's clock). */
	readonly now: number;
	/** Call when the request changed the world, so the request log can say it was applied. */
	markApplied(): void;
	/** Sends unasked Updates to every connected session of the account (for update handlers/triggers). */
	pushUpdates(updates: Api.TypeUpdates): void;
}

/** `request` is the GramJS request instance, e.g. `Api.phone.InviteToGroupCall`. */
export type MethodHandler = (request: never, context: RequestContext) => RpcAnswer | Promise<RpcAnswer>;

/** Keyed by the GramJS class name, e.g. "phone.InviteToGroupCall". */
export type MethodTable = Readonly<Record<string, MethodHandler>>;
