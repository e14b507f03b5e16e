/**
 * Minimal TL reading and writing for the key exchange, written from the MTProto schema rather than through
 * GramJS's serialisers, so the sandbox does not share a client bug it is meant to catch.
 */

export class TlReadError extends Error {}

export function tlInt(value: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeInt32LE(value | 0, 0);
	return buffer;
}

export function tlConstructor(id: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeUInt32LE(id >>> 0, 0);
	return buffer;
}

export function tlLong(value: bigint): Buffer {
	const buffer = Buffer.alloc(8);
	buffer.writeBigInt64LE(BigInt.asIntN(64, value), 0);
	return buffer;
}

/** Reads TL values in order from a buffer. */
export class TlCursor {
	private offset = 0;

	constructor(private readonly buffer: Buffer) {}

	get position(): number {
		return this.offset;
	}

	constructorId(): number {
		return this.take(4).readUInt32LE(0);
	}

	int(): number {
		return this.take(4).readInt32LE(0);
	}

	long(): bigint {
		return this.take(8).readBigInt64LE(0);
	}

	/** int128 / int256 as their raw little-endian bytes. */
	raw(length: number): Buffer {
		return Buffer.from(this.take(length));
	}

	bytes(): Buffer {
		let length = this.take(1)[0];
		let headerLength = 1;
		if (length === 254) {
			length = this.take(3).readUIntLE(0, 3);
			headerLength = 4;
		}
		const data = Buffer.from(this.take(length));
		this.take((4 - ((headerLength + length) % 4)) % 4);
		return data;
	}

	private take(length: number): Buffer {
		if (this.offset + length > this.buffer.length) throw new TlReadError('value runs past the end of the message');
		const slice = this.buffer.subarray(this.offset, this.offset + length);
		this.offset += length;
		return slice;
	}
}
