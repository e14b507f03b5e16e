import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	OptionValueError,
	readBooleanOption,
	readChoiceOption,
	readNameListOption,
	readWholeNumberOption,
} from '../../../../nodes/TelegramGroupCall/input/optionValues';

const FLAG = { displayName: 'Some Flag', default: false };
const COUNT = { displayName: 'Some Count', default: 3, min: 1, max: 10 };

function refusal(read: () => unknown): string {
	try {
		read();
	} catch (error) {
		assert.ok(error instanceof OptionValueError, String(error));
		return error.message;
	}
	assert.fail('expected a refusal');
}

describe('readBooleanOption', () => {
	it('reads true and false in every unambiguous spelling', () => {
		for (const value of [true, 'true', 'TRUE', ' True\n', 1, '1', ' 1 ']) assert.equal(readBooleanOption(value, FLAG), true, JSON.stringify(value));
		for (const value of [false, 'false', 'False ', 0, '0']) assert.equal(readBooleanOption(value, FLAG), false, JSON.stringify(value));
	});

	it('gives the default for an empty value, as if the option were not set', () => {
		for (const value of [undefined, null, '', '   ']) assert.equal(readBooleanOption(value, { ...FLAG, default: true }), true);
	});

	it('refuses everything else, naming the option and the values it takes', () => {
		for (const value of ['yes', 'no', 'on', 'off', 'truthy', 2, -1, 0.5, Number.NaN, [], [true], {}, 1n]) {
			const message = refusal(() => readBooleanOption(value, FLAG));
			assert.match(message, /^"Some Flag" must be true or false \(also written "true"\/"false" in any case, or 1\/0\), but it is /);
		}
		assert.match(refusal(() => readBooleanOption('yes', { ...FLAG, refusalNote: 'Nothing happened.' })), /the text "yes"\. Nothing happened\.$/);
	});
});

describe('readWholeNumberOption', () => {
	it('reads whole numbers and decimal text within the range', () => {
		assert.equal(readWholeNumberOption(5, COUNT), 5);
		assert.equal(readWholeNumberOption(' 7 ', COUNT), 7);
		assert.equal(readWholeNumberOption('10.0', COUNT), 10);
		assert.equal(readWholeNumberOption('+1', COUNT), 1);
		assert.equal(readWholeNumberOption('', COUNT), 3);
		assert.equal(readWholeNumberOption(null, COUNT), 3);
	});

	it('refuses, rather than clamps, numbers out of range, and says the range', () => {
		assert.equal(refusal(() => readWholeNumberOption(50, COUNT)), '"Some Count" must be a whole number from 1 to 10; 50 is out of that range.');
		assert.match(refusal(() => readWholeNumberOption('0', COUNT)), /0 is out of that range/);
	});

	it('refuses fractions, non-numbers and notations a person does not mean as a count', () => {
		assert.match(refusal(() => readWholeNumberOption(2.5, COUNT)), /2\.5 is not a whole number/);
		for (const value of ['ten', '0x5', '5e0', '5px', Number.NaN, Number.POSITIVE_INFINITY, true, [5], {}]) {
			assert.match(refusal(() => readWholeNumberOption(value, COUNT)), /^"Some Count" must be a whole number from 1 to 10, but it is /, String(value));
		}
	});
});

describe('readChoiceOption and readNameListOption', () => {
	const MODE = { displayName: 'Mode', default: 'none', choices: ['none', 'all'] } as const;

	it('reads a choice in any case, and refuses others with the list', () => {
		assert.equal(readChoiceOption(' ALL ', MODE), 'all');
		assert.equal(readChoiceOption(undefined, MODE), 'none');
		assert.equal(refusal(() => readChoiceOption('some', MODE)), '"Mode" must be one of "none", "all", but it is the text "some".');
	});

	it('reads names from text or an array, and refuses other values', () => {
		assert.deepEqual(readNameListOption(' a, b ,,c ', { displayName: 'Names' }), ['a', 'b', 'c']);
		assert.deepEqual(readNameListOption(['a', ' b '], { displayName: 'Names' }), ['a', 'b']);
		assert.match(refusal(() => readNameListOption([1], { displayName: 'Names' })), /"Names" must be a comma-separated list/);
	});

	it('describes long texts briefly', () => {
		const message = refusal(() => readBooleanOption('x'.repeat(500), FLAG));
		assert.ok(message.length < 200, message);
	});
});
