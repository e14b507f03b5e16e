import { crc32 } from 'node:zlib';

/**
 * MTProto TCP transports (https://core.telegram.org/mtproto/mtproto-transports): full (GramJS's default),
 * abridged and intermediate. The mode is detected from the first bytes a client sends.
 */
export type TransportMode = 'full' | 'abridged' | 'intermediate';

/** Larger frames are refused: Telegram's own limit is about 1 MiB per message. */
const MAX_FRAME = 2 * 1024 * 1024;

export class TransportError extends Error {}

export class FrameDecoder {
	private buffered = Buffer.alloc(0);
	private mode: TransportMode | undefined;
	private expectedSeq = 0;

	get transport(): TransportMode | undefined {
		return this.mode;
	}

	/** Feeds received bytes; returns every complete frame's payload. Throws TransportError on garbage. */
	push(chunk: Buffer): Buffer[] {
		this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
		if (this.mode === undefined && !this.detectMode()) return [];
		const frames: Buffer[] = [];
		for (;;) {
			const frame = this.nextFrame();
			if (frame === undefined) return frames;
			frames.push(frame);
		}
	}

	/** Bytes of a frame begun but not finished (for logging a truncated frame on close). */
	get pendingBytes(): number {
		return this.buffered.length;
	}

	private detectMode(): boolean {
		if (this.buffered.length < 1) return false;
		if (this.buffered[0] === 0xef) {
			this.mode = 'abridged';
			this.buffered = this.buffered.subarray(1);
			return true;
		}
		if (this.buffered.length < 4) return false;
		const tag = this.buffered.readUInt32LE(0);
		if (tag === 0xeeeeeeee) {
			this.mode = 'intermediate';
			this.buffered = this.buffered.subarray(4);
			return true;
		}
		if (tag === 0xdddddddd) throw new TransportError('padded intermediate transport is not supported');
		this.mode = 'full';
		return true;
	}

	private nextFrame(): Buffer | undefined {
		switch (this.mode) {
			case 'full':
				return this.nextFullFrame();
			case 'abridged':
				return this.nextAbridgedFrame();
			default:
				return this.nextIntermediateFrame();
		}
	}

	private take(headerLength: number, payloadLength: number): Buffer | undefined {
		if (payloadLength > MAX_FRAME) throw new TransportError(`frame of ${payloadLength} bytes is too large`);
		if (this.buffered.length < headerLength + payloadLength) return undefined;
		const payload = this.buffered.subarray(headerLength, headerLength + payloadLength);
		this.buffered = this.buffered.subarray(headerLength + payloadLength);
		return payload;
	}

	private nextFullFrame(): Buffer | undefined {
		if (this.buffered.length < 4) return undefined;
		const total = this.buffered.readInt32LE(0);
		if (total < 12 + 4 || total % 4 !== 0 || total > MAX_FRAME) {
			throw new TransportError(`invalid full-transport frame length ${total}`);
		}
		if (this.buffered.length < total) return undefined;
		const frame = this.buffered.subarray(0, total);
		this.buffered = this.buffered.subarray(total);
		const expectedCrc = frame.readUInt32LE(total - 4);
		if (crc32(frame.subarray(0, total - 4)) !== expectedCrc) {
			throw new TransportError('full-transport frame has a wrong CRC32');
		}
		const seq = frame.readInt32LE(4);
		if (seq !== this.expectedSeq) throw new TransportError(`full-transport sequence ${seq}, expected ${this.expectedSeq}`);
		this.expectedSeq++;
		return frame.subarray(8, total - 4);
	}

	private nextAbridgedFrame(): Buffer | undefined {
		if (this.buffered.length < 1) return undefined;
		const first = this.buffered[0] & 0x7f;
		if (first < 0x7f) return this.take(1, first * 4);
		if (this.buffered.length < 4) return undefined;
		return this.take(4, this.buffered.readUIntLE(1, 3) * 4);
	}

	private nextIntermediateFrame(): Buffer | undefined {
		if (this.buffered.length < 4) return undefined;
		const length = this.buffered.readInt32LE(0) & 0x7fffffff;
		return this.take(4, length);
	}
}

export class FrameEncoder {
	private seq = 0;

	constructor(private readonly mode: TransportMode) {}

	encode(payload: Buffer): Buffer {
		switch (this.mode) {
			case 'full': {
				const frame = Buffer.allocUnsafe(payload.length + 12);
				frame.writeInt32LE(payload.length + 12, 0);
				frame.writeInt32LE(this.seq++, 4);
				payload.copy(frame, 8);
				frame.writeUInt32LE(crc32(frame.subarray(0, payload.length + 8)), payload.length + 8);
				return frame;
			}
			case 'abridged': {
				const words = payload.length / 4;
				if (words < 0x7f) return Buffer.concat([Buffer.from([words]), payload]);
				const header = Buffer.alloc(4);
				header[0] = 0x7f;
				header.writeUIntLE(words, 1, 3);
				return Buffer.concat([header, payload]);
			}
			default: {
				const header = Buffer.allocUnsafe(4);
				header.writeInt32LE(payload.length, 0);
				return Buffer.concat([header, payload]);
			}
		}
	}
}
