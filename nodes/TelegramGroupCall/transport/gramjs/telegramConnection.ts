import bigInt from 'big-integer';
import { Api, TelegramClient } from 'telegram';
import { Raw } from 'telegram/events';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import type { ProxyInterface } from 'telegram/network/connection/TCPMTProxy';

import { createSocketClass, SocketMonitor, type SocketEvent } from '../../../../gramjs/countingSocket';
import { raceDeadline } from '../../../../gramjs/raceDeadline';
import { CancelledError } from '../../errors/cancellation';
import { describeError } from '../../errors/catalog';
import { settle, settleSync } from '../../errors/settle';
import type { CancelScope } from '../cancelScope';
import type { PooledConnection } from '../clientPool';
import { invalidSession, type ConnectionSettings } from '../connectionSettings';
import { DeadlineQueue } from '../deadlines';
import { TelegramError } from '../telegramError';
import { cachedEntityCount, disableEntityCache, EntitylessSession } from './entitylessSession';
import { toTelegramError } from './toTelegramError';

/** Connection attempts per (re)connect. GramJS's default is Infinity, which never gives up. */
const CONNECTION_RETRIES = 2;
/** MTProto's transport error for an auth key the server does not know. */
const UNKNOWN_AUTH_KEY = 404;

/**
 * What a connection tells whoever holds it for long (a call watch) about its state. `socketClosed` and
 * `socketOpened` come while GramJS reconnects by itself; `retired` comes once, when the connection stops taking
 * new work for good (handed over to another connection of the session, failed, or destroyed).
 */
export type ConnectionEvent =
	| { kind: 'socketClosed' }
	| { kind: 'socketOpened' }
	| { kind: 'retired'; reason: string; error?: TelegramError };

/**
 * One connected GramJS client with the safety GramJS lacks: every request races a timeout (GramJS waits
 * forever for an unanswered request), errors come out as TelegramError, and the connection marks itself
 * unusable after an auth error or a timeout so the pool replaces it. What its socket reports ends waits
 * GramJS would sit out: an unknown auth key (-404) or a reconnect that gave up fails pending requests at once,
 * and a closed socket makes the connection unusable until GramJS has reconnected. Its session and entity cache
 * record no entities (./entitylessSession), so a pooled connection does not grow with the users it meets.
 */
export class TelegramConnection implements PooledConnection {
	private broken = false;

	private destroyed = false;

	private readonly destroyedListeners: Array<() => void> = [];

	/** Another connection waits for this session: finish what runs, take nothing new (the pool then closes it). */
	private handedOver = false;

	private me: Promise<Api.User> | undefined;

	private readonly observers = new Set<(event: ConnectionEvent) => void>();

	/** Why the connection takes no new work, once it does not. */
	private retirement: Extract<ConnectionEvent, { kind: 'retired' }> | undefined;

	/** Every request's time limit; a connection known to be dead fails them all at once. */
	private readonly deadlines: DeadlineQueue;

	constructor(
		private readonly client: TelegramClient,
		private readonly socket: SocketMonitor,
		readonly timeoutMs: number,
	) {
		this.deadlines = new DeadlineQueue(
			timeoutMs,
			(method) => new TelegramError({ code: 'TIMEOUT', httpCode: null, method, detail: `no answer within ${timeoutMs} ms` }),
		);
		socket.listen((event) => this.onSocketEvent(event));
	}

	/** Socket connects so far; a change across a request means GramJS reconnected (and may have re-sent it). */
	get connectCount(): number {
		return this.socket.connects;
	}

	/**
	 * False once broken or destroyed, and while the socket is closed or GramJS is reconnecting: a pooled
	 * connection whose server went away must not be handed to the next execution, whose requests would then
	 * wait for the whole timeout.
	 */
	get usable(): boolean {
		if (this.broken || this.destroyed || this.handedOver || !this.socket.open) return false;
		return this.client.connected === true && this.client._sender?.isReconnecting !== true;
	}

	/** Users and chats GramJS keeps in its session and entity cache for this client: stays 0 (for tests). */
	get cachedEntities(): number {
		return cachedEntityCount(this.client);
	}

	/** Sends `request`; rejects with TIMEOUT after the credential's timeout, or CancelledError when `cancel` fires. */
	async invoke<R extends Api.AnyRequest>(request: R, cancel?: CancelScope): Promise<R['__response']> {
		const method = request.className;
		const connectsBefore = this.socket.connects;
		try {
			return await this.deadlines.race(this.client.invoke(request), method, cancel);
		} catch (error) {
			const normalised = toTelegramError(error, method, this.socket.connects !== connectsBefore);
			if (normalised instanceof TelegramError && describeError(normalised.code, normalised.httpCode).scope === 'account') {
				this.broken = true;
				this.retire(normalised.message, normalised);
			}
			throw normalised;
		}
	}

	/** The logged-in account, asked once per connection. */
	async getMe(cancel?: CancelScope): Promise<Api.User> {
		const pending = (this.me ??= this.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }), cancel).then((users) => {
			const self = users[0];
			if (!(self instanceof Api.User)) {
				throw new TelegramError({ code: 'AUTH_KEY_UNREGISTERED', httpCode: 401, method: 'users.GetUsers' });
			}
			// GramJS asks who the account is before dispatching each update until it knows: tell it now, so
			// updates are dispatched in the order they arrived and without a request each.
			this.client._selfInputPeer ??= new Api.InputPeerUser({ userId: self.id, accessHash: self.accessHash ?? bigInt.zero });
			return self;
		}));
		const me = await settle(async () => await pending);
		if (me.ok) return me.value;
		// Ask again next time: the failure may have been a timeout.
		this.me = undefined;
		throw me.error;
	}

	/** destroy(), not disconnect(): disconnect leaves GramJS's ping timer and update loop running. */
	async destroy(): Promise<void> {
		if (this.destroyed) return;
		this.destroyed = true;
		this.retire('the connection was closed');
		this.observers.clear();
		this.socket.listen(undefined);
		await this.client.destroy().catch(() => undefined);
		for (const listener of this.destroyedListeners.splice(0)) listener();
	}

	/**
	 * Stops handing this connection to new executions so the session's lease goes to whoever waits for it;
	 * `reason` (who waits) is what its observers are told.
	 */
	handOver(reason: string): void {
		this.handedOver = true;
		this.retire(reason);
	}

	/** `observer` learns of the socket closing and opening again and of the connection's retirement, until the returned function is called. */
	observe(observer: (event: ConnectionEvent) => void): () => void {
		// Retired before it was observed (handed over while the pool gave it out): say so at once.
		if (this.retirement !== undefined) {
			observer(this.retirement);
			return () => undefined;
		}
		this.observers.add(observer);
		return () => this.observers.delete(observer);
	}

	/**
	 * Calls `handler` with every update Telegram pushes, in the order they arrive, until the returned function is
	 * called. Call getMe() first: until GramJS knows the account it asks before each update, out of order.
	 */
	onUpdate(handler: (update: Api.TypeUpdate) => void): () => void {
		// A builder and a callback of its own: GramJS removes every handler matching either.
		const builder = new Raw({});
		// Resolved now rather than on the first update, which would then be dispatched a step behind the next.
		builder.resolved = true;
		const callback = (update: Api.TypeUpdate): void => {
			if (!this.destroyed) handler(update);
		};
		this.client.addEventHandler(callback, builder);
		return () => this.client.removeEventHandler(callback, builder);
	}

	/** GramJS update handlers registered now (for tests: a closed watch leaves none). */
	get updateHandlers(): number {
		return this.client.listEventHandlers().length;
	}

	/** `listener` runs once the connection is destroyed (its socket closed): the session's lease is then free. */
	onDestroyed(listener: () => void): void {
		if (this.destroyed) queueMicrotask(listener);
		else this.destroyedListeners.push(listener);
	}

	private onSocketEvent(event: SocketEvent): void {
		if (this.destroyed) return;
		if (event.kind === 'closed') this.tell({ kind: 'socketClosed' });
		else if (event.kind === 'opened') this.tell({ kind: 'socketOpened' });
		else if (event.kind === 'transportError' && event.code === UNKNOWN_AUTH_KEY) {
			// The server forgot the key (or is another server now), seen after a reconnect.
			this.fail(unknownAuthKey('transport'));
		} else if (event.kind === 'connectFailed' && event.inARow >= CONNECTION_RETRIES) {
			// GramJS made its last reconnect attempt and now leaves every request queued forever.
			this.fail(new TelegramError({ code: 'SERVER_UNREACHABLE', httpCode: null, method: 'reconnect', detail: 'the connection was lost and reconnecting failed' }));
		}
	}

	/** The connection cannot be used any more: every pending request fails with `error` now. */
	private fail(error: TelegramError): void {
		this.broken = true;
		this.deadlines.failAll(error);
		this.retire(error.message, error);
	}

	/** Tells observers, once, that this connection takes no new work. */
	private retire(reason: string, error?: TelegramError): void {
		if (this.retirement !== undefined) return;
		this.retirement = { kind: 'retired', reason, ...(error === undefined ? {} : { error }) };
		this.tell(this.retirement);
	}

	private tell(event: ConnectionEvent): void {
		for (const observer of [...this.observers]) observer(event);
	}
}

function unknownAuthKey(method: string): TelegramError {
	return new TelegramError({ code: 'AUTH_KEY_UNKNOWN', httpCode: UNKNOWN_AUTH_KEY, method, detail: 'the server answered transport error -404' });
}

/**
 * Connects with the credential's values; rejects with a TelegramError within the credential's timeout (at once
 * when the server does not know the session's auth key), or with CancelledError as soon as `signal` aborts.
 */
export async function connectTelegram(settings: ConnectionSettings, signal?: AbortSignal): Promise<TelegramConnection> {
	const session = readSession(settings.session);
	const socket = new SocketMonitor(settings.proxy?.type !== 'mtproxy');
	const client = new TelegramClient(session, settings.apiId, settings.apiHash, {
		connectionRetries: CONNECTION_RETRIES,
		retryDelay: 500,
		requestRetries: 3,
		// The node handles flood waits itself, so it can report them, cap them and cancel them.
		floodSleepThreshold: 0,
		baseLogger: new Logger(LogLevel.NONE),
		networkSocket: createSocketClass(settings.server, socket),
		proxy: toGramjsProxy(settings),
		deviceModel: 'n8n',
		appVersion: 'n8n-nodes-telegram-group-call',
	});
	disableEntityCache(client);
	const keyRefused = new Promise<never>((_, reject) => {
		socket.listen((event) => {
			if (event.kind === 'transportError' && event.code === UNKNOWN_AUTH_KEY) reject(unknownAuthKey('connect'));
		});
	});
	const attempt = await settle(
		async () =>
			await raceDeadline(Promise.race([client.connect(), keyRefused]), {
				ms: settings.timeoutMs,
				onTimeout: () => new TelegramError({ code: 'TIMEOUT', httpCode: null, method: 'connect', detail: `not connected within ${settings.timeoutMs} ms` }),
				signal,
				onCancel: () => new CancelledError(),
			}),
	);
	if (!attempt.ok) {
		socket.listen(undefined);
		await client.destroy().catch(() => undefined);
		throw attempt.error instanceof CancelledError ? attempt.error : toTelegramError(attempt.error, 'connect', false);
	}
	const connected = attempt.value;
	if (!connected) {
		socket.listen(undefined);
		// A failed connect still starts GramJS's update loop: destroy stops it.
		await client.destroy().catch(() => undefined);
		throw new TelegramError({ code: 'SERVER_UNREACHABLE', httpCode: null, method: 'connect', detail: describeTarget(settings) });
	}
	return new TelegramConnection(client, socket, settings.timeoutMs);
}

function readSession(text: string): EntitylessSession {
	const decoded = settleSync(() => new EntitylessSession(text));
	if (!decoded.ok) {
		throw invalidSession('the session string cannot be decoded');
	}
	const session = decoded.value;
	if (!session.serverAddress || !holdsAuthKey(text)) {
		throw invalidSession('the session string holds no login (no server address or auth key)');
	}
	return session;
}

/** StringSession layout: "1" + base64(dc:u8 | addrLen:i16 | addr | port:i16 | authKey[256]). */
function holdsAuthKey(text: string): boolean {
	return Buffer.from(text.slice(1), 'base64').length >= 1 + 2 + 2 + 256;
}

function toGramjsProxy(settings: ConnectionSettings): ProxyInterface | undefined {
	const proxy = settings.proxy;
	if (!proxy) return undefined;
	const seconds = Math.max(1, Math.round(settings.timeoutMs / 1000));
	if (proxy.type === 'mtproxy') {
		return { ip: proxy.host, port: proxy.port, secret: proxy.secret, MTProxy: true, timeout: seconds };
	}
	return { ip: proxy.host, port: proxy.port, socksType: 5, username: proxy.username, password: proxy.password, timeout: seconds };
}

/** Where the client tried to connect: safe to show (no secrets). */
function describeTarget(settings: ConnectionSettings): string {
	const target = settings.server ? `${settings.server.host}:${settings.server.port}` : "the session's Telegram data center";
	const via = settings.proxy ? ` via ${settings.proxy.type} proxy ${settings.proxy.host}:${settings.proxy.port}` : '';
	return `could not reach ${target}${via}`;
}
