import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import bigInt from 'big-integer';
import { Api } from 'telegram';

import { serializeTl } from '../../../sandbox/protocol/tlSerialize';
import { toApiUser } from '../../../sandbox/methods/tl/users';
import { classOf, definitions, makeInstance, random } from '../support/randomTl';

/** GramJS's answer, or the error it throws. */
function gramjsBytes(object: { getBytes(): Buffer }): Buffer | string {
	// getBytes logs a CastError for a value of an unexpected type; quiet here, the bytes are what is compared.
	const error = console.error;
	console.error = () => undefined;
	try {
		return object.getBytes();
	} catch (thrown) {
		return `throws ${String(thrown)}`;
	} finally {
		console.error = error;
	}
}

function fastBytes(object: { getBytes(): Buffer }): Buffer | string {
	const error = console.error;
	console.error = () => undefined;
	try {
		return serializeTl(object);
	} catch (thrown) {
		return `throws ${String(thrown)}`;
	} finally {
		console.error = error;
	}
}

/** Makes getBytes throw on the object and every TL object inside it. */
function forbidGetBytes(value: unknown): void {
	if (Array.isArray(value)) value.forEach(forbidGetBytes);
	if (typeof value !== 'object' || value === null || typeof (value as { getBytes?: unknown }).getBytes !== 'function') return;
	if (Object.hasOwn(value, 'getBytes')) return; // met before: the user is in the list and inside the updates
	Object.defineProperty(value, 'getBytes', {
		value: () => {
			throw new Error('getBytes called');
		},
	});
	for (const field of Object.values(value)) forbidGetBytes(field);
}

describe('serializeTl: the same bytes as GramJS getBytes, faster', () => {
	it('matches getBytes for random instances of every class in the schema', () => {
		const next = random(20261130);
		let compared = 0;
		for (const definition of definitions) {
			if (classOf(definition) === undefined) continue;
			for (let round = 0; round < 4; round++) {
				let object: { getBytes(): Buffer };
				try {
					object = makeInstance(definition, next, 0);
				} catch {
					continue; // GramJS's patched Message refuses some random values (an id of 0) in its constructor
				}
				assert.deepEqual(fastBytes(object), gramjsBytes(object), `${definition.namespace ?? ''}.${definition.name} round ${round}`);
				compared++;
			}
		}
		assert.ok(compared > 5000, `compared ${compared}`);
	});

	it('matches getBytes for the answers the sandbox builds', () => {
		// A user whose id and access hash need all 64 bits.
		const person = {
			id: '9007199254740993',
			accessHash: '-8070450532247928832',
			firstName: 'Ops',
			lastName: 'Bot',
			username: 'ops',
			phone: '15550001',
			contact: true,
			bot: false,
			deleted: false,
		};
		const user = toApiUser(person as Parameters<typeof toApiUser>[0], person.id);
		const updates = new Api.Updates({ updates: [new Api.UpdateGroupCall({ chatId: bigInt(5), call: new Api.GroupCallDiscarded({ id: bigInt(1), accessHash: bigInt(2), duration: 3 }) })], users: [user], chats: [], date: 1, seq: 0 });
		const answers = [user, updates, new Api.UserEmpty({ id: bigInt('12345678901234567') })];
		const expected = answers.map((object) => object.getBytes());
		// The fast path must write these itself: a fallback to GramJS would still be correct, only slow again.
		answers.forEach(forbidGetBytes);
		assert.deepEqual(answers.map((object) => serializeTl(object)), expected);
	});

	it('leaves a missing required object to GramJS, which reports it', () => {
		const broken = new Api.users.UserFull({ fullUser: undefined as unknown as Api.UserFull, chats: [], users: [] });
		assert.equal(fastBytes(broken), gramjsBytes(broken));
		assert.match(String(fastBytes(broken)), /^throws/);
	});
});
