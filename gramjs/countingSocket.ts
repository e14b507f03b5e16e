import type { Socket } from 'net';
import { PromisedNetSockets } from 'telegram/extensions';

/** What the node's socket tells its connection (GramJS itself notices none of these in time). */
export type SocketEvent =
	/** A socket connected (the first connect, or GramJS's reconnect after a close). */
	| { kind: 'opened' }
	/** The server or the network closed a socket that was open (not our own destroy()). */
	| { kind: 'closed' }
	/** A (re)connect attempt failed; `inARow` counts the failures since the last successful connect. */
	| { kind: 'connectFailed'; inARow: number }
	/** The server answered with a transport error, e.g. 404: it does not know the session's auth key. */
	| { kind: 'transportError'; code: number };

/** Connect counting alone (what the login command needs). */
export interface SocketStats {
	/** Every (re)connect attempt: a change while a request is pending means GramJS reconnected (and may re-send). */
	connects: number;
}

/**
 * The socket side of one GramJS client: how often it connected, whether a socket is open now, and who
 * listens for its events (the connection; during the connect, connectTelegram).
 */
export class SocketMonitor implements SocketStats {
	connects = 0;

	/** A socket is connected and has not been closed. */
	open = false;

	private failedInARow = 0;

	private listener: ((event: SocketEvent) => void) | undefined;

	/**
	 * @param readsFrames Whether the bytes are TCPFull frames the monitor can read. An MTProxy's obfuscated
	 * stream is not: there, transport errors go unnoticed (the request deadline still ends the wait).
	 */
	constructor(readonly readsFrames: boolean) {}

	/** Replaces the one listener. */
	listen(listener: ((event: SocketEvent) => void) | undefined): void {
		this.listener = listener;
	}

	connected(): void {
		this.open = true;
		this.failedInARow = 0;
		this.listener?.({ kind: 'opened' });
	}

	connectFailed(): void {
		this.failedInARow += 1;
		this.listener?.({ kind: 'connectFailed', inARow: this.failedInARow });
	}

	closed(): void {
		if (!this.open) return;
		this.open = false;
		this.listener?.({ kind: 'closed' });
	}

	transportError(code: number): void {
		this.listener?.({ kind: 'transportError', code });
	}
}

/** TCPFull frame: length:int32LE (the whole frame) | seq:int32LE | payload | crc32. */
const FRAME_HEAD = 12;
/** A frame whose payload is one int32: how Telegram sends a transport error (-404 and the like). */
const TRANSPORT_ERROR_FRAME = FRAME_HEAD + 4;
/** Larger than any MTProto message: a length beyond it means the bytes are not TCPFull frames after all. */
const MAX_FRAME = 16 * 1024 * 1024;

/**
 * Follows the server's TCPFull frames on one socket, keeping only the first 12 bytes of each frame, and
 * reports a frame that holds nothing but a negative int32: a transport error. GramJS reads those as a
 * broken packet and then waits silently (for -404, an unknown auth key, forever).
 */
class TransportErrorReader {
	private head = Buffer.alloc(0);

	private skip = 0;

	private stopped = false;

	constructor(private readonly onError: (code: number) => void) {}

	push(chunk: Buffer): void {
		let offset = 0;
		while (!this.stopped && offset < chunk.length) {
			if (this.skip > 0) {
				const skipped = Math.min(this.skip, chunk.length - offset);
				this.skip -= skipped;
				offset += skipped;
				continue;
			}
			const wanted = FRAME_HEAD - this.head.length;
			this.head = Buffer.concat([this.head, chunk.subarray(offset, offset + wanted)]);
			offset += Math.min(wanted, chunk.length - offset);
			// Seen from Telegram: the bare error in place of the length (GramJS reads this form the same way).
			if (this.head.length >= 4 && this.head.readInt32LE(0) < 0) {
				this.report(-this.head.readInt32LE(0));
				return;
			}
			if (this.head.length < FRAME_HEAD) return;
			this.readFrameHead(this.head);
			this.head = Buffer.alloc(0);
		}
	}

	private readFrameHead(head: Buffer): void {
		const length = head.readInt32LE(0);
		if (length < FRAME_HEAD || length > MAX_FRAME) {
			this.stopped = true;
			return;
		}
		if (length === TRANSPORT_ERROR_FRAME) {
			// The first payload byte is at 8; the frame's last 4 bytes (its CRC) are still to come.
			const payload = head.readInt32LE(8);
			if (payload < 0) {
				this.report(-payload);
				return;
			}
		}
		this.skip = length - FRAME_HEAD;
	}

	private report(code: number): void {
		this.stopped = true;
		this.onError(code);
	}
}

/**
 * GramJS's Node socket, with these changes:
 * - it can connect to a fixed "host:port" instead of what GramJS asks for: GramJS always dials the session's
 *   address on port 80, whatever port the session stores, so a sandbox or test server on another port is
 *   reachable only this way (through SOCKS5 too: the proxy then dials this target);
 * - it counts connects, and when given a SocketMonitor reports to it failed connects, closes and transport
 *   errors (an unknown auth key answers -404 at once, which GramJS would wait on forever);
 * - Nagle's algorithm is off: GramJS acknowledges an error answer in a message of its own, and the next request
 *   then waited for the server's delayed ACK (about 40 ms per Telegram error on loopback);
 * - it is unref'd: an idle pooled connection must not keep n8n's process (or a CLI run) alive. A pending
 *   request still does, through the transport's own timeout timer.
 * GramJS instantiates the class itself (`networkSocket` option), hence one class per client.
 */
export function createSocketClass(
	target: { host: string; port: number } | undefined,
	stats: SocketStats,
): typeof PromisedNetSockets {
	const monitor = stats instanceof SocketMonitor ? stats : undefined;
	return class MonitoredNetSocket extends PromisedNetSockets {
		override async connect(port: number, ip: string): Promise<unknown> {
			stats.connects += 1;
			let opened: unknown;
			try {
				opened = target ? await super.connect(target.port, target.host) : await super.connect(port, ip);
			} catch (error) {
				monitor?.connectFailed();
				throw error;
			}
			// `client` is private in GramJS's typings; it is the net.Socket (or the SOCKS socket) just opened.
			const socket = (this as unknown as { client?: Socket }).client;
			if (socket) {
				socket.setNoDelay(true);
				socket.unref();
				if (monitor) watch(socket, monitor);
			}
			return opened;
		}
	};
}

function watch(socket: Socket, monitor: SocketMonitor): void {
	monitor.connected();
	socket.once('close', () => monitor.closed());
	if (monitor.readsFrames) {
		const reader = new TransportErrorReader((code) => monitor.transportError(code));
		socket.on('data', (chunk: Buffer) => reader.push(chunk));
	}
}
