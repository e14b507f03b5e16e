import { extensions } from 'telegram';
import { IGE } from 'telegram/crypto/IGE';

import { aesIgeDecrypt, aesIgeEncrypt } from './aesIge';
import { readTlObject } from './tlRead';
import { serializeTl } from './tlSerialize';
import type { TlSerializable } from './tlWire';

/**
 * The per-request work the server hands off: TL objects to and from bytes, and AES-256-IGE.
 * Two implementations give the same bytes; which one a sandbox uses is a start option.
 */
export interface WireCodec {
	readonly name: 'gramjs' | 'fast';
	serialize(object: TlSerializable): Buffer;
	/** Decodes one boxed TL object (a client's request) into its GramJS class instance. */
	read(body: Buffer): unknown;
	encryptIge(plain: Buffer, key: Buffer, iv: Buffer): Buffer;
	decryptIge(encrypted: Buffer, key: Buffer, iv: Buffer): Buffer;
}

/** GramJS's own getBytes, BinaryReader and IGE: the reference the fast codec is tested against. */
export const gramjsCodec: WireCodec = {
	name: 'gramjs',
	serialize: (object) => object.getBytes(),
	read: (body) => new extensions.BinaryReader(body).tgReadObject(),
	encryptIge: (plain, key, iv) => {
		// GramJS pads a partial block with random bytes instead of refusing it; the server never asks for that.
		if (plain.length % 16 !== 0) throw new Error('IGE input must be a multiple of 16 bytes');
		return Buffer.from(new IGE(key, iv).encryptIge(plain));
	},
	decryptIge: (encrypted, key, iv) => {
		if (encrypted.length % 16 !== 0) throw new Error('IGE input must be a multiple of 16 bytes');
		return Buffer.from(new IGE(key, iv).decryptIge(encrypted));
	},
};

/** The sandbox's own serializer, reader and IGE (decision 0007: what they cost and why they stay). */
export const fastCodec: WireCodec = {
	name: 'fast',
	serialize: serializeTl,
	read: readTlObject,
	encryptIge: aesIgeEncrypt,
	decryptIge: aesIgeDecrypt,
};
