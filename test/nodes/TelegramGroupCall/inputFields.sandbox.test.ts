/**
 * "Include Input Fields": results carry their input row's fields (e.g. row_number, to write back to a sheet),
 * next to their own, which always win. In n8n's engine against the sandbox (build first).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { type Sandbox } from '../../../sandbox';
import { runWithInputs } from './support/inputRuns';
import { closeCompiledPool, useSharedSandbox } from './support/sandboxRuns';

/** A sheet's rows: one valid user, one empty cell, one entry the node does not understand. */
function sheetRows(): IDataObject[] {
	return [
		{ row_number: 2, users: '@alice', email: 'alice@example.com', status: 'pending', message: 'from the sheet', call: '@demo_group' },
		{ row_number: 3, users: '', email: 'nobody@example.com', call: '@demo_group' },
		{ row_number: 4, users: 'bad!', extra: { nested: [1, 2] }, call: '@demo_group' },
	];
}

describe('Include Input Fields', () => {
	let sandbox: Sandbox;
	useSharedSandbox((started) => (sandbox = started));

	it('adds none of the row by default', async () => {
		const run = await runWithInputs(sandbox, { items: sheetRows(), options: { dryRun: true } });
		for (const item of run.outputs.flat()) assert.equal(item.json.row_number, undefined);
	});

	it('with "all", adds every field of the row except those the result has itself', async () => {
		const rows = sheetRows();
		const run = await runWithInputs(sandbox, { items: rows, options: { dryRun: true, includeInputFields: 'all' } });
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.deepEqual(run.outputs[0].map((item) => item.json), [
			{
				user: '@alice',
				userId: '1001',
				username: 'alice',
				callId: '3001',
				status: 'would_invite',
				row_number: 2,
				users: '@alice',
				email: 'alice@example.com',
				call: '@demo_group',
			},
		]);
		assert.equal(run.outputs[0][0].json.message, undefined, "the row's message must not pass for the node's");
		const [noUsers, invalid] = run.outputs[1];
		assert.deepEqual([noUsers.json.code, noUsers.json.row_number, noUsers.json.email], ['NO_USERS', 3, 'nobody@example.com']);
		assert.deepEqual([invalid.json.code, invalid.json.row_number, invalid.json.extra], ['INVALID_USER_REFERENCE', 4, { nested: [1, 2] }]);
		assert.notEqual(invalid.json.extra, rows[2].extra, 'a copy, so later nodes cannot change the input through it');
	});

	it('with "selected", adds only the listed fields that the row has', async () => {
		const run = await runWithInputs(sandbox, {
			items: sheetRows(),
			options: { dryRun: true, includeInputFields: 'selected', fieldsToInclude: ' row_number , not_there,status' },
		});
		assert.deepEqual(run.outputs[0][0].json.row_number, 2);
		assert.equal(run.outputs[0][0].json.status, 'would_invite', 'the result wins over the row');
		assert.equal(run.outputs[0][0].json.email, undefined);
		assert.deepEqual(
			run.outputs[1].map((item) => [item.json.row_number, 'not_there' in item.json]),
			[
				[3, false],
				[4, false],
			],
		);
	});

	it('with "selected" and no fields listed, stops with an error naming "Fields to Include"', async () => {
		const run = await runWithInputs(sandbox, { items: sheetRows(), options: { dryRun: true, includeInputFields: 'selected' } });
		assert.equal(run.status, 'error');
		assert.match(run.error?.message ?? '', /"Fields to Include" is empty/);
	});

	it('keeps error items bare, so n8n moves them to the Error output (where n8n adds the row itself)', async () => {
		sandbox.revokeSession();
		try {
			const run = await runWithInputs(sandbox, {
				items: sheetRows(),
				options: { includeInputFields: 'all' },
				onError: 'continueErrorOutput',
			});
			assert.deepEqual(run.outputs[0], []);
			assert.deepEqual(
				run.outputs[1].map((item) => [item.json.code, item.json.row_number]),
				[['NO_USERS', 3]],
				'decided before the account failed: a result, with the row',
			);
			assert.deepEqual(
				run.outputs[2].map((item) => [item.json.row_number, item.json.users]),
				[
					[2, '@alice'],
					[4, 'bad!'],
				],
			);
			for (const item of run.outputs[2]) assert.match(String(item.json.error), /revoked/);
		} finally {
			sandbox.restoreSession();
			await closeCompiledPool();
		}
	});
});
