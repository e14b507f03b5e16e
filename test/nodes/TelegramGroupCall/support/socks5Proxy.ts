/**
 * A minimal SOCKS5 proxy for tests (node:net only): RFC 1928 CONNECT with "no authentication" or, when given
 * users, username/password (RFC 1929). It records each CONNECT's target and the username that asked for it,
 * then pipes bytes both ways. stop() closes every socket it holds, client and upstream.
 */
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';

export interface Socks5Connect {
	host: string;
	port: number;
	/** The RFC 1929 username the client authenticated with; undefined without authentication. */
	username: string | undefined;
}

export interface Socks5ProxyOptions {
	/** username → password. When given, clients must authenticate (method 0x02); otherwise no-auth (0x00). */
	users?: Record<string, string>;
}

const VERSION = 0x05;
const NO_AUTH = 0x00;
const USER_PASS = 0x02;
const NO_ACCEPTABLE_METHOD = 0xff;
const CMD_CONNECT = 0x01;
const REPLY_SUCCEEDED = 0x00;
const REPLY_HOST_UNREACHABLE = 0x04;
const REPLY_COMMAND_NOT_SUPPORTED = 0x07;
const REPLY_ADDRESS_NOT_SUPPORTED = 0x08;

/** Reply with BND.ADDR 0.0.0.0:0 (clients of this proxy do not use it). */
function reply(code: number): Buffer {
	return Buffer.from([VERSION, code, 0x00, 0x01, 0, 0, 0, 0, 0, 0]);
}

export class Socks5Proxy {
	/** Every CONNECT request that passed authentication, in order (whether or not the target answered). */
	readonly connects: Socks5Connect[] = [];

	/** Username/password attempts that were refused (usernames only: never the password). */
	readonly refusedLogins: string[] = [];

	/** Bytes piped after CONNECT: client → target and target → client. */
	readonly relayed = { up: 0, down: 0 };

	private readonly sockets = new Set<Socket>();

	private constructor(
		private readonly server: Server,
		private readonly users: Record<string, string> | undefined,
	) {
		server.on('connection', (socket) => this.accept(socket));
	}

	static async start(options: Socks5ProxyOptions = {}): Promise<Socks5Proxy> {
		const server = createServer();
		const proxy = new Socks5Proxy(server, options.users);
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
		return proxy;
	}

	get host(): string {
		return '127.0.0.1';
	}

	get port(): number {
		const address = this.server.address();
		if (address === null || typeof address !== 'object') throw new Error('the SOCKS5 proxy is not listening');
		return address.port;
	}

	/** Sockets (client and upstream) still open. */
	get openSockets(): number {
		return this.sockets.size;
	}

	async stop(): Promise<void> {
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		for (const socket of this.sockets) socket.destroy();
		await closed;
	}

	private track(socket: Socket): void {
		this.sockets.add(socket);
		socket.on('error', () => undefined);
		socket.on('close', () => this.sockets.delete(socket));
	}

	private accept(client: Socket): void {
		this.track(client);
		let buffer = Buffer.alloc(0);
		let stage: 'greeting' | 'auth' | 'request' | 'done' = 'greeting';
		let username: string | undefined;

		const fail = (answer?: Buffer): void => {
			stage = 'done';
			client.off('data', onData);
			if (answer) client.end(answer);
			else client.destroy();
		};

		const onData = (chunk: Buffer): void => {
			buffer = Buffer.concat([buffer, chunk]);
			// Each stage consumes a complete message or waits for more bytes.
			for (;;) {
				if (stage === 'greeting') {
					if (buffer.length < 2) return;
					if (buffer[0] !== VERSION) return fail();
					const count = buffer[1];
					if (buffer.length < 2 + count) return;
					const methods = [...buffer.subarray(2, 2 + count)];
					buffer = buffer.subarray(2 + count);
					const wanted = this.users ? USER_PASS : NO_AUTH;
					if (!methods.includes(wanted)) return fail(Buffer.from([VERSION, NO_ACCEPTABLE_METHOD]));
					client.write(Buffer.from([VERSION, wanted]));
					stage = this.users ? 'auth' : 'request';
				} else if (stage === 'auth') {
					// RFC 1929: VER=1 | ULEN | UNAME | PLEN | PASSWD
					if (buffer.length < 2) return;
					if (buffer[0] !== 0x01) return fail();
					const userLength = buffer[1];
					if (buffer.length < 2 + userLength + 1) return;
					const passwordLength = buffer[2 + userLength];
					const total = 2 + userLength + 1 + passwordLength;
					if (buffer.length < total) return;
					const user = buffer.subarray(2, 2 + userLength).toString('utf8');
					const password = buffer.subarray(3 + userLength, total).toString('utf8');
					buffer = buffer.subarray(total);
					const expected = this.users && Object.hasOwn(this.users, user) ? this.users[user] : undefined;
					if (expected === undefined || expected !== password) {
						this.refusedLogins.push(user);
						return fail(Buffer.from([0x01, 0x01]));
					}
					username = user;
					client.write(Buffer.from([0x01, 0x00]));
					stage = 'request';
				} else if (stage === 'request') {
					// VER | CMD | RSV | ATYP | DST.ADDR | DST.PORT
					if (buffer.length < 5) return;
					if (buffer[0] !== VERSION) return fail();
					const command = buffer[1];
					const addressType = buffer[3];
					let host: string;
					let end: number;
					if (addressType === 0x01) {
						end = 4 + 4;
						if (buffer.length < end + 2) return;
						host = [...buffer.subarray(4, end)].join('.');
					} else if (addressType === 0x03) {
						end = 5 + buffer[4];
						if (buffer.length < end + 2) return;
						host = buffer.subarray(5, end).toString('utf8');
					} else if (addressType === 0x04) {
						end = 4 + 16;
						if (buffer.length < end + 2) return;
						const bytes = buffer.subarray(4, end);
						const groups: string[] = [];
						for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
						host = groups.join(':');
					} else {
						return fail(reply(REPLY_ADDRESS_NOT_SUPPORTED));
					}
					const port = buffer.readUInt16BE(end);
					buffer = buffer.subarray(end + 2);
					if (command !== CMD_CONNECT) return fail(reply(REPLY_COMMAND_NOT_SUPPORTED));
					this.connects.push({ host, port, username });
					stage = 'done';
					client.off('data', onData);
					client.pause();
					this.dial(client, host, port, buffer);
					return;
				} else {
					return;
				}
			}
		};
		client.on('data', onData);
	}

	private dial(client: Socket, host: string, port: number, early: Buffer): void {
		const upstream = netConnect({ host, port });
		this.track(upstream);
		let established = false;
		upstream.once('connect', () => {
			established = true;
			client.write(reply(REPLY_SUCCEEDED));
			if (early.length > 0) upstream.write(early);
			if (early.length > 0) this.relayed.up += early.length;
			client.on('data', (chunk: Buffer) => (this.relayed.up += chunk.length));
			upstream.on('data', (chunk: Buffer) => (this.relayed.down += chunk.length));
			client.pipe(upstream);
			upstream.pipe(client);
			client.resume();
		});
		upstream.on('close', () => {
			if (!established) client.end(reply(REPLY_HOST_UNREACHABLE));
			else client.destroy();
		});
		client.on('close', () => upstream.destroy());
	}
}
