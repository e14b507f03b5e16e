import type { Api } from 'telegram';

import { allowedBeforeLogin } from '../login/allowedBeforeLogin';
import { telegramError } from '../methods/errors';
import type { MethodHandler, MethodTable, RequestContext, RpcAnswer } from '../methods/types';
import { NOT_LOGGED_IN, RpcFailure } from '../methods/types';
import { serializeAnswer } from '../protocol/tlWire';
import { tlToJson } from '../protocol/tlToJson';
import type { WireCodec } from '../protocol/wireCodec';
import type { Fault, WorldBehaviour } from '../world/worldFile';
import type { ClientConnection, TlRequest } from './clientConnection';
import { FaultPlan, tlMethodName } from './faultPlan';
import type { RequestLog, RequestLogEntry } from './requestLog';
import { revocationCode, type KnownAuthKey } from './sessionKeys';

/** Wrappers GramJS puts around a request; the sandbox answers the innermost query. */
const WRAPPERS = new Set(['InvokeWithLayer', 'InitConnection', 'InvokeWithoutUpdates', 'InvokeAfterMsg', 'InvokeAfterMsgs']);

function unwrap(request: TlRequest): TlRequest {
	let inner = request;
	while (WRAPPERS.has(inner.className)) inner = (inner as unknown as { query: TlRequest }).query;
	return inner;
}

/** The api_id a client announces in initConnection (its first request on a connection), if this request has one. */
function announcedApiId(request: TlRequest): number | undefined {
	let wrapper = request;
	while (WRAPPERS.has(wrapper.className)) {
		if (wrapper.className === 'InitConnection') return (wrapper as unknown as { apiId: number }).apiId;
		wrapper = (wrapper as unknown as { query: TlRequest }).query;
	}
	return undefined;
}

export interface DispatcherDeps {
	readonly methods: MethodTable;
	/** The world's api_id: Telegram refuses initConnection with any other (API_ID_INVALID). */
	readonly apiId: number;
	readonly log: RequestLog;
	readonly codec: WireCodec;
	behaviour(): WorldBehaviour;
	pushToAccount(accountId: string, updates: Api.TypeUpdates): void;
	/** Another open connection uses this auth key with a different MTProto session (another client). */
	keyInUseElsewhere(key: KnownAuthKey, connection: ClientConnection): boolean;
	/** Ground truth for tests: records how many open connections use this key as it is used. */
	noteKeyUse(key: KnownAuthKey): void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Applies latency and faults, calls the method's handler and answers; every call lands in the request log. */
export class RpcDispatcher {
	private readonly plan = new FaultPlan();

	constructor(private readonly deps: DispatcherDeps) {}

	resetCallCounts(): void {
		this.plan.reset();
	}

	async dispatch(request: TlRequest, key: KnownAuthKey, connection: ClientConnection, reqMsgId: bigint): Promise<void> {
		const inner = unwrap(request);
		const method = tlMethodName(inner.className);
		const callNumber = this.plan.nextCallNumber(method);
		const entry = this.deps.log.begin({
			connectionId: connection.id,
			authKeyId: key.authKeyIdHex,
			accountId: key.accountId,
			method,
			callNumber,
			params: tlToJson(inner),
		});
		const behaviour = this.deps.behaviour();
		if (behaviour.latencyMs > 0) await sleep(behaviour.latencyMs);

		const answer = new Answer(entry, connection, reqMsgId);
		try {
			const apiId = announcedApiId(request);
			if (apiId !== undefined && apiId !== this.deps.apiId) return answer.failure(telegramError('API_ID_INVALID'));
			this.deps.noteKeyUse(key);
			if (behaviour.authKeyDuplicated === true && key.revoked === undefined && this.deps.keyInUseElsewhere(key, connection)) {
				// A model: Telegram invalidates a key used from two IP addresses at once; loopback has one address,
				// so two clients (two MTProto sessions) at once stand in for it (docs/sandbox-world.md).
				key.revoked = 'AUTH_KEY_DUPLICATED';
			}
			if (key.revoked !== undefined) return answer.error(revocationCode(key.revoked), key.revoked);
			if (key.accountId === NOT_LOGGED_IN && !allowedBeforeLogin(method)) return answer.failure(telegramError('AUTH_KEY_UNREGISTERED'));
			const fault = FaultPlan.find(behaviour.faults, method, callNumber);
			if (fault !== undefined) entry.fault = describeFault(fault);
			if (fault?.action === 'floodWait') return answer.error(420, `FLOOD_WAIT_${fault.seconds}`);
			if (fault?.action === 'error') return answer.error(fault.code, fault.message);
			if (fault?.action === 'hang') {
				entry.outcome = 'hung';
				return;
			}
			if (fault?.action === 'drop' && fault.when === 'before') {
				entry.outcome = 'dropped';
				connection.drop();
				return;
			}
			const handler = this.deps.methods[inner.className] as ((request: TlRequest, context: RequestContext) => ReturnType<MethodHandler>) | undefined;
			if (handler === undefined) return answer.error(400, `METHOD_NOT_IMPLEMENTED_IN_SANDBOX: ${method}`);

			let result: RpcAnswer;
			try {
				const returned = handler(inner, new HandlerContext(key, entry, this.deps));
				// Most handlers answer at once: awaiting only a real promise spares every other request a trip
				// through the microtask queue.
				result = returned instanceof Promise ? await returned : returned;
			} catch (error) {
				if (error instanceof RpcFailure) return answer.failure(error);
				throw error;
			}
			if (fault?.action === 'drop') {
				entry.outcome = 'dropped';
				connection.drop();
				return;
			}
			entry.outcome = 'answered';
			entry.resultType = resultTypeOf(result);
			connection.sendRpcResult(reqMsgId, serializeAnswer(result, this.deps.codec.serialize));
		} catch (error) {
			answer.error(500, 'INTERNAL');
			entry.error = { code: 500, message: `INTERNAL: ${error instanceof Error ? error.message : String(error)}` };
		} finally {
			this.deps.log.finish(entry);
		}
	}
}

/** Answers one request with an rpc_error and records it in the request's log entry. */
class Answer {
	constructor(
		private readonly entry: RequestLogEntry,
		private readonly connection: ClientConnection,
		private readonly reqMsgId: bigint,
	) {}

	error(code: number, message: string): void {
		this.entry.outcome = 'error';
		this.entry.error = { code, message };
		this.connection.sendRpcError(this.reqMsgId, code, message);
	}

	failure(failure: RpcFailure): void {
		this.error(failure.code, failure.errorMessage);
	}
}

/**
 * What a handler learns about its caller. A class rather than an object of closures: one allocation per request
 * instead of three, and handlers call its methods on it (`context.markApplied()`).
 */
class HandlerContext implements RequestContext {
	readonly accountId: string;
	readonly authKeyId: string;
	readonly now = Math.floor(Date.now() / 1000);

	constructor(
		private readonly key: KnownAuthKey,
		private readonly entry: RequestLogEntry,
		private readonly deps: DispatcherDeps,
	) {
		this.accountId = key.accountId;
		this.authKeyId = key.authKeyIdHex;
	}

	markApplied(): void {
		this.entry.applied = true;
	}

	/** To the key's account as it is when pushing: a login binds the key to its account during the request. */
	pushUpdates(updates: Api.TypeUpdates): void {
		this.deps.pushToAccount(this.key.accountId, updates);
	}
}

function describeFault(fault: Fault): string {
	switch (fault.action) {
		case 'floodWait':
			return `floodWait ${fault.seconds}s`;
		case 'drop':
			return `drop ${fault.when}`;
		case 'error':
			return `error ${fault.code} ${fault.message}`;
		default:
			return fault.action;
	}
}

function resultTypeOf(answer: RpcAnswer): string {
	if (typeof answer === 'boolean') return answer ? 'boolTrue' : 'boolFalse';
	if (Array.isArray(answer)) return 'Vector';
	return (answer as { className?: string }).className ?? 'unknown';
}
