import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { description } from '../../../../nodes/TelegramGroupCall/actions/groupCall/inviteUsers.operation';
import { OPTION_SPECS, parseRunOptions, readRunOptions } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/readOptions';

describe('readRunOptions', () => {
	it('gives the defaults for an empty collection', () => {
		assert.deepEqual(parseRunOptions({}), {
			invite: {
				batchSize: 1,
				pauseMs: 0,
				maxFloodWaitSeconds: 60,
				alreadyInvitedCountsAsSuccess: false,
				skipUsersAlreadyInCall: false,
				dryRun: false,
				peerFloodCooldownHours: 24,
			},
			inputFields: { mode: 'none' },
		});
	});

	it('reads only the first item when no option is an expression', () => {
		const read: number[] = [];
		const result = readRunOptions((itemIndex) => (read.push(itemIndex), { dryRun: true }), 1000, false);
		assert.deepEqual(read, [0]);
		assert.ok(result.ok && result.options.invite.dryRun);
	});

	it('reads every item when options are expressions, and accepts them when they agree in meaning', () => {
		const perItem: IDataObject[] = [{ dryRun: 'TRUE', batchSize: '2' }, { dryRun: 1, batchSize: 2 }, { dryRun: true, batchSize: ' 2 ' }];
		const result = readRunOptions((itemIndex) => perItem[itemIndex], perItem.length, true);
		assert.ok(result.ok);
		assert.equal(result.options.invite.dryRun, true);
		assert.equal(result.options.invite.batchSize, 2);
	});

	it('refuses options that differ between items, naming the option and both values', () => {
		const perItem: IDataObject[] = [{ dryRun: true }, { dryRun: true }, { dryRun: 'false' }];
		assert.deepEqual(readRunOptions((itemIndex) => perItem[itemIndex], perItem.length, true), {
			ok: false,
			itemIndex: 2,
			message:
				'"Dry Run" must be the same for every input item, because options apply to the whole run (one batch can hold users of several items): item 0 gives true, item 2 gives false.',
		});
	});

	it('reports the item whose options cannot be read, also when reading them throws (a broken expression)', () => {
		const result = readRunOptions(
			(itemIndex) => {
				if (itemIndex === 1) throw new Error('ReferenceError: $jsn is not defined');
				return {};
			},
			3,
			true,
		);
		assert.deepEqual(result, { ok: false, itemIndex: 1, message: 'ReferenceError: $jsn is not defined' });
	});

	it('never reads an unreadable Dry Run as false', () => {
		const result = readRunOptions(() => ({ dryRun: 'yes' }), 1, false);
		assert.ok(!result.ok);
		assert.match(result.message, /"Dry Run" must be true or false.*Nothing was sent/);
	});
});

describe('OPTION_SPECS', () => {
	it('matches the options the editor shows: labels, defaults and ranges', () => {
		const options = description.find((property) => property.name === 'options')?.options as INodeProperties[];
		for (const [name, spec] of Object.entries(OPTION_SPECS)) {
			const property = options.find((option) => option.name === name);
			assert.ok(property, name);
			assert.equal(property.displayName, spec.displayName, name);
			if ('default' in spec) assert.equal(property.default, spec.default, name);
			if ('min' in spec) assert.deepEqual([property.typeOptions?.minValue, property.typeOptions?.maxValue], [spec.min, spec.max], name);
			if ('choices' in spec) assert.deepEqual(property.options?.map((option) => ('value' in option ? option.value : undefined)), [...spec.choices], name);
		}
		assert.equal(options.length, Object.keys(OPTION_SPECS).length);
	});
});
