// The demo's verdict (`npm run demo -- --once` exits 1 on any problem) must catch a run that differs from the
// demo world's prediction, in n8n's output or in the sandbox's record. No n8n needed: the run is hand-made.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IRunData } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { demoProblems, demoRows, formatParticipants, formatTable, participantProblems, participantRows } from '../../../scripts/demo/demoResults';
import { DEMO_CALL, DEMO_USERS } from '../../../scripts/demo/demoScenario';
import { DEMO_NODES } from '../../../scripts/demo/demoWorkflow';
import type { ExecutedRun } from '../../e2e/support/runJson';

type Json = Record<string, unknown>;

/** The built-in world's call: the account (Olivia) and Grace are in it. */
const IN_CALL: Json[] = [
	{ userId: '1000', username: 'ops_owner', firstName: 'Olivia', lastName: 'Ops', isSelf: true, muted: false },
	{ userId: '1007', username: 'grace_in_call', firstName: 'Grace', lastName: 'Green', isSelf: false, muted: true },
];

function runWith(invited: Json[], failed: Json[], participants: Json[] = IN_CALL): ExecutedRun {
	const runData = {
		[DEMO_NODES.invite]: [{ data: { main: [invited.map((json) => ({ json })), failed.map((json) => ({ json }))] } }],
		[DEMO_NODES.participants]: [{ data: { main: [participants.map((json) => ({ json }))] } }],
	} as unknown as IRunData;
	return { status: 'success', data: { resultData: { runData } } };
}

/** The node's output when everything goes as predicted. */
function predictedRun(): ExecutedRun {
	const invited = DEMO_USERS.flatMap((user) =>
		user.expected.output === 'invited' ? [{ user: user.reference, userId: user.expected.userId, status: 'invited' }] : [],
	);
	const failed = DEMO_USERS.flatMap((user) =>
		user.expected.output === 'failed'
			? [{ user: user.reference, userId: null, code: user.expected.code, message: 'why', ...(user.expected.callLink ? { callLink: DEMO_CALL.link } : {}) }]
			: [],
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
		const judy = table.find((line) => line.includes('@judy_private')) ?? '';
		assert.match(judy, /failed {2}USER_PRIVACY_RESTRICTED, call link https:\/\/t\.me\/demo_group\?videochat: why/);
	});

	it('lists who is in the call, the account marked', () => {
		const lines = formatParticipants(participantRows(predictedRun())).split('\n');
		assert.deepEqual(lines, [
			'  @ops_owner (Olivia Ops)       user id 1000, this account, speaking',
			'  @grace_in_call (Grace Green)  user id 1007, muted',
		]);
	});

	it('finds nothing to blame when the participants listed are the world’s and the sandbox’s', () => {
		assert.deepEqual(participantProblems(participantRows(predictedRun()), untouched), []);
	});

	it('names a participant list that misses someone, against both the prediction and the sandbox', () => {
		const problems = participantProblems(participantRows(runWith([], [], IN_CALL.slice(1))), untouched);
		assert.deepEqual(problems, [
			'"Who is in the call" listed [1007], the world predicts [1000, 1007]',
			'sandbox: the call\'s participants are [1000, 1007], "Who is in the call" listed [1007]',
		]);
	});

	it('blames the sandbox when n8n reports the predicted results but nobody was invited there', () => {
		const problems = demoProblems(DEMO_USERS, demoRows(predictedRun()), untouched);
		assert.deepEqual(problems, [
			'sandbox: not invited: 1001, 1002, 1004, 1005',
			'sandbox: phone.exportGroupCallInvite was asked 0 times, expected 1',
		]);
	});

	it('names each user whose result differs, is missing, or is reported twice', () => {
		const rows = demoRows(predictedRun()).filter((row) => row.user !== '@bob_brown');
		const alice = rows.findIndex((row) => row.user === '@alice');
		rows[alice] = { ...rows[alice], output: 'failed', outcome: 'USER_PRIVACY_RESTRICTED' };
		rows.push(rows.find((row) => row.user === '1009')!, { user: '@stranger', output: 'invited', userId: '1', outcome: 'invited', message: '' });
		const ivan = rows.findIndex((row) => row.user === '@ivan_outsider');
		rows[ivan] = { ...rows[ivan], callLink: null };
		const frank = rows.findIndex((row) => row.user === '@frank_invited');
		rows[frank] = { ...rows[frank], callLink: DEMO_CALL.link };
		const problems = demoProblems(DEMO_USERS, rows, untouched).filter((problem) => !problem.startsWith('sandbox:'));
		assert.deepEqual(problems, [
			'@alice: expected invited as 1001, got failed USER_PRIVACY_RESTRICTED',
			'@bob_brown: expected one result, got 0',
			'@frank_invited: expected no call link, got https://t.me/demo_group?videochat',
			'1009: expected one result, got 2',
			'@ivan_outsider: expected the call link https://t.me/demo_group?videochat, got null',
			'unexpected result for "@stranger"',
		]);
	});
});
