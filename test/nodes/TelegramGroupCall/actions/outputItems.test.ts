import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { INode } from 'n8n-workflow';

import { accountFailure, buildOutputs } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/outputItems';
import { planInvites } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/planInvites';
import { resultKey, type RunReport } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/runInvites';
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
		const [invited, failed] = buildOutputs(users, report, new Map());
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
		const [invited, failed] = buildOutputs(users, report, new Map([[2, new Error('bad expression')]]));
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
