/**
 * fast-check generators for the node's inputs as they arrive from sheets, webhooks and expressions, each paired
 * with its own oracle: every generated user entry knows which user it names (or that it names nobody), every
 * call value which call, and every Users value how many entries it holds. The oracle never asks the node's
 * parser; it follows the documented rules (docs/node.md, "Users").
 */
import fc from 'fast-check';

import type { IDataObject } from 'n8n-workflow';

import { NAMED_CALLS, NAMED_USERS, UNUSABLE_CALLS, type NamedUser } from './propertyWorld';

type JsonValue = IDataObject[string];

/** One user entry: the value as given, and the user it names (null: nobody, e.g. garbage or an unknown name). */
export interface GeneratedEntry {
	value: string | number;
	names: string | null;
}

export interface GeneratedItem {
	json: IDataObject;
	/** The call this item's Call names, or null when it names none. */
	callId: string | null;
	entries: GeneratedEntry[];
}

function phoneSpellings(digits: string): string[] {
	const [country, area, exchange, line] = [digits.slice(0, 1), digits.slice(1, 4), digits.slice(4, 7), digits.slice(7)];
	return [
		`+${digits}`,
		`+${country} ${area} ${exchange} ${line}`,
		`+${country} (${area}) ${exchange}-${line}`,
		`+${country}-${area}-${exchange}-${line}`,
		`+${country}.${area}.${exchange}.${line}`,
		`00${country} ${area} ${exchange} ${line}`,
		`+${country}\u00a0${area}\u00a0${exchange}\u00a0${line}`,
	];
}

function mixedCase(text: string, upper: boolean[]): string {
	return [...text].map((char, index) => (upper[index % upper.length] ? char.toUpperCase() : char)).join('');
}

/** Every textual form the Users parameter accepts for this user. */
function entryOfUser(user: NamedUser): fc.Arbitrary<GeneratedEntry> {
	const forms: Array<fc.Arbitrary<string | number>> = [fc.constant(user.id), fc.constant(`tg://user?id=${user.id}`)];
	if (Number.isSafeInteger(Number(user.id))) forms.push(fc.constant(Number(user.id)));
	const username = user.username;
	if (username !== undefined) {
		forms.push(
			fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }).map((upper) => `@${mixedCase(username, upper)}`),
			fc.constantFrom(username, `https://t.me/${username}`, `t.me/${username}`, `tg://resolve?domain=${username}`),
		);
	}
	if (user.phone !== undefined) forms.push(fc.constantFrom(...phoneSpellings(user.phone)));
	return fc.oneof(...forms).map((value) => ({ value, names: user.id }));
}

/** Text that is no user reference of anyone: '!' first keeps it from being a name, an id, a phone or a link. */
const garbageEntry: fc.Arbitrary<GeneratedEntry> = fc
	.string({ maxLength: 12, unit: 'grapheme-ascii' })
	.map((text) => `!${text}`.replace(/[\s,;]/g, ''))
	.map((value) => ({ value, names: null }));

const unknownEntry: fc.Arbitrary<GeneratedEntry> = fc
	.constantFrom('@nobody_here', 'nobody_there', '4242', '+1 555 999 9999', '+15559999999', '-1001', '0', '@ab', 'https://t.me/+AbCd', '9223372036854775808')
	.map((value) => ({ value, names: null }));

/** User 9007199254740993 as a JS number: already rounded to 9007199254740992, a trap member of the world. */
const BEYOND_2_53 = Number('9007199254740993');

/** JS numbers as an expression hands them over: whole ids, and fractions, NaN, infinities, numbers beyond 2^53. */
const numberEntry: fc.Arbitrary<GeneratedEntry> = fc
	.oneof(fc.double(), fc.constantFrom(1004, 1005.5, Number.NaN, Number.POSITIVE_INFINITY, BEYOND_2_53, -1002001))
	.map((value) => {
		const known = NAMED_USERS.some((user) => user.id === String(value));
		return { value, names: Number.isSafeInteger(value) && known ? String(value) : null };
	});

export const entryArbitrary: fc.Arbitrary<GeneratedEntry> = fc.oneof(
	{ arbitrary: fc.oneof(...NAMED_USERS.map(entryOfUser)), weight: 6 },
	{ arbitrary: unknownEntry, weight: 1 },
	{ arbitrary: garbageEntry, weight: 1 },
);

const HARD_SEPARATORS = [',', ';', '\n', ', ', ' ;\n', '\t', '\r\n', ' , '];
const SPACES = [' ', '  ', '\u00a0'];

/**
 * Entries as one text. A space may separate two entries only when the next one starts with a letter, @, ! or
 * a link: digits after a phone belong to the phone (the documented rule), so the oracle uses a hard separator
 * wherever a space could join them.
 */
function joinAsText(entries: GeneratedEntry[], separators: Array<[string, string]>, edges: [string, string]): string {
	const texts = entries.map((entry) => String(entry.value));
	const joined = texts
		.map((text, index) => {
			if (index === 0) return text;
			const [hard, soft] = separators[index % separators.length];
			return `${/^[A-Za-z@!]/.test(text) ? soft : hard}${text}`;
		})
		.join('');
	return `${edges[0]}${joined}${edges[1]}`;
}

const separatorPairs = fc.array(fc.tuple(fc.constantFrom(...HARD_SEPARATORS), fc.constantFrom(...HARD_SEPARATORS, ...SPACES)), {
	minLength: 1,
	maxLength: 4,
});
const textEdges = fc.tuple(fc.constantFrom('', ' ', ',', '\n ', ' ;'), fc.constantFrom('', ' ', ', ', '\n'));

/** Empty cells in an array: they hold no entry. */
const EMPTY_CELLS: JsonValue[] = [null, '', '   ', ' , '];

/** A Users value and the entries it holds, in order. */
export const usersArbitrary: fc.Arbitrary<{ users: JsonValue | undefined; entries: GeneratedEntry[] }> = fc.oneof(
	// Text: entries separated as people do, with stray separators around.
	{
		weight: 4,
		arbitrary: fc
			.tuple(fc.array(entryArbitrary.filter((entry) => typeof entry.value === 'string'), { maxLength: 6 }), separatorPairs, textEdges)
			.map(([entries, separators, edges]) => ({ users: joinAsText(entries, separators, edges), entries })),
	},
	// An array from an expression: one entry per element (numbers too), empty cells and nested arrays.
	{
		weight: 4,
		arbitrary: fc
			.array(fc.oneof({ arbitrary: entryArbitrary, weight: 4 }, { arbitrary: numberEntry, weight: 1 }, { arbitrary: fc.constantFrom(...EMPTY_CELLS), weight: 1 }), {
				maxLength: 6,
			})
			.chain((elements) =>
				fc.boolean().map((nest) => {
					const entries = elements.filter((element): element is GeneratedEntry => isEntry(element));
					const values = elements.map((element) => (isEntry(element) ? element.value : element));
					return { users: nest && values.length > 1 ? [values[0], values.slice(1)] : values, entries };
				}),
			),
	},
	// A single number, a boolean or an object from an expression: one entry.
	{ weight: 1, arbitrary: numberEntry.map((entry) => ({ users: entry.value, entries: [entry] })) },
	{
		weight: 1,
		arbitrary: fc.constantFrom<JsonValue>(true, { id: 1001 }).map((users) => ({ users, entries: [{ value: JSON.stringify(users), names: null }] })),
	},
	// Empty cells: the item names nobody.
	{ weight: 2, arbitrary: fc.constantFrom<JsonValue | undefined>('', null, undefined, [], ['', null], ' , ;\n ').map((users) => ({ users, entries: [] })) },
);

function isEntry(value: GeneratedEntry | JsonValue): value is GeneratedEntry {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && 'names' in value;
}

/** A Call value and the call it names. */
export const callArbitrary: fc.Arbitrary<{ call: JsonValue | undefined; callId: string | null }> = fc.oneof(
	{
		weight: 6,
		arbitrary: fc.oneof(...NAMED_CALLS.map((named) => fc.constantFrom(...named.references).map((call) => ({ call: call as JsonValue, callId: named.callId })))),
	},
	{ weight: 1, arbitrary: fc.constantFrom<JsonValue | undefined>(...UNUSABLE_CALLS, undefined).map((call) => ({ call, callId: null })) },
);

/** How a Dry Run value reads, by the documented rule: true, false, or neither (which must stop the run). */
export type DryMeaning = 'true' | 'false' | 'unreadable';

export function dryMeaning(value: JsonValue | undefined): DryMeaning {
	if (value === undefined || value === null || value === false || value === 0) return 'false';
	if (value === true || value === 1) return 'true';
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (text === '' || text === 'false' || text === '0') return 'false';
		if (text === 'true' || text === '1') return 'true';
	}
	return 'unreadable';
}

/** Dry Run values as sheets and webhooks give them; mostly readable, so that most runs get as far as Telegram. */
const drySpelling: fc.Arbitrary<JsonValue> = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom<JsonValue>(false, 'false', 'False ', 0, '0', '', null) },
	{ weight: 2, arbitrary: fc.constantFrom<JsonValue>(true, 'true', 'TRUE', ' True ', 1, '1') },
	{ weight: 1, arbitrary: fc.constantFrom<JsonValue>('yes', 'no', 2, 'on', [], 'null') },
);

/** One item in eight spells Dry Run its own way (which may or may not mean the same). */
const ownDryArbitrary = fc.record({ differs: fc.integer({ min: 0, max: 7 }).map((roll) => roll === 0), value: drySpelling });

/** Input items: each with its own call, users, Dry Run value (usually the same as the first item's) and row. */
export const itemsArbitrary: fc.Arbitrary<GeneratedItem[]> = fc
	.tuple(drySpelling, fc.array(fc.tuple(callArbitrary, usersArbitrary, ownDryArbitrary), { minLength: 1, maxLength: 4 }))
	.map(([dry, rows]) =>
		rows.map(([call, users, ownDry], index) => {
			const json: IDataObject = { row_number: index + 2, dry: ownDry.differs ? ownDry.value : dry };
			if (call.call !== undefined) json.call = call.call;
			if (users.users !== undefined) json.users = users.users;
			return { json, callId: call.callId, entries: users.entries };
		}),
	);
