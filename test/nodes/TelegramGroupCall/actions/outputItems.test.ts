import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INode } from 'n8n-workflow';

import { inputFieldsFor } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/inputFields';
import { accountFailure, buildOutputs } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/outputItems';
import { planInvites } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/planInvites';
import { resultKey, type RunReport } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/runInvites';
import { describeError } from '../../../../nodes/TelegramGroupCall/errors/catalog';
import { TelegramError } from '../../../../nodes/TelegramGroupCall/transport/telegramError';

const node: INode = {
	id: 'n',
	name: 'Telegram Group Call',
	type: 'n8n-nodes-telegram-group-call.telegramGroupCall',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const plan = planInvites([
	{ itemIndex: 0, call: '@demo_group', users: '@alice @bobby' },
	{ itemIndex: 1, call: '@demo_group', users: '@carol' },
]);
const users = plan.flatMap((call) => call.users);

describe('buildOutputs', () => {
	it('puts each user on one output in input order, paired to its item, with the documented fields', () => {
		const report: RunReport = {
			results: new Map([
				[resultKey(1, 0), { output: 'invited', status: 'invited', userId: '3', username: 'carol', callId: '3001' }],
				[resultKey(0, 1), { output: 'failed', code: 'FLOOD_WAIT', httpCode: 420, message: 'wait', userId: '2', callId: '3001', retryAfter: 60 }],
				[resultKey(0, 0), { output: 'invited', status: 'already_invited', userId: '1', username: null, callId: '3001' }],
			]),
		};
		const [invited, failed] = buildOutputs({ plannedUsers: users, report });
		assert.deepEqual(invited, [
			{ json: { user: '@alice', userId: '1', username: null, callId: '3001', status: 'already_invited' }, pairedItem: { item: 0 } },
			{ json: { user: '@carol', userId: '3', username: 'carol', callId: '3001', status: 'invited' }, pairedItem: { item: 1 } },
		]);
		assert.deepEqual(failed, [
			{
				json: { user: '@bobby', userId: '2', callId: '3001', code: 'FLOOD_WAIT', httpCode: 420, message: 'wait', retryAfter: 60 },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('turns undecided users and bad parameters into one error item per input item, shaped for the Error output', () => {
		const failure = new TelegramError({ code: 'AUTH_KEY_UNREGISTERED', httpCode: 401, method: 'phone.InviteToGroupCall' });
		const report: RunReport = {
			results: new Map([[resultKey(0, 0), { output: 'invited', status: 'invited', userId: '1', username: 'alice', callId: '3001' }]]),
			failure,
		};
		const [invited, failed] = buildOutputs({ plannedUsers: users, report, parameterErrors: new Map([[2, new Error('bad expression')]]) });
		assert.equal(invited.length, 1);
		assert.deepEqual(
			failed.map((item) => [item.pairedItem, Object.keys(item.json).sort()]),
			[
				[{ item: 0 }, ['details', 'error']],
				[{ item: 1 }, ['details', 'error']],
				[{ item: 2 }, ['details', 'error']],
			],
		);
		assert.deepEqual((failed[0].json.details as { users: string[] }).users, ['@bobby']);
		assert.match(String(failed[0].json.error), /tg-group-call login/);
		assert.equal(failed[2].json.error, 'bad expression');
	});
});

describe('buildOutputs: items without users and input fields', () => {
	const threeItems = planInvites([
		{ itemIndex: 0, call: '@demo_group', users: '@alice' },
		{ itemIndex: 1, call: '@demo_group', users: '' },
		{ itemIndex: 2, call: '@demo_group', users: 'bad!' },
	]);
	const report: RunReport = {
		results: new Map([
			[resultKey(0, 0), { output: 'invited', status: 'invited', userId: '1', username: 'alice', callId: '3001' }],
			[resultKey(2, 0), { output: 'failed', code: 'INVALID_USER_REFERENCE', httpCode: null, message: 'no', userId: null, callId: '3001' }],
		]),
	};

	it('gives an item without users one NO_USERS result on Failed, in input order among the other results', () => {
		const [invited, failed] = buildOutputs({
			plannedUsers: threeItems.flatMap((call) => call.users),
			report,
			itemsWithoutUsers: [{ itemIndex: 1, reason: 'the Users field is empty' }],
		});
		assert.equal(invited.length, 1);
		assert.deepEqual(
			failed.map((item) => [item.pairedItem, item.json.code]),
			[
				[{ item: 1 }, 'NO_USERS'],
				[{ item: 2 }, 'INVALID_USER_REFERENCE'],
			],
		);
		assert.deepEqual(failed[0].json, {
			user: null,
			userId: null,
			callId: null,
			code: 'NO_USERS',
			httpCode: null,
			message: `${describeError('NO_USERS').message} Here: the Users field is empty.`,
		});
	});

	it('adds the input fields each item is given, without replacing the result fields', () => {
		const rows: IDataObject[] = [{ row_number: 2, status: 'pending' }, { row_number: 3 }, { row_number: 4, code: 'X' }];
		const [invited, failed] = buildOutputs({
			plannedUsers: threeItems.flatMap((call) => call.users),
			report,
			itemsWithoutUsers: [{ itemIndex: 1, reason: 'empty' }],
			inputFields: (itemIndex) => inputFieldsFor(rows[itemIndex], { mode: 'all' }),
		});
		assert.deepEqual([invited[0].json.row_number, invited[0].json.status], [2, 'invited']);
		assert.deepEqual(
			failed.map((item) => [item.json.row_number, item.json.code]),
			[
				[3, 'NO_USERS'],
				[4, 'INVALID_USER_REFERENCE'],
			],
		);
	});
});

describe('inputFieldsFor', () => {
	const row: IDataObject = { row_number: 7, email: 'a@example.com', message: 'hi', maybeInvitedByThisRun: true, nested: { a: [1] } };

	it('copies nothing for "none", everything but result field names for "all", the listed fields for "selected"', () => {
		assert.deepEqual(inputFieldsFor(row, { mode: 'none' }), {});
		assert.deepEqual(inputFieldsFor(row, { mode: 'all' }), { row_number: 7, email: 'a@example.com', nested: { a: [1] } });
		assert.deepEqual(inputFieldsFor(row, { mode: 'selected', names: ['email', 'missing', 'message'] }), { email: 'a@example.com' });
	});

	it('copies nested values, so a later node changing one result changes nothing else', () => {
		const copied = inputFieldsFor(row, { mode: 'all' });
		assert.notEqual(copied.nested, row.nested);
	});
});

describe('accountFailure', () => {
	it('says what happened, what to do and how far the run got', () => {
		const report: RunReport = {
			results: new Map([[resultKey(0, 0), { output: 'invited', status: 'invited', userId: '1', username: 'alice', callId: '3001' }]]),
		};
		const error = accountFailure(node, new TelegramError({ code: 'TIMEOUT', httpCode: null, method: 'phone.InviteToGroupCall' }), users, report);
		assert.match(error.message, /did not answer in time/);
		assert.match(String(error.description), /TIMEOUT.*1 user\(s\) were handled, 1 of them invited/);
		assert.equal(error.context.itemIndex, 0);
	});
});
