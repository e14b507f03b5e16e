/**
 * The node's socket reads the server's TCPFull frames for transport errors (countingSocket.ts): a server that
 * does not know the session's auth key answers -404 at once, and GramJS alone would then wait forever. Here a
 * raw TCP server answers the client's first bytes with -404 split into single-byte writes, or in the bare
 * 4-byte form, so the frame reader must put it together across chunks. Real GramJS client, real sockets.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';

import { isTelegramError } from '../../../../nodes/TelegramGroupCall/transport';
import { readConnectionSettings } from '../../../../nodes/TelegramGroupCall/transport/connectionSettings';
import { connectTelegram } from '../../../../nodes/TelegramGroupCall/transport/gramjs/telegramConnection';
import { startSandbox, type SandboxCredentials } from '../../../../sandbox';
import { FrameEncoder } from '../../../../sandbox/protocol/tcpTransport';
import { transportError } from '../../../../sandbox/protocol/tlWire';
import { rejection } from '../support/rejection';

/** Well below the credential's 30 s timeout. */
const WELL_BEFORE_TIMEOUT_MS = 10_000;

/** Answers the client's first bytes with `answer`, one byte per write, then keeps the socket open. */
class RefusingServer {
	private readonly sockets = new Set<Socket>();

	private constructor(private readonly server: Server) {}

	static async start(answer: Buffer): Promise<RefusingServer> {
		const server = createServer();
		const refusing = new RefusingServer(server);
		server.on('connection', (socket) => {
			refusing.sockets.add(socket);
			socket.setNoDelay(true);
			socket.on('error', () => undefined);
			socket.on('close', () => refusing.sockets.delete(socket));
			socket.once('data', () => {
				void (async () => {
					for (const byte of answer) {
						if (socket.destroyed) return;
						socket.write(Buffer.from([byte]));
						await delay(2);
					}
				})();
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return refusing;
	}

	get port(): number {
		const address = this.server.address();
		if (address === null || typeof address !== 'object') throw new Error('not listening');
		return address.port;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

describe('transport error -404 read on the node socket', () => {
	let credentials: SandboxCredentials;

	before(async () => {
		// Only for a well-formed session string: the refusing servers below know no key at all.
		const sandbox = await startSandbox({ port: 0 });
		credentials = sandbox.credentials();
		await sandbox.stop();
	});

	const answers: Array<[string, () => Buffer]> = [
		['as a TCPFull frame, one byte per write', () => new FrameEncoder('full').encode(transportError(404))],
		['in the bare form (the int32 in place of the frame length)', () => transportError(404)],
	];
	const servers: RefusingServer[] = [];

	after(async () => {
		for (const server of servers) await server.stop();
	});

	for (const [form, answer] of answers) {
		it(`fails the connect at once with AUTH_KEY_UNKNOWN when -404 arrives ${form}`, { timeout: 20_000 }, async () => {
			const server = await RefusingServer.start(answer());
			servers.push(server);
			const started = performance.now();
			const error = await rejection(connectTelegram(readConnectionSettings({ ...credentials, server: `127.0.0.1:${server.port}` })));
			const elapsed = performance.now() - started;
			assert.ok(isTelegramError(error), String(error));
			assert.equal(error.code, 'AUTH_KEY_UNKNOWN');
			assert.equal(error.httpCode, 404);
			assert.ok(elapsed < WELL_BEFORE_TIMEOUT_MS, `took ${elapsed} ms`);
			assert.ok(!error.message.includes(credentials.session));
		});
	}
});
