/**
 * The Users parameter as people fill it: phone numbers written with spaces, numbers from expressions, and
 * empty cells. In n8n's engine against the sandbox (build first), with the sandbox's request log and invite
 * ledger as ground truth. Issue 8, items 2, 4 and "floats and NaN".
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { defaultWorld, startSandbox, type Sandbox } from '../../../sandbox';
import { inviteRequestsSince, lastRequestSeq, requestsSince, runWithInputs } from './support/inputRuns';
import { invitedIdsOf } from './support/requestLog';
import { closeCompiledPool, pairedIndex, rows } from './support/sandboxRuns';

/** A member whose id is a digit group of Dave's phone (+1 555 000 1004): the person a split phone invited. */
const FRAGMENT_ID = '555';

function worldWithFragmentMember() {
	const world = defaultWorld();
	world.users.push({ id: FRAGMENT_ID, accessHash: '7555', firstName: 'Fragment', username: 'fragment_member' });
	const demo = world.chats.find((chat) => chat.username === 'demo_group');
	assert.ok(demo);
	demo.members.push(FRAGMENT_ID);
	return world;
}

describe('users as people write them', () => {
	let sandbox: Sandbox;

	before(async () => {
		sandbox = await startSandbox({ port: 0, world: worldWithFragmentMember() });
	});

	after(async () => {
		await closeCompiledPool();
		await sandbox.stop();
	});

	it('invites the owner of a phone written with spaces, and nobody whose id is one of its digit groups', async () => {
		const since = lastRequestSeq(sandbox);
		const run = await runWithInputs(sandbox, { items: [{ call: '@demo_group', users: '+1 555 000 1004' }] });
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.deepEqual(rows(run.outputs[0]), ['0:+1 555 000 1004:invited']);
		assert.deepEqual(run.outputs[1], []);
		assert.deepEqual(inviteRequestsSince(sandbox, since).map(invitedIdsOf), [['1004']]);
		assert.equal(sandbox.world.inviteCount('3001', FRAGMENT_ID), 0);
	});

	it('reads every usual spelling of a phone as one entry: +, 00, brackets, dashes, dots, no-break spaces', async () => {
		const spellings = ['+1 555 000 1014', '+1 (555) 000-1014', '+1.555.000.1014', '001 555 000 1014', '+1\u00a0555\u00a0000\u00a01014', '+1 555 0001014'];
		const since = lastRequestSeq(sandbox);
		const run = await runWithInputs(sandbox, {
			items: [{ call: '@demo_group', users: `${spellings.join('\n')}, @alice` }],
			options: { dryRun: true },
		});
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.deepEqual(rows(run.outputs[0]), [`0:${spellings[0]}:would_invite`, '0:@alice:would_invite']);
		assert.deepEqual(
			rows(run.outputs[1]),
			spellings.slice(1).map((spelling) => `0:${spelling}:DUPLICATE_IN_INPUT`),
			'each spelling names the same phone as the first',
		);
		assert.deepEqual(inviteRequestsSince(sandbox, since), []);
	});

	it('refuses phones without the international prefix as one entry each, never as ids', async () => {
		const entries = ['0555 000 1004', '555-000-1004', '(555) 000 1004', '555.000.1004'];
		const run = await runWithInputs(sandbox, {
			items: [{ call: '@demo_group', users: entries.join(' , ') }],
			options: { dryRun: true },
		});
		assert.deepEqual(run.outputs[0], []);
		assert.deepEqual(rows(run.outputs[1]), entries.map((entry) => `0:${entry}:INVALID_USER_REFERENCE`));
		for (const item of run.outputs[1]) assert.match(String(item.json.message), /international prefix/);
	});

	it('separates a phone from a following id by a comma, and keeps the digits after a phone with it otherwise', async () => {
		const run = await runWithInputs(sandbox, {
			items: [{ call: '@demo_group', users: '+1 555 000 1001, 1005' }, { call: '@demo_group', users: '+1 555 000 1001 1005' }],
			options: { dryRun: true },
		});
		assert.deepEqual(rows(run.outputs[0]), ['0:+1 555 000 1001:would_invite', '0:1005:would_invite']);
		assert.deepEqual(
			run.outputs[1].map((item) => [item.json.user, item.json.code]),
			[['+1 555 000 1001 1005', 'PHONE_NOT_OCCUPIED']],
			'one entry: the phone +155500010011005, which nobody has',
		);
	});

	it('says what is wrong with numbers that cannot be ids: fractions, NaN, infinities, numbers beyond 2^53', async () => {
		const run = await runWithInputs(sandbox, {
			items: [
				{ call: '@demo_group', users: [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, 1005] },
				{ call: 2001.5, users: '@alice' },
			],
			options: { dryRun: true },
		});
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.deepEqual(rows(run.outputs[0]), ['0:1005:would_invite']);
		const messages = run.outputs[1].map((item) => `${String(item.json.user)}: ${String(item.json.message)}`);
		assert.equal(messages.length, 5);
		assert.match(messages[0], /^1\.5: .*1\.5 is not a whole number, so it is no user id/);
		assert.match(messages[1], /^NaN: .*NaN is not a number/);
		assert.match(messages[2], /^Infinity: .*Infinity is no user id/);
		assert.match(messages[3], /lost digits/);
		assert.match(messages[4], /^@alice: .*2001\.5 is not a whole number, so it is no chat id/);
		for (const message of messages) assert.doesNotMatch(message, /too large/);
	});

	it('gives every item without users one NO_USERS result on Failed, paired to it, and still runs the others', async () => {
		const empties: Array<[IDataObject, RegExp]> = [
			[{ call: '@demo_group', users: '' }, /the Users field is empty/],
			[{ call: '@demo_group', users: null }, /null/],
			[{ call: '@demo_group', user: '@alice' }, /undefined/],
			[{ call: '@demo_group', users: [] }, /empty array/],
			[{ call: '@demo_group', users: ['', '  ', null] }, /only empty values/],
			[{ call: '@demo_group', users: ' , ;\n ' }, /only spaces or separators/],
			[{ call: '', users: '' }, /the Users field is empty/],
		];
		const items = [{ call: '@demo_group', users: '@alice' }, ...empties.map(([json]) => json), { call: '@demo_group', users: '@bob_brown' }];
		const run = await runWithInputs(sandbox, { items, options: { dryRun: true }, onError: 'continueErrorOutput' });
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.deepEqual(rows(run.outputs[0]), ['0:@alice:would_invite', `${items.length - 1}:@bob_brown:would_invite`]);
		const failed = run.outputs[1];
		assert.deepEqual(
			failed.map((item) => [pairedIndex(item), item.json.code, item.json.user, item.json.httpCode]),
			empties.map((_, index) => [index + 1, 'NO_USERS', null, null]),
		);
		empties.forEach(([, reason], index) => {
			assert.match(String(failed[index].json.message), /Users field/);
			assert.match(String(failed[index].json.message), reason);
		});
		assert.deepEqual(run.outputs[2], [], 'NO_USERS is a result, not an error item: it stays on Failed');
	});

	it('answers items that all name nobody without connecting', async () => {
		const since = lastRequestSeq(sandbox);
		const run = await runWithInputs(sandbox, { items: [{ call: '@demo_group', users: '' }, { users: null }] });
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.deepEqual(rows(run.outputs[1]), ['0:null:NO_USERS', '1:null:NO_USERS']);
		assert.deepEqual(requestsSince(sandbox, since), []);
	});
});
