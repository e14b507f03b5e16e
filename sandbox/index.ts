import { Api } from 'telegram';

import { encodeStringSession } from '../gramjs/stringSession';
import { DEFAULT_LOGIN_TIMINGS, LoginDesk, type LoginTimings } from './login/loginDesk';
import { createMethodTable } from './methods';
import { CallDriver } from './methods/callDriver';
import { loginMethods } from './methods/authMethods';
import type { SandboxEvent } from './server/clientConnection';
import type { RequestLogEntry } from './server/requestLog';
import { SandboxServer } from './server/sandboxServer';
import type { RevocationReason } from './server/sessionKeys';
import { SANDBOX_DC_ID } from './server/helpConfig';
import { defaultWorld } from './world/defaultWorld';
import { parseWorld } from './world/parseWorld';
import { fastCodec, gramjsCodec } from './protocol/wireCodec';
import type { Fault, WorldBehaviour, WorldFile } from './world/worldFile';
import { WorldState } from './world/worldState';

export type { RequestLogEntry } from './server/requestLog';
export type { SandboxEvent } from './server/clientConnection';
export type { Fault, WorldBehaviour, WorldFile } from './world/worldFile';
export { WorldState } from './world/worldState';
export { defaultWorld } from './world/defaultWorld';
export { parseWorld, loadWorldFile, WorldFileError } from './world/parseWorld';
export { QrScanError, type LoginTimings } from './login/loginDesk';
export { SANDBOX_RSA_KEY } from './protocol/keyExchange/sandboxRsaKey';
export { CallDriver, DriveError, type ActingAs, type DrivenCall, type DrivenMigration } from './methods/callDriver';


/** A fixed default port, so a saved credential keeps working across sandbox restarts. */
export const DEFAULT_SANDBOX_PORT = 7447;

export interface StartSandboxOptions {
	/** A world object (validated here) or nothing for the built-in demo world. */
	world?: unknown;
	host?: string;
	/** 0 picks a free port. Default 7447. */
	port?: number;
	onRequest?(entry: RequestLogEntry): void;
	onEvent?(event: SandboxEvent): void;
	/** How long login codes and QR tokens live (docs/login.md). */
	login?: Partial<LoginTimings>;
	/** TL encoding: the fast codec by default, GramJS's own as the reference (decision 0007). */
	codec?: 'fast' | 'gramjs';
}

/** What a user pastes into the n8n credential; the CLI prints exactly this. */
export interface SandboxCredentials {
	server: string;
	apiId: number;
	apiHash: string;
	session: string;
}

/**
 * A running sandbox: a Telegram stand-in on loopback, with its world state, request log and fault switches.
 * Usable in-process (tests, the demo) and behind `tg-group-call sandbox`.
 */
export class Sandbox {
	/**
	 * Other people's doings while clients are connected (users join and leave, an admin schedules, starts, renames,
	 * records, ends calls and invites, connections drop), pushed to the account's sessions as Telegram would.
	 */
	readonly drive: CallDriver;

	private constructor(
		readonly world: WorldState,
		private readonly server: SandboxServer,
		private readonly worldIdentity: string,
		private readonly loginDesk: LoginDesk,
	) {
		this.drive = new CallDriver(world, {
			pushToAccount: (updates) => server.pushToAccount(world.me.id, updates),
			dropConnections: () => server.dropConnections(),
			now: () => Math.floor(Date.now() / 1000),
		});
	}

	static async start(options: StartSandboxOptions = {}): Promise<Sandbox> {
		const file: WorldFile = options.world === undefined ? defaultWorld() : parseWorld(options.world);
		const world = new WorldState(file);
		// The desk binds a key to the account when a login succeeds; the server holding the keys comes next.
		const loginDesk = new LoginDesk(world, (authKeyId, accountId) => server.keys.logIn(authKeyId, accountId), {
			...DEFAULT_LOGIN_TIMINGS,
			...options.login,
		});
		const server: SandboxServer = new SandboxServer({
			host: options.host ?? '127.0.0.1',
			port: options.port ?? DEFAULT_SANDBOX_PORT,
			apiId: file.apiId,
			methods: { ...createMethodTable(world), ...loginMethods(world, loginDesk) },
			behaviour: () => world.behaviour,
			onEvent: options.onEvent,
			codec: options.codec === 'gramjs' ? gramjsCodec : fastCodec,
		});
		if (options.onRequest !== undefined) server.log.onEntry(options.onRequest);
		const sandbox = new Sandbox(world, server, `${file.apiId}:${file.apiHash}`, loginDesk);
		server.keys.deriveFor(file.me.id, sandbox.worldIdentity);
		await server.listen();
		return sandbox;
	}

	get host(): string {
		return this.server.host;
	}

	get port(): number {
		return this.server.port;
	}

	/** "host:port", the credential's server override. */
	get address(): string {
		return `${this.server.host}:${this.server.port}`;
	}

	/** The StringSession of the world's account; stable for the same world identity (apiId, apiHash, account). */
	get session(): string {
		const key = this.server.keys.deriveFor(this.world.me.id, this.worldIdentity);
		return encodeStringSession(SANDBOX_DC_ID, this.server.host, this.server.port, key.authKey);
	}

	credentials(): SandboxCredentials {
		return { server: this.address, apiId: this.world.apiId, apiHash: this.world.apiHash, session: this.session };
	}

	/** Every RPC seen, in order (optionally of one method, e.g. "phone.inviteToGroupCall"). */
	requests(method?: string): RequestLogEntry[] {
		return this.server.log.all(method);
	}

	get events(): readonly SandboxEvent[] {
		return this.server.events;
	}

	get openConnections(): number {
		return this.server.openConnections;
	}

	/**
	 * Ground truth for "never two connections of one session at once": the most open connections of one auth key
	 * seen when one of them sent a request.
	 */
	get maxOpenConnectionsPerKey(): number {
		return this.server.maxOpenConnectionsPerKey;
	}

	get connectionsAccepted(): number {
		return this.server.stats.connections;
	}

	setBehaviour(change: Partial<WorldBehaviour>): void {
		this.world.setBehaviour(change);
	}

	addFault(fault: Fault): void {
		this.world.setBehaviour({ faults: [...this.world.behaviour.faults, fault] });
	}

	/** Forgets faults and restarts the per-method call counting that faults are keyed to. */
	clearFaults(): void {
		this.world.setBehaviour({ faults: [] });
		this.server.resetCallCounts();
	}

	/** Every later request of the account's sessions answers 401 with the reason. */
	revokeSession(reason: RevocationReason = 'SESSION_REVOKED'): void {
		this.server.keys.revoke(this.world.me.id, reason);
	}

	/** Makes a revoked session valid again, so one sandbox can serve a test before and after revokeSession(). */
	restoreSession(): void {
		this.server.keys.restore(this.world.me.id);
	}

	/**
	 * What the account's Telegram app does when it scans a login QR code: accepts the token and tells the waiting
	 * client (updateLoginToken). Takes the token as base64url, the whole `tg://login?token=…` link, or bytes.
	 * Throws QrScanError for an unknown, expired or already scanned token.
	 */
	scanQrToken(token: string | Buffer): void {
		const bytes = typeof token === 'string' ? Buffer.from(token.replace(/^tg:\/\/login\?token=/, ''), 'base64url') : token;
		const now = Math.floor(Date.now() / 1000);
		const authKeyId = this.loginDesk.scan(bytes, now);
		this.server.pushToKey(authKeyId, new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: now }));
	}

	/** Every login code sent so far expires now (auth.signIn then answers PHONE_CODE_EXPIRED). */
	expireLoginCodes(): void {
		this.loginDesk.expireCodes();
	}

	/** Closes every open connection (clients reconnect by themselves). */
	dropConnections(): number {
		return this.server.dropConnections();
	}

	/** Stops listening and drops connections, as an outage would; `startListening` resumes on the same port. */
	stopListening(): Promise<void> {
		return this.server.close();
	}

	startListening(): Promise<void> {
		return this.server.listen();
	}

	stop(): Promise<void> {
		return this.server.close();
	}
}

export const startSandbox = (options?: StartSandboxOptions): Promise<Sandbox> => Sandbox.start(options);
