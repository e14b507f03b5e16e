import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';

import { KeyExchange, KeyExchangeFailure, type KeyExchangeStep } from '../protocol/keyExchange/keyExchange';
import { decryptFromClient, encryptForClient, MessageKeyMismatch } from '../protocol/mtprotoCrypto';
import { FrameDecoder, FrameEncoder, TransportError } from '../protocol/tcpTransport';
import * as wire from '../protocol/tlWire';
import type { WireCodec } from '../protocol/wireCodec';
import type { KnownAuthKey } from './sessionKeys';

export type SandboxEventKind = 'connected' | 'disconnected' | 'protocol-error' | 'unknown-auth-key' | 'truncated-frame' | 'dropped' | 'key-agreed';

export interface SandboxEvent {
	at: string;
	kind: SandboxEventKind;
	connectionId: number;
	message: string;
}

/** A decoded client request (a GramJS `Api.*` request object). */
export interface TlRequest {
	className: string;
	CONSTRUCTOR_ID: number;
	getBytes(): Buffer;
}

export interface ConnectionStats {
	pongs: number;
	connections: number;
}

export interface ConnectionHost {
	readonly serverSalt: bigint;
	readonly codec: WireCodec;
	readonly stats: ConnectionStats;
	lookupKey(authKeyId: Buffer): KnownAuthKey | undefined;
	/** A key exchange on this connection agreed a new auth key: known from now on, not yet logged in. */
	registerAgreedKey(authKey: Buffer): KnownAuthKey;
	dispatch(request: TlRequest, connection: ClientConnection, key: KnownAuthKey, reqMsgId: bigint): void;
	report(kind: SandboxEventKind, connectionId: number, message: string): void;
	forget(connection: ClientConnection): void;
}

let lastServerMsgId = 0n;

/** Server msg_ids: time-based, strictly increasing, ≡ 1 (mod 4) for answers and ≡ 3 for anything else. */
function nextServerMsgId(isAnswer: boolean): bigint {
	const now = Date.now();
	let id = (BigInt(Math.floor(now / 1000)) << 32n) | (BigInt(now % 1000) << 22n);
	if (id <= lastServerMsgId) id = lastServerMsgId + 4n;
	id = (id & ~3n) | (isAnswer ? 1n : 3n);
	lastServerMsgId = id;
	return id;
}

/**
 * One TCP connection from a client: transport framing, MTProto 2.0 encryption, service messages
 * (containers, gzip, acks, pings, salts, new sessions). RPCs go to the host's dispatcher.
 */
export class ClientConnection {
	private readonly decoder = new FrameDecoder();
	private encoder: FrameEncoder | undefined;
	private key: KnownAuthKey | undefined;
	private keyExchange: KeyExchange | undefined;
	private sessionId: bigint | undefined;
	private contentMessagesSent = 0;
	private disconnectTimer: NodeJS.Timeout | undefined;
	private closed = false;
	private corked = false;

	constructor(
		readonly id: number,
		private readonly socket: Socket,
		private readonly host: ConnectionHost,
	) {
		socket.setNoDelay(true);
		socket.on('data', (chunk: Buffer) => this.receive(chunk));
		socket.on('error', () => undefined);
		socket.on('close', () => this.onClose());
	}

	get accountId(): string | undefined {
		return this.key?.accountId;
	}

	get authKeyIdHex(): string | undefined {
		return this.key?.authKeyIdHex;
	}

	get isOpen(): boolean {
		return !this.closed;
	}

	/** The MTProto session id of the client's latest message: GramJS picks a random one per client (and per reconnect). */
	get mtprotoSessionId(): bigint | undefined {
		return this.sessionId;
	}

	/** Closes the connection abruptly, as a network failure would. */
	drop(): void {
		if (this.closed) return;
		this.closed = true;
		this.socket.destroy();
	}

	sendRpcResult(reqMsgId: bigint, result: Buffer): void {
		this.sendEncrypted(wire.rpcResult(reqMsgId, result), true, true);
	}

	sendRpcError(reqMsgId: bigint, code: number, message: string): void {
		this.sendEncrypted(wire.rpcResult(reqMsgId, wire.rpcError(code, message)), true, true);
	}

	/** Unasked Updates, the way Telegram pushes them to a connected client. */
	sendUpdates(updates: Buffer): void {
		if (this.sessionId !== undefined) this.sendEncrypted(updates, true, false);
	}

	private receive(chunk: Buffer): void {
		if (this.closed) return;
		let frames: Buffer[];
		try {
			frames = this.decoder.push(chunk);
		} catch (error) {
			const reason = error instanceof TransportError ? error.message : String(error);
			this.host.report('protocol-error', this.id, `closing: ${reason}`);
			this.drop();
			return;
		}
		this.encoder ??= this.decoder.transport === undefined ? undefined : new FrameEncoder(this.decoder.transport);
		for (const frame of frames) {
			if (this.closed) return;
			this.receiveFrame(frame);
		}
	}

	private receiveFrame(frame: Buffer): void {
		if (frame.length < 8) {
			this.host.report('protocol-error', this.id, `closing: packet of ${frame.length} bytes`);
			this.drop();
			return;
		}
		if (frame.readUInt32LE(0) === 0 && frame.readUInt32LE(4) === 0) {
			// An unencrypted message (auth_key_id 0): a client without a key (a fresh login) agrees one first
			// (docs/decisions/0005-login-keys.md).
			this.receiveUnencrypted(frame);
			return;
		}
		const authKeyId = frame.subarray(0, 8);
		// A client keeps to one key per connection: only a different one is looked up (by its hex id).
		const key = this.key !== undefined && this.key.authKeyId.equals(authKeyId) ? this.key : this.host.lookupKey(authKeyId);
		if (key === undefined) {
			this.refuseKey(`unknown auth key ${authKeyId.toString('hex')}`);
			return;
		}
		this.key = key;
		let message: wire.PlainMessage;
		try {
			message = wire.parsePlainMessage(decryptFromClient(key.authKey, frame));
		} catch (error) {
			const reason = error instanceof MessageKeyMismatch || error instanceof wire.MalformedMessage ? error.message : String(error);
			this.host.report('protocol-error', this.id, `dropping an undecryptable packet: ${reason}`);
			return;
		}
		if (message.sessionId !== this.sessionId) {
			this.sessionId = message.sessionId;
			this.contentMessagesSent = 0;
			this.sendEncrypted(wire.newSessionCreated(message.msgId, randomBytes(8).readBigInt64LE(0), this.host.serverSalt), true, false);
		}
		if (message.salt !== this.host.serverSalt) {
			this.sendEncrypted(wire.badServerSalt(message.msgId, message.seqNo, this.host.serverSalt), false, false);
			return;
		}
		try {
			this.handleMessage(message.msgId, message.body);
		} catch (error) {
			this.host.report('protocol-error', this.id, `dropping a malformed message: ${error instanceof Error ? error.message : String(error)}`);
		}
	}

	/** auth_key_id = 0 | msg_id | length | body; answered in the same form. */
	private receiveUnencrypted(frame: Buffer): void {
		const length = frame.length >= 20 ? frame.readInt32LE(16) : -1;
		if (length < 4 || 20 + length > frame.length) {
			this.refuseKey(`unencrypted message with a bad length (${length})`);
			return;
		}
		this.keyExchange ??= new KeyExchange();
		let step: KeyExchangeStep;
		try {
			step = this.keyExchange.handle(frame.subarray(20, 20 + length));
		} catch (error) {
			this.refuseKey(error instanceof KeyExchangeFailure ? error.message : String(error));
			return;
		}
		const header = Buffer.alloc(20);
		header.writeBigInt64LE(nextServerMsgId(true), 8);
		header.writeInt32LE(step.answer.length, 16);
		this.writeFrame(Buffer.concat([header, step.answer]));
		if (step.authKey !== undefined) {
			const known = this.host.registerAgreedKey(step.authKey);
			this.keyExchange = undefined;
			this.host.report('key-agreed', this.id, `new auth key ${known.authKeyIdHex} (not logged in yet)`);
		}
	}

	private refuseKey(reason: string): void {
		this.host.report('unknown-auth-key', this.id, `${reason}: answered transport error -404`);
		this.writeFrame(wire.transportError(404));
		this.socket.end();
		this.closed = true;
	}

	private handleMessage(msgId: bigint, body: Buffer): void {
		const constructorId = body.readUInt32LE(0);
		switch (constructorId) {
			case wire.CONSTRUCTOR.msgContainer:
				for (const inner of wire.parseContainer(body)) this.handleMessage(inner.msgId, inner.body);
				return;
			case wire.CONSTRUCTOR.gzipPacked:
				this.handleMessage(msgId, wire.unpackGzip(body));
				return;
			case wire.CONSTRUCTOR.msgsAck:
				return;
			case wire.CONSTRUCTOR.ping:
				this.host.stats.pongs++;
				this.sendEncrypted(wire.pong(msgId, body.readBigInt64LE(4)), false, false);
				return;
			case wire.CONSTRUCTOR.pingDelayDisconnect:
				this.host.stats.pongs++;
				this.sendEncrypted(wire.pong(msgId, body.readBigInt64LE(4)), false, false);
				this.armDisconnectTimer(body.readInt32LE(12));
				return;
			default:
				this.dispatchRequest(msgId, body);
		}
	}

	private dispatchRequest(msgId: bigint, body: Buffer): void {
		let request: TlRequest;
		try {
			request = this.host.codec.read(body) as TlRequest;
		} catch {
			// Never stay silent: an unanswered request makes GramJS wait forever.
			const constructorId = body.readUInt32LE(0).toString(16).padStart(8, '0');
			this.host.report('protocol-error', this.id, `unknown or malformed request, constructor 0x${constructorId}`);
			this.sendRpcError(msgId, 400, `INPUT_CONSTRUCTOR_INVALID_${constructorId.toUpperCase()}`);
			return;
		}
		if (this.key !== undefined) this.host.dispatch(request, this, this.key, msgId);
	}

	/** ping_delay_disconnect: close the connection if no further ping arrives within the delay. */
	private armDisconnectTimer(seconds: number): void {
		clearTimeout(this.disconnectTimer);
		if (seconds <= 0) return;
		this.disconnectTimer = setTimeout(() => {
			this.host.report('dropped', this.id, `no ping within ${seconds} s (ping_delay_disconnect)`);
			this.drop();
		}, seconds * 1000);
		this.disconnectTimer.unref();
	}

	private sendEncrypted(body: Buffer, contentRelated: boolean, isAnswer: boolean): void {
		if (this.closed || this.key === undefined || this.sessionId === undefined) return;
		const seqNo = contentRelated ? this.contentMessagesSent++ * 2 + 1 : this.contentMessagesSent * 2;
		const plain = wire.buildPlainMessage(this.host.serverSalt, this.sessionId, nextServerMsgId(isAnswer), seqNo, body);
		this.writeFrame(encryptForClient(this.key.authKey, this.key.authKeyId, plain));
	}

	private writeFrame(payload: Buffer): void {
		if (this.closed || this.encoder === undefined) return;
		// Answers produced in the same tick leave in one write (one system call) instead of one each.
		if (!this.corked) {
			this.corked = true;
			this.socket.cork();
			process.nextTick(this.uncork);
		}
		this.socket.write(this.encoder.encode(payload));
	}

	// Made once per connection, not once per answer.
	private readonly uncork = (): void => {
		this.corked = false;
		this.socket.uncork();
	};

	private onClose(): void {
		clearTimeout(this.disconnectTimer);
		if (this.decoder.pendingBytes > 0) {
			this.host.report('truncated-frame', this.id, `client left with ${this.decoder.pendingBytes} bytes of an unfinished frame`);
		}
		this.closed = true;
		this.host.report('disconnected', this.id, 'connection closed');
		this.host.forget(this);
	}
}

