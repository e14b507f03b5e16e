/** TL `bytes` and `string`: a 1-byte length (or 254 and a 3-byte length), the data, zeros to a multiple of 4. */
export function tlBytesSize(data: Buffer | string): number {
	const length = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
	return (headerSize(length) + length + 3) & ~3;
}

/** Writes `data` as TL `bytes` at `offset` (room for tlBytesSize(data) bytes must be there); returns the end. */
export function writeTlBytes(target: Buffer, offset: number, data: Buffer | string): number {
	const length = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
	const header = headerSize(length);
	const end = offset + ((header + length + 3) & ~3);
	if (header === 1) {
		target[offset] = length;
	} else {
		target[offset] = 254;
		target.writeUIntLE(length, offset + 1, 3);
	}
	if (typeof data === 'string') target.write(data, offset + header, 'utf8');
	else data.copy(target, offset + header);
	target.fill(0, offset + header + length, end);
	return end;
}

export function tlBytes(data: Buffer | string): Buffer {
	const target = Buffer.allocUnsafe(tlBytesSize(data));
	writeTlBytes(target, 0, data);
	return target;
}

const headerSize = (length: number): 1 | 4 => (length < 254 ? 1 : 4);
