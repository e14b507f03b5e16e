/**
 * A collection parameter ("Options", "Update Fields") that holds no object: `"options": null`, a text, a number or
 * a list, as a workflow imported from JSON or built through the API can hold. n8n's engine (2.x) swaps such a value
 * for the default before the node runs (see the engine test in inputOptions.sandbox.test.ts), so these runs hand
 * the operations the raw value, as a host without that step would: each operation's own execute() with a context
 * whose getNodeParameter gives the stored value. Every item's parameters are read before its credential is asked
 * for, so `getCredentials` ends the run at the point where it would reach Telegram.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';
import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import * as create from '../../../nodes/TelegramGroupCall/actions/groupCall/create.operation';
import * as getInviteLink from '../../../nodes/TelegramGroupCall/actions/groupCall/getInviteLink.operation';
import * as inviteUsers from '../../../nodes/TelegramGroupCall/actions/groupCall/inviteUsers.operation';
import * as update from '../../../nodes/TelegramGroupCall/actions/groupCall/update.operation';
import { settle } from '../../../nodes/TelegramGroupCall/errors/settle';
import { readCollectionValue, OPTIONS_COLLECTION } from '../../../nodes/TelegramGroupCall/parameters/collectionValue';

const REACHED_TELEGRAM = 'the run asked for its credential: every parameter of the item was read';

interface Operation {
	name: string;
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
	/** The collection's parameter name and its label in the errors. */
	collection: { name: string; refusal: RegExp };
	/** The operation's other parameters, valid. */
	parameters: Record<string, unknown>;
}

const OPTIONS_REFUSAL = /^"Options" must be a set of options, not /;

const OPERATIONS: Operation[] = [
	{ name: 'inviteUsers', execute: inviteUsers.execute, collection: { name: 'options', refusal: OPTIONS_REFUSAL }, parameters: { call: '@demo_group', users: '@alice' } },
	{ name: 'getInviteLink', execute: getInviteLink.execute, collection: { name: 'options', refusal: OPTIONS_REFUSAL }, parameters: { call: '@demo_group' } },
	{ name: 'create', execute: create.execute, collection: { name: 'options', refusal: OPTIONS_REFUSAL }, parameters: { chat: '@demo_group', title: 'Standup', start: 'now' } },
	{
		name: 'update',
		execute: update.execute,
		collection: { name: 'updateFields', refusal: /^"Update Fields" must be a set of fields, not / },
		parameters: { call: '@demo_group' },
	},
];

/** How a run ended, comparable between runs: the outputs' json, or the error's class, message and item. */
interface Outcome {
	error?: { name: string; message: string; itemIndex: unknown };
	outputs?: unknown;
}

/** The collection's value per item (a function: items may differ, as with an expression per item). */
async function run(operation: Operation, collection: (itemIndex: number) => unknown, options: { items?: number; continueOnFail?: boolean } = {}): Promise<Outcome> {
	const parameters = operation.parameters;
	const node: INode = { id: 'node', name: 'Telegram Group Call', type: 'telegramGroupCall', typeVersion: 1, position: [0, 0], parameters: {} };
	const context = {
		getInputData: () => Array.from({ length: options.items ?? 1 }, () => ({ json: {} })),
		continueOnFail: () => options.continueOnFail ?? false,
		getNode: () => node,
		getNodeParameter: (name: string, itemIndex: number, fallback: unknown) => {
			const value = name === operation.collection.name ? collection(itemIndex) : parameters[name];
			return value === undefined ? fallback : value;
		},
		getExecutionCancelSignal: () => undefined,
		getCredentials: async () => {
			throw new Error(REACHED_TELEGRAM);
		},
		getTimezone: () => 'UTC',
		logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
	} as unknown as IExecuteFunctions;
	const ran = await settle(async () => await operation.execute.call(context));
	if (ran.ok) return { outputs: ran.value.map((output) => output.map((item) => ({ json: item.json, pairedItem: item.pairedItem }))) };
	const error = ran.error as Error & { context?: { itemIndex?: unknown } };
	return { error: { name: error.name, message: error.message, itemIndex: error.context?.itemIndex } };
}

/** A JavaScript slip surfacing as the node's error, wrapped or not. */
function assertNoTypeError(outcome: Outcome, label: string): void {
	const messages = [outcome.error?.message ?? '', JSON.stringify(outcome.outputs ?? null)];
	assert.notEqual(outcome.error?.name, 'TypeError', label);
	for (const message of messages) assert.doesNotMatch(message, /Cannot read propert|Cannot convert|is not a function|is not iterable|TypeError/, label);
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const isPlainObject = (value: unknown) =>
	value !== null && typeof value === 'object' && !Array.isArray(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null);

/** Values a stored collection can hold: empty ones, texts, numbers, lists, other objects, and objects with odd values. */
const collectionValue: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom(undefined, null, '', '  ', 'true', '{}', '[]', '={{ $json.options }}', 0, 1, -1.5, Number.NaN, true, false, [], [{}], ['dryRun'], new Date(0), new Map()),
	fc.string(),
	fc.double(),
	fc.array(fc.anything(), { maxLength: 3 }),
	fc.anything(),
	fc.dictionary(fc.constantFrom('dryRun', 'batchSize', 'asSpeaker', 'ifCallExists', 'title', 'joinMuted', 'recording', 'includeInputFields'), fc.anything()),
);

describe('a collection parameter that holds no object', () => {
	for (const operation of OPERATIONS) {
		it(`${operation.name}: runs as with none when empty, names "${operation.collection.name}" otherwise, never a TypeError`, async () => {
			const none = await run(operation, () => ({}));
			await fc.assert(
				fc.asyncProperty(collectionValue, async (value) => {
					const outcome = await run(operation, () => value);
					const label = `${operation.name} with ${fc.stringify(value)}`;
					assertNoTypeError(outcome, label);
					if (isEmpty(value)) {
						assert.deepEqual(outcome, none, `${label}: as with no ${operation.collection.name}`);
					} else if (isPlainObject(value)) {
						assert.doesNotMatch(outcome.error?.message ?? '', operation.collection.refusal, label);
					} else {
						assert.equal(outcome.error?.name, 'NodeOperationError', label);
						assert.match(outcome.error?.message ?? '', operation.collection.refusal, label);
						assert.equal(outcome.error?.itemIndex, 0, label);
					}
				}),
				{ numRuns: 150 },
			);
		});

		it(`${operation.name}: null runs as with no ${operation.collection.name}, a text is refused naming them`, async () => {
			const none = await run(operation, () => ({}));
			assert.deepEqual(await run(operation, () => null), none);
			const text = await run(operation, () => 'yes please');
			assert.equal(text.error?.name, 'NodeOperationError');
			assert.match(text.error?.message ?? '', operation.collection.refusal);
			assert.match(text.error?.message ?? '', /not a text: "yes please"\. Add the .* you want under ".*" in the node \(left empty, it means none\)/);
			assert.equal(text.error?.itemIndex, 0);
		});
	}

	it('under "continue", the item with unreadable Options gets an error item of its own; the others go on', async () => {
		const operation = OPERATIONS.find(({ name }) => name === 'getInviteLink');
		assert.ok(operation);
		const outcome = await run(operation, (itemIndex) => (itemIndex === 1 ? 'yes please' : null), { items: 3, continueOnFail: true });
		const items = (outcome.outputs as Array<Array<{ json: { error?: string }; pairedItem: unknown }>>)[0];
		assert.deepEqual(
			items.map((item) => [item.pairedItem, OPTIONS_REFUSAL.test(item.json.error ?? '') ? 'refused' : item.json.error]),
			[
				[{ item: 0 }, REACHED_TELEGRAM],
				[{ item: 1 }, 'refused'],
				[{ item: 2 }, REACHED_TELEGRAM],
			],
		);
	});
});

describe('readCollectionValue', () => {
	const node: INode = { id: 'node', name: 'Telegram Group Call', type: 'telegramGroupCall', typeVersion: 1, position: [0, 0], parameters: {} };

	it('gives a plain object back as it is, empty values as {}, and refuses the rest naming the collection and the item', () => {
		fc.assert(
			fc.property(collectionValue, fc.nat(20), (value, itemIndex) => {
				const read = settleSync(() => readCollectionValue(value, OPTIONS_COLLECTION, { node, itemIndex }));
				if (isEmpty(value)) assert.deepEqual(read, { ok: true, value: {} });
				else if (isPlainObject(value)) assert.deepEqual(read, { ok: true, value });
				else {
					assert.ok(!read.ok);
					const error = read.error as Error & { context: { itemIndex?: number } };
					assert.equal(error.name, 'NodeOperationError');
					assert.match(error.message, OPTIONS_REFUSAL);
					assert.equal(error.context.itemIndex, itemIndex);
				}
			}),
			{ numRuns: 500 },
		);
	});

	it('says briefly what it got: a long text is cut short', () => {
		const refusal = (value: unknown) => {
			const read = settleSync(() => readCollectionValue(value, OPTIONS_COLLECTION, { node }));
			return read.ok ? 'accepted' : (read.error as Error).message.split('. ')[0];
		};
		assert.equal(refusal(5), '"Options" must be a set of options, not a number: 5');
		assert.equal(refusal(true), '"Options" must be a set of options, not a true/false value: true');
		assert.equal(refusal(['a', 'b']), '"Options" must be a set of options, not a list of 2 value(s)');
		assert.equal(refusal(new Date(0)), '"Options" must be a set of options, not an object of type Date');
		assert.equal(refusal('x'.repeat(100)), `"Options" must be a set of options, not a text: "${'x'.repeat(37)}..."`);
		assert.equal(refusal(Object.create(null)), 'accepted');
	});
});

function settleSync<T>(work: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
	try {
		return { ok: true, value: work() };
	} catch (error) {
		return { ok: false, error };
	}
}
