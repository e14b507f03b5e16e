import { extensions } from 'telegram';

import { readTlObject } from './tlRead';
import { serializeTl } from './tlSerialize';
import type { TlSerializable } from './tlWire';

/**
 * TL objects to and from bytes, the part of the server's work per request where GramJS's way costs most (decision 0007).
 * Two implementations with the same results; which one a sandbox uses is a start option.
 */
export interface WireCodec {
	readonly name: 'gramjs' | 'fast';
	serialize(object: TlSerializable): Buffer;
	/** Decodes one boxed TL object (a client's request) into its GramJS class instance. */
	read(body: Buffer): unknown;
}

/** GramJS's own getBytes and BinaryReader: the reference the fast codec is tested against. */
export const gramjsCodec: WireCodec = {
	name: 'gramjs',
	serialize: (object) => object.getBytes(),
	read: (body) => new extensions.BinaryReader(body).tgReadObject(),
};

/** The sandbox's own serializer and reader: several times cheaper per request (decision 0007). */
export const fastCodec: WireCodec = {
	name: 'fast',
	serialize: serializeTl,
	read: readTlObject,
};
