// The demo's verdict (`npm run demo -- --once` exits 1 on any problem) must catch a run that differs from the
// demo world's prediction, in n8n's output or in the sandbox's record. No n8n needed: the run is hand-made.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IRunData } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { demoProblems, demoRows, formatTable } from '../../../scripts/demo/demoResults';
import { DEMO_USERS } from '../../../scripts/demo/demoScenario';
import { DEMO_NODES } from '../../../scripts/demo/demoWorkflow';
import type { ExecutedRun } from '../../e2e/support/runJson';

type Json = Record<string, unknown>;

function runWith(invited: Json[], failed: Json[]): ExecutedRun {
	const runData = {
		[DEMO_NODES.invite]: [{ data: { main: [invited.map((json) => ({ json })), failed.map((json) => ({ json }))] } }],
	} as unknown as IRunData;
	return { status: 'success', data: { resultData: { runData } } };
}

/** The node's output when everything goes as predicted. */
function predictedRun(): ExecutedRun {
	const invited = DEMO_USERS.flatMap((user) =>
		user.expected.output === 'invited' ? [{ user: user.reference, userId: user.expected.userId, status: 'invited' }] : [],
	);
	const failed = DEMO_USERS.flatMap((user) =>
		user.expected.output === 'failed' ? [{ user: user.reference, userId: null, code: user.expected.code, message: 'why' }] : [],
	);
	return runWith(invited, failed);
}

describe('the demo verdict', () => {
	let untouched: Sandbox;

	before(async () => {
		untouched = await startSandbox({ port: 0 });
	});

	after(() => untouched.stop());

	it('reads one row per user from the node’s two outputs and prints them in the demo’s order', () => {
		const rows = demoRows(predictedRun());
		assert.equal(rows.length, DEMO_USERS.length);
		const table = formatTable(DEMO_USERS, rows, Infinity).split('\n').slice(2);
		assert.deepEqual(
			table.map((line) => line.trim().split(/\s+/)[0]),
			DEMO_USERS.map((user) => user.reference),
		);
		assert.match(table[0], /@alice\s+invited \(user id 1001\)/);
		assert.match(table.at(-1) ?? '', /@no_such_person\s+failed {2}USERNAME_NOT_OCCUPIED: why/);
	});

	it('blames the sandbox when n8n reports the predicted results but nobody was invited there', () => {
		const problems = demoProblems(DEMO_USERS, demoRows(predictedRun()), untouched);
		assert.deepEqual(problems, ['sandbox: not invited: 1001, 1002, 1004, 1005']);
	});

	it('names each user whose result differs, is missing, or is reported twice', () => {
		const rows = demoRows(predictedRun()).filter((row) => row.user !== '@bob_brown');
		const alice = rows.findIndex((row) => row.user === '@alice');
		rows[alice] = { ...rows[alice], output: 'failed', outcome: 'USER_PRIVACY_RESTRICTED' };
		rows.push(rows.find((row) => row.user === '1009')!, { user: '@stranger', output: 'invited', userId: '1', outcome: 'invited', message: '' });
		const problems = demoProblems(DEMO_USERS, rows, untouched).filter((problem) => !problem.startsWith('sandbox:'));
		assert.deepEqual(problems, [
			'@alice: expected invited as 1001, got failed USER_PRIVACY_RESTRICTED',
			'@bob_brown: expected one result, got 0',
			'1009: expected one result, got 2',
			'unexpected result for "@stranger"',
		]);
	});
});
