import { unzipSync } from 'node:zlib';

import { tlBytes } from './tlBytes';

/** Constructor ids of MTProto service types that GramJS only reads, so the server writes them by hand. */
export const CONSTRUCTOR = {
	rpcResult: 0xf35c6d01,
	rpcError: 0x2144ca19,
	msgContainer: 0x73f1f8dc,
	gzipPacked: 0x3072cfa1,
	msgsAck: 0x62d6b459,
	ping: 0x7abe77ec,
	pingDelayDisconnect: 0xf3427b8c,
	pong: 0x347773c5,
	newSessionCreated: 0x9ec20908,
	badServerSalt: 0xedab447b,
	vector: 0x1cb5c415,
	boolTrue: 0x997275b5,
	boolFalse: 0xbc799737,
	destroySession: 0xe7512126,
	getFutureSalts: 0xb921bd04,
} as const;

/** Anything GramJS can serialise: every `Api.*` constructor instance. */
export interface TlSerializable {
	getBytes(): Buffer;
}

/** An RPC answer on the wire: one TL object, a Vector of them, or a Bool. */
export type TlAnswer = TlSerializable | readonly TlSerializable[] | boolean;

export interface PlainMessage {
	salt: bigint;
	sessionId: bigint;
	msgId: bigint;
	seqNo: number;
	body: Buffer;
}

export class MalformedMessage extends Error {}

/** Splits a decrypted client message: salt, session_id, msg_id, seq_no, length, body (padding dropped). */
export function parsePlainMessage(plain: Buffer): PlainMessage {
	if (plain.length < 32) throw new MalformedMessage('message shorter than its header');
	const length = plain.readInt32LE(28);
	if (length < 4 || length % 4 !== 0 || 32 + length > plain.length) {
		throw new MalformedMessage(`message length ${length} does not fit the packet`);
	}
	return {
		salt: plain.readBigInt64LE(0),
		sessionId: plain.readBigInt64LE(8),
		msgId: plain.readBigInt64LE(16),
		seqNo: plain.readInt32LE(24),
		body: plain.subarray(32, 32 + length),
	};
}

export function buildPlainMessage(salt: bigint, sessionId: bigint, msgId: bigint, seqNo: number, body: Buffer): Buffer {
	const header = Buffer.allocUnsafe(32);
	header.writeBigInt64LE(salt, 0);
	header.writeBigInt64LE(sessionId, 8);
	header.writeBigInt64LE(msgId, 16);
	header.writeInt32LE(seqNo, 24);
	header.writeInt32LE(body.length, 28);
	return Buffer.concat([header, body]);
}

export interface InnerMessage {
	msgId: bigint;
	seqNo: number;
	body: Buffer;
}

export function parseContainer(body: Buffer): InnerMessage[] {
	const count = body.readInt32LE(4);
	const messages: InnerMessage[] = [];
	let offset = 8;
	for (let i = 0; i < count; i++) {
		if (offset + 16 > body.length) throw new MalformedMessage('container shorter than its count');
		const length = body.readInt32LE(offset + 12);
		if (length < 4 || offset + 16 + length > body.length) throw new MalformedMessage('container item overflows');
		messages.push({
			msgId: body.readBigInt64LE(offset),
			seqNo: body.readInt32LE(offset + 8),
			body: body.subarray(offset + 16, offset + 16 + length),
		});
		offset += 16 + length;
	}
	return messages;
}

/** Reads a TL `bytes` value at `offset`. */
export function readTlBytes(buffer: Buffer, offset: number): Buffer {
	let length = buffer[offset];
	let start = offset + 1;
	if (length === 254) {
		length = buffer.readUIntLE(offset + 1, 3);
		start = offset + 4;
	}
	if (start + length > buffer.length) throw new MalformedMessage('bytes value overflows');
	return buffer.subarray(start, start + length);
}

export function unpackGzip(body: Buffer): Buffer {
	return unzipSync(readTlBytes(body, 4));
}

const int32 = (value: number): Buffer => {
	const buffer = Buffer.allocUnsafe(4);
	buffer.writeUInt32LE(value >>> 0, 0);
	return buffer;
};
const int64 = (value: bigint): Buffer => {
	const buffer = Buffer.allocUnsafe(8);
	buffer.writeBigInt64LE(BigInt.asIntN(64, value), 0);
	return buffer;
};

/** `serialize` writes one TL object: the sandbox's codec (wireCodec.ts). */
export function serializeAnswer(answer: TlAnswer, serialize: (object: TlSerializable) => Buffer): Buffer {
	if (typeof answer === 'boolean') return int32(answer ? CONSTRUCTOR.boolTrue : CONSTRUCTOR.boolFalse);
	if (Array.isArray(answer)) {
		const items = answer as readonly TlSerializable[];
		return Buffer.concat([int32(CONSTRUCTOR.vector), int32(items.length), ...items.map(serialize)]);
	}
	return serialize(answer as TlSerializable);
}

export const rpcResult = (reqMsgId: bigint, result: Buffer): Buffer =>
	Buffer.concat([int32(CONSTRUCTOR.rpcResult), int64(reqMsgId), result]);

export const rpcError = (code: number, message: string): Buffer =>
	Buffer.concat([int32(CONSTRUCTOR.rpcError), int32(code), tlBytes(message)]);

export const pong = (msgId: bigint, pingId: bigint): Buffer =>
	Buffer.concat([int32(CONSTRUCTOR.pong), int64(msgId), int64(pingId)]);

export const newSessionCreated = (firstMsgId: bigint, uniqueId: bigint, serverSalt: bigint): Buffer =>
	Buffer.concat([int32(CONSTRUCTOR.newSessionCreated), int64(firstMsgId), int64(uniqueId), int64(serverSalt)]);

export const badServerSalt = (badMsgId: bigint, badSeqNo: number, newSalt: bigint): Buffer =>
	Buffer.concat([int32(CONSTRUCTOR.badServerSalt), int64(badMsgId), int32(badSeqNo), int32(48), int64(newSalt)]);

/** Transport error packet: a bare negative int32 (e.g. -404 for an unknown auth key). */
export const transportError = (code: number): Buffer => {
	const buffer = Buffer.allocUnsafe(4);
	buffer.writeInt32LE(-Math.abs(code), 0);
	return buffer;
};
