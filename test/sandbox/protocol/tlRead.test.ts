// runTests: own process, because GramJS's reader leaves a class's field description changed when a decode fails
// inside a vector (getArgFromReader's isVector toggle in telegram/tl/api.js): later GramJS use in the same process
// would read and write that class wrongly.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';

import { Api, extensions } from 'telegram';

import { readTlObject } from '../../../sandbox/protocol/tlRead';
import { classOf, definitions, makeInstance, random } from '../support/randomTl';

/** What a decode gives, or the error it throws: GramJS's reader and the sandbox's must agree on both. */
function decode(read: (bytes: Buffer) => unknown, bytes: Buffer): unknown {
	try {
		return read(bytes);
	} catch (thrown) {
		return `throws ${thrown instanceof Error ? thrown.constructor.name : typeof thrown}`;
	}
}

const gramjs = (bytes: Buffer): unknown => new extensions.BinaryReader(bytes).tgReadObject();

describe('readTlObject: GramJS objects, with longs read natively', () => {
	it('reads longs to the same big-integer values as GramJS, across the signed range', () => {
		const samples = [Buffer.alloc(8), Buffer.alloc(8, 0xff), Buffer.from('0000000000000080', 'hex'), Buffer.from('ffffffffffffff7f', 'hex')];
		for (let i = 0; i < 200; i++) samples.push(randomBytes(8));
		for (const long of samples) {
			// inputUser#f21158c6 user_id:long access_hash:long
			const bytes = Buffer.concat([Buffer.from('c65811f2', 'hex'), long, long]);
			const ours = readTlObject(bytes) as Api.InputUser;
			assert.deepEqual(ours, gramjs(bytes));
			assert.equal(ours.userId.toString(), long.readBigInt64LE(0).toString());
		}
	});

	it('decodes random instances of every class exactly as GramJS does', () => {
		const next = random(7);
		let compared = 0;
		for (const definition of definitions) {
			if (classOf(definition) === undefined) continue;
			for (let round = 0; round < 3; round++) {
				let bytes: Buffer;
				try {
					bytes = makeInstance(definition, next, 0).getBytes();
				} catch {
					continue; // not every random instance can be serialised
				}
				// GramJS first, and only what it can decode: a decode that fails inside a vector leaves GramJS's shared
				// field description changed (getArgFromReader's isVector toggle), which would skew the other reader.
				const theirs = decode(gramjs, bytes);
				if (typeof theirs === 'string') continue;
				assert.deepEqual(decode(readTlObject, bytes), theirs, `${definition.namespace ?? ''}.${definition.name}`);
				compared++;
			}
		}
		assert.ok(compared > 3000, `compared ${compared}`);
	});

	it('fails like GramJS on a truncated long', () => {
		const bytes = makeInstance(definitions.find((definition) => definition.name === 'InputUser' && definition.namespace === undefined)!, random(1), 0).getBytes();
		const truncated = bytes.subarray(0, bytes.length - 3);
		assert.equal(decode(readTlObject, truncated), decode(gramjs, truncated));
	});
});
