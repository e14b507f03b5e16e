import bigInt from 'big-integer';
import { Api } from 'telegram';
import apiTl from 'telegram/tl/apiTl';
import { parseTl } from 'telegram/tl/generationHelpers';
import schemaTl from 'telegram/tl/schemaTl';

/*
 * Random instances of every GramJS TL class, built from the schema the way GramJS parses it: for checking that the
 * sandbox's own (de)serialisation shortcuts give exactly GramJS's results.
 */

/** Every class GramJS builds, with its parsed fields, the way api.js parses the schema. */
export interface Definition {
	name: string;
	namespace?: string;
	constructorId: number;
	result: string;
	isFunction: boolean;
	argsConfig: Record<string, { isVector: boolean; isFlag: boolean; flagIndicator: boolean; type: string | null }>;
}

export const definitions: Definition[] = [...parseTl(apiTl, '109'), ...parseTl(schemaTl, '109')] as Definition[];
const constructorsByType = new Map<string, Definition[]>();
for (const definition of definitions) {
	if (definition.isFunction) continue;
	const list = constructorsByType.get(definition.result) ?? [];
	list.push(definition);
	constructorsByType.set(definition.result, list);
}

export function classOf(definition: Definition): new (args: Record<string, unknown>) => { getBytes(): Buffer } {
	const holder = (definition.namespace === undefined ? Api : (Api as unknown as Record<string, unknown>)[definition.namespace]) as Record<string, unknown>;
	return holder[definition.name] as new (args: Record<string, unknown>) => { getBytes(): Buffer };
}

/** A small deterministic PRNG, so a failure can be reproduced. */
export function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

function makeValue(type: string, next: () => number, depth: number): unknown {
	const pick = <T>(options: T[]): T => options[Math.floor(next() * options.length)];
	switch (type) {
		case 'int':
			return pick([0, 1, -1, 2 ** 31 - 1, -(2 ** 31), Math.floor(next() * 2 ** 32) - 2 ** 31]);
		case 'long':
			// big-integer values small and large, negative, a native bigint, and forms GramJS converts itself.
			return pick<unknown>([
				bigInt(0),
				bigInt(Math.floor(next() * 1e9)),
				bigInt('-1'),
				bigInt('9223372036854775807'),
				bigInt('-9223372036854775808'),
				bigInt('18446744073709551615'),
				bigInt(`${Math.floor(next() * 1e9)}${Math.floor(next() * 1e9)}`),
				123456789012345678n,
				-5n,
				42,
				'777000',
				undefined,
			]);
		case 'int128':
		case 'int256':
			return bigInt(`${Math.floor(next() * 1e9)}${Math.floor(next() * 1e9)}${Math.floor(next() * 1e9)}`);
		case 'double':
			return pick([0, 1.5, -3.25, next()]);
		case 'string':
			return pick(['', 'a', 'abc', 'abcd', 'Ünïcødé ✓', 'x'.repeat(253), 'y'.repeat(254), 'z'.repeat(1000)]);
		case 'bytes':
			return pick([Buffer.alloc(0), Buffer.from([1, 2, 3]), Buffer.alloc(253, 7), Buffer.alloc(254, 8), Buffer.alloc(300, 9), 'text']);
		case 'Bool':
			return next() < 0.5;
		case 'true':
			return pick([true, false, undefined]);
		default:
			return makeObject(type, next, depth + 1);
	}
}

function makeObject(type: string, next: () => number, depth: number): unknown {
	const options = constructorsByType.get(type);
	if (options === undefined) return undefined;
	// Deep down, the constructor with the fewest fields keeps the object finite.
	const definition =
		depth > 3
			? [...options].sort((a, b) => Object.keys(a.argsConfig).length - Object.keys(b.argsConfig).length)[0]
			: options[Math.floor(next() * options.length)];
	return makeInstance(definition, next, depth);
}

export function makeInstance(definition: Definition, next: () => number, depth: number): { getBytes(): Buffer } {
	const args: Record<string, unknown> = {};
	for (const [name, config] of Object.entries(definition.argsConfig)) {
		if (config.flagIndicator || config.type === null) continue;
		if (config.isFlag && next() < 0.3) {
			args[name] = [undefined, null, false][Math.floor(next() * 3)];
			continue;
		}
		if (config.isVector) {
			const count = depth > 3 ? 0 : Math.floor(next() * 3);
			args[name] = Array.from({ length: count }, () => makeValue(config.type as string, next, depth));
		} else {
			args[name] = makeValue(config.type, next, depth);
		}
	}
	const TlClass = classOf(definition);
	return new TlClass(args);
}
