/**
 * The trigger's parameters as they arrive from the editor and from expressions (numbers, null, "", arrays,
 * Bot API ids, links, text lists): generated spellings, each with its meaning worked out here from the documented
 * rules (docs/trigger.md, docs/node.md), never by asking the reader. A good set of values is read to exactly its
 * meaning; a bad one fails activation with an error naming the first bad field, in the order the panel shows them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';
import type { ITriggerFunctions } from 'n8n-workflow';

import { readTriggerParameters } from '../../../nodes/TelegramGroupCallTrigger/activation/readTriggerParameters';
import { TRIGGER_EVENTS, type TriggerEventName } from '../../../nodes/TelegramGroupCallTrigger/watcher/events';

/** A spelling and what it means (undefined: unreadable). */
type Spelling<T> = { value: unknown; meaning: T | undefined };
const good = <T>(value: unknown, meaning: T): Spelling<T> => ({ value, meaning });
const bad = (value: unknown): Spelling<never> => ({ value, meaning: undefined });

const EMPTY = [undefined, null, '', '  '];

const modeArbitrary: fc.Arbitrary<Spelling<'all' | 'chosen'>> = fc.constantFrom(
	...EMPTY.map((value) => good(value, 'all' as const)),
	good('allChats', 'all'),
	good(' AllChats', 'all'),
	good('chosenChats', 'chosen'),
	good('CHOSENCHATS ', 'chosen'),
	bad('some chats'),
	bad(1),
	bad(true),
	bad(['chosenChats']),
);

/** One chat of Chats to Watch, meaning the key of the chat it names. */
const chatArbitrary: fc.Arbitrary<Spelling<string>> = fc.oneof(
	// The Bot API writes channel N as -(10^12 + N): "-100" and N's digits when N has ten.
	fc.integer({ min: 1, max: 997_852_516_351 }).chain((channel) => {
		const botApi = -(1_000_000_000_000 + channel);
		return fc.constantFrom(good(String(botApi), `channel:${channel}`), good(botApi, `channel:${channel}`), good(` ${botApi} `, `channel:${channel}`));
	}),
	fc.integer({ min: 1, max: 999_999_999 }).chain((group) => fc.constantFrom(good(`-${group}`, `chat:${group}`), good(-group, `chat:${group}`))),
	fc.stringMatching(/^[a-z][a-z0-9_]{3,20}[a-z0-9]$/).chain((name) =>
		fc.constantFrom(
			good(`@${name}`, `username:${name}`),
			good(`@${name.toUpperCase()}`, `username:${name}`),
			good(`https://t.me/${name}`, `username:${name}`),
			good(`t.me/${name}`, `username:${name}`),
		),
	),
	fc.constantFrom(
		...EMPTY.map(bad),
		bad('123:456'),
		bad('+1 555 123 4567'),
		bad(true),
		bad(1.5),
		bad(['@opsteam']),
		bad('-1009007199254740993'),
		// A number from an expression that has already lost digits.
		bad(Number('-100123456789012345678')),
	),
);

/** How the editor stores a chat (a resource locator in the fixed collection), or a plain value from an expression. */
function chatEntry(value: unknown, stored: 'locator' | 'entry' | 'plain'): unknown {
	if (stored === 'plain') return value;
	const locator = { __rl: true, mode: typeof value === 'string' && value.includes('t.me') ? 'chat' : 'id', value };
	return stored === 'locator' ? { chat: locator } : locator;
}

const eventsArbitrary: fc.Arbitrary<Spelling<TriggerEventName[]>> = fc.oneof(
	fc.subarray([...TRIGGER_EVENTS], { minLength: 1 }).chain((events) =>
		fc.constantFrom(good(events, events), good(events.join(','), events), good(` ${events.join(' , ')} `, events)),
	),
	fc.constantFrom(bad([]), bad(''), bad(null), bad(undefined), bad(5), bad([5]), bad(['callStarted', 'callExploded']), bad('callStarted, callExploded'), bad({ callStarted: true })),
);

const intervalArbitrary: fc.Arbitrary<Spelling<number>> = fc.oneof(
	fc.constantFrom(...EMPTY.map((value) => good(value, 10))),
	fc.integer({ min: 2, max: 3_600 }).chain((seconds) => fc.constantFrom(good(seconds, seconds), good(String(seconds), seconds), good(` ${seconds} `, seconds))),
	fc.constantFrom(bad(1), bad(0), bad(-10), bad(3_601), bad(2.5), bad('ten'), bad(true), bad([10]), bad(Number.NaN)),
);

function isEmptyOrList(value: unknown): boolean {
	return value === undefined || value === null || value === '' || Array.isArray(value);
}

function context(parameters: Record<string, unknown>): ITriggerFunctions {
	return {
		getNode: () => ({ id: 'trigger', name: 'Telegram Group Call Trigger', type: 'telegramGroupCallTrigger', typeVersion: 1, position: [0, 0], parameters: {} }),
		getNodeParameter: (name: string, fallback: unknown) => (name in parameters && parameters[name] !== undefined ? parameters[name] : fallback),
	} as unknown as ITriggerFunctions;
}

describe('reading the trigger parameters', () => {
	it('reads every spelling to its meaning, or fails activation naming the first bad field', () => {
		fc.assert(
			fc.property(
				modeArbitrary,
				fc.array(fc.tuple(chatArbitrary, fc.constantFrom('locator' as const, 'entry' as const, 'plain' as const)), { maxLength: 4 }),
				fc.boolean(),
				eventsArbitrary,
				intervalArbitrary,
				(mode, chats, chatsAsList, events, interval) => {
					const chatValues = chats.map(([chat, stored]) => chatEntry(chat.value, stored));
					const parameters = {
						chats: mode.value,
						// One chat may come from an expression as the value itself rather than a list (an empty one means none).
						'chosenChats.chat': chatsAsList || chatValues.length !== 1 || isEmptyOrList(chatValues[0]) ? chatValues : chatValues[0],
						events: events.value,
						options: { pollInterval: interval.value },
					};
					const firstBadChat = chats.findIndex(([chat]) => chat.meaning === undefined);
					const expectedError =
						mode.meaning === undefined
							? /^"Chats" must be one of/
							: mode.meaning === 'chosen' && firstBadChat >= 0
								? new RegExp(`^Chats to Watch, chat ${firstBadChat + 1}: `)
								: mode.meaning === 'chosen' && chats.length === 0
									? /^Chats to Watch is empty/
									: events.meaning === undefined
										? /^Events/
										: interval.meaning === undefined
											? /^"Poll Interval \(Seconds\)" must be a whole number from 2 to 3,600/
											: undefined;
					if (expectedError !== undefined) {
						assert.throws(() => readTriggerParameters(context(parameters)), (error: unknown) => error instanceof Error && error.name === 'NodeOperationError' && expectedError.test(error.message));
						return;
					}
					const read = readTriggerParameters(context(parameters));
					assert.deepEqual([...read.events].sort(), [...new Set(events.meaning)].sort());
					assert.equal(read.pollIntervalMs, (interval.meaning as number) * 1000);
					if (mode.meaning === 'all') {
						assert.deepEqual(read.selection, { mode: 'all' });
						assert.equal(read.selectionKey, 'all');
					} else {
						assert.equal(read.selection.mode, 'chosen');
						const keys = chats.map(([chat]) => chat.meaning as string);
						assert.deepEqual(read.selection.mode === 'chosen' ? read.selection.chats.map(({ reference }) => reference.key) : [], keys);
						assert.equal(read.selectionKey, `chosen:${[...keys].sort().join(',')}`);
					}
				},
			),
			{ numRuns: 500 },
		);
	});

	it('reads Options that hold no object (null, a text, a number, a list) as none when empty, else fails naming Options', () => {
		const base = { chats: 'allChats', events: ['callStarted'] };
		const none = readTriggerParameters(context({ ...base, options: {} }));
		fc.assert(
			fc.property(
				fc.oneof(fc.constantFrom(undefined, null, '', '  ', 'true', 10, [], [{ pollInterval: 10 }], new Date(0)), fc.string(), fc.double(), fc.array(fc.anything(), { maxLength: 3 }), fc.anything()),
				(options) => {
					const empty = options === undefined || options === null || (typeof options === 'string' && options.trim() === '');
					const plain = options !== null && typeof options === 'object' && !Array.isArray(options) && [Object.prototype, null].includes(Object.getPrototypeOf(options) as object | null);
					const read = () => readTriggerParameters(context({ ...base, options }));
					if (empty) {
						assert.deepEqual(read(), none);
					} else if (plain) {
						// The object's own entries are read as options: a bad Poll Interval is its error, never a TypeError.
						try {
							read();
						} catch (error) {
							assert.ok(error instanceof Error && error.name === 'NodeOperationError', String(error));
							assert.match(error.message, /^"Poll Interval \(Seconds\)" must be/);
						}
					} else {
						assert.throws(read, (error: unknown) => error instanceof Error && error.name === 'NodeOperationError' && /^"Options" must be a set of options, not /.test(error.message));
					}
				},
			),
			{ numRuns: 300 },
		);
	});

	it('Options stored as null start the watch with the default poll interval; as a text they fail activation naming Options', () => {
		const base = { chats: 'allChats', events: ['callStarted'] };
		assert.equal(readTriggerParameters(context({ ...base, options: null })).pollIntervalMs, 10_000);
		assert.throws(
			() => readTriggerParameters(context({ ...base, options: 'every 5 s' })),
			(error: unknown) => error instanceof Error && error.name === 'NodeOperationError' && error.message.startsWith('"Options" must be a set of options, not a text: "every 5 s".'),
		);
	});

	it('the selection key does not depend on the order the chats are listed in, nor on how an id is written', () => {
		const key = (...values: unknown[]) =>
			readTriggerParameters(context({ chats: 'chosenChats', 'chosenChats.chat': values.map((value) => chatEntry(value, 'locator')), events: ['callStarted'] })).selectionKey;
		assert.equal(key('-1001234567890', '@opsteam'), key('@OpsTeam', -1001234567890));
	});
});
