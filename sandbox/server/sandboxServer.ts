import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';

import type { Api } from 'telegram';

import { NOT_LOGGED_IN, type MethodTable } from '../methods/types';
import { fastCodec, type WireCodec } from '../protocol/wireCodec';
import type { WorldBehaviour } from '../world/worldFile';
import { ClientConnection, type ConnectionHost, type ConnectionStats, type SandboxEvent, type SandboxEventKind, type TlRequest } from './clientConnection';
import { sandboxConfig } from './helpConfig';
import { RequestLog } from './requestLog';
import { RpcDispatcher } from './rpcDispatcher';
import { SessionKeys, type KnownAuthKey } from './sessionKeys';

export interface SandboxServerOptions {
	host: string;
	port: number;
	/** The world's api_id, checked in every initConnection. */
	apiId: number;
	/** Telegram semantics (sandbox/methods); the server adds help.getConfig itself. */
	methods: MethodTable;
	behaviour(): WorldBehaviour;
	/** TL encoding; default the fast codec (decision 0007). */
	codec?: WireCodec;
	onEvent?(event: SandboxEvent): void;
}

const EVENT_MEMORY = 10_000;

/** The TCP side of the sandbox: listener, connections, dispatch, pushes. Knows nothing of the world's rules. */
export class SandboxServer implements ConnectionHost {
	readonly keys = new SessionKeys();
	readonly log = new RequestLog();
	readonly events: SandboxEvent[] = [];
	readonly stats: ConnectionStats = { pongs: 0, connections: 0 };
	readonly serverSalt = randomBytes(8).readBigInt64LE(0);
	readonly codec: WireCodec;
	private readonly connections = new Set<ClientConnection>();

	private readonly openPerKeyPeak = new Map<string, number>();
	private readonly dispatcher: RpcDispatcher;
	private listener: Server | undefined;
	private boundHost: string;
	private boundPort: number;

	constructor(private readonly options: SandboxServerOptions) {
		this.boundHost = options.host;
		this.boundPort = options.port;
		this.codec = options.codec ?? fastCodec;
		this.dispatcher = new RpcDispatcher({
			methods: {
				...options.methods,
				'help.GetConfig': () => sandboxConfig(this.boundHost, this.boundPort, Math.floor(Date.now() / 1000)),
			},
			log: this.log,
			codec: this.codec,
			apiId: options.apiId,
			behaviour: options.behaviour,
			pushToAccount: (accountId, updates) => this.pushToAccount(accountId, updates),
			keyInUseElsewhere: (key, connection) => this.keyInUseElsewhere(key, connection),
			noteKeyUse: (key) => this.noteKeyUse(key),
		});
	}

	get host(): string {
		return this.boundHost;
	}

	get port(): number {
		return this.boundPort;
	}

	get isListening(): boolean {
		return this.listener !== undefined;
	}

	/** Starts listening; port 0 picks a free port the first time, later restarts reuse the same port. */
	async listen(): Promise<void> {
		if (this.listener !== undefined) return;
		const listener = createServer((socket) => this.accept(socket));
		await new Promise<void>((resolve, reject) => {
			listener.once('error', reject);
			listener.listen(this.boundPort, this.boundHost, () => {
				listener.off('error', reject);
				resolve();
			});
		});
		const address = listener.address();
		if (address !== null && typeof address === 'object') this.boundPort = address.port;
		this.listener = listener;
	}

	/** Stops accepting and drops every open connection, as an outage would. */
	async close(): Promise<void> {
		const listener = this.listener;
		this.listener = undefined;
		for (const connection of this.connections) connection.drop();
		this.connections.clear();
		if (listener !== undefined) await new Promise<void>((resolve) => listener.close(() => resolve()));
	}

	get openConnections(): number {
		return this.connections.size;
	}

	/** Drops every connection of the account (or all), keeping the listener: clients reconnect. */
	dropConnections(accountId?: string): number {
		let count = 0;
		for (const connection of [...this.connections]) {
			if (accountId !== undefined && connection.accountId !== accountId) continue;
			connection.drop();
			count++;
		}
		return count;
	}

	/** The most connections of one auth key that were open at once when one of them sent a request. */
	get maxOpenConnectionsPerKey(): number {
		return Math.max(0, ...this.openPerKeyPeak.values());
	}

	noteKeyUse(key: KnownAuthKey): void {
		let open = 0;
		for (const other of this.connections) if (other.isOpen && other.authKeyIdHex === key.authKeyIdHex) open++;
		this.openPerKeyPeak.set(key.authKeyIdHex, Math.max(open, this.openPerKeyPeak.get(key.authKeyIdHex) ?? 0));
	}

	/** Another open connection of the same auth key speaks with a different MTProto session: another client. */
	keyInUseElsewhere(key: KnownAuthKey, connection: ClientConnection): boolean {
		for (const other of this.connections) {
			if (other === connection || !other.isOpen || other.authKeyIdHex !== key.authKeyIdHex) continue;
			const session = other.mtprotoSessionId;
			if (session !== undefined && session !== connection.mtprotoSessionId) return true;
		}
		return false;
	}

	lookupKey(authKeyId: Buffer): KnownAuthKey | undefined {
		return this.keys.lookup(authKeyId);
	}

	registerAgreedKey(authKey: Buffer): KnownAuthKey {
		return this.keys.registerAgreed(authKey);
	}

	dispatch(request: TlRequest, connection: ClientConnection, key: KnownAuthKey, reqMsgId: bigint): void {
		void this.dispatcher.dispatch(request, key, connection, reqMsgId);
	}

	resetCallCounts(): void {
		this.dispatcher.resetCallCounts();
	}

	report(kind: SandboxEventKind, connectionId: number, message: string): void {
		const event: SandboxEvent = { at: new Date().toISOString(), kind, connectionId, message };
		this.events.push(event);
		if (this.events.length > EVENT_MEMORY) this.events.shift();
		this.options.onEvent?.(event);
	}

	forget(connection: ClientConnection): void {
		this.connections.delete(connection);
	}

	pushToAccount(accountId: string, updates: Api.TypeUpdates): void {
		// Keys that are not logged in share NOT_LOGGED_IN: a push to "no account" must reach none of them.
		if (accountId === NOT_LOGGED_IN) return;
		const bytes = this.codec.serialize(updates);
		for (const connection of this.connections) if (connection.accountId === accountId) connection.sendUpdates(bytes);
	}

	/** Unasked Updates to the connections of one auth key (a login in progress has no account to push to). */
	pushToKey(authKeyIdHex: string, updates: Api.TypeUpdates): void {
		const bytes = this.codec.serialize(updates);
		for (const connection of this.connections) if (connection.authKeyIdHex === authKeyIdHex) connection.sendUpdates(bytes);
	}

	private accept(socket: Socket): void {
		const connection = new ClientConnection(++this.stats.connections, socket, this);
		this.connections.add(connection);
		this.report('connected', connection.id, `from ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`);
	}
}
