// The node's "On Error" modes in a real n8n, run by the n8n CLI (`n8n execute`), against the sandbox.
// The scenario is the hard one: Telegram rejects the session in the middle of a run (a 401 on the 4th
// invite request), after some users were already invited. Whatever the mode, the sandbox must show exactly
// those users invited, once, and n8n must account for every user: a result, or named in the error.
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { OnError } from 'n8n-workflow';
import { startSandbox, type Sandbox, type SandboxCredentials } from '../../sandbox';
import { manualInviteWorkflow, NODES, sandboxCredential, type InviteItem } from './fixtures/inviteWorkflows';
import { freePort } from './support/freePort';
import { everyUserIn, inviteOutcomes } from './support/inviteRun';
import { createN8nUserFolder, executeWorkflow, importCredentials, importWorkflow, type CliExecution, type N8nUserFolder } from './support/n8nProcess';
import { inviteAttemptsByUser, invitedExactlyOnceProblems } from './support/sandboxGroundTruth';

const DEMO_CALL_ID = '3001';
const ITEMS: readonly InviteItem[] = [
	{ call: '@demo_group', users: ['@alice', '@frank_invited', '@bob_brown'] },
	{ call: '@demo_group', users: ['@carol_chen', '@demo_helper_bot'] },
];
const EVERY_USER = ITEMS.flatMap((item) => item.users);
const SESSION_DROPPED = /session is not logged in any more/;

const MODES: readonly OnError[] = ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'];
const workflowId = (mode: OnError) => `e2eOnError${MODES.indexOf(mode).toString().padStart(6, '0')}`;

describe('On Error modes in a real n8n (CLI), session rejected mid-run', () => {
	let folder: N8nUserFolder;
	let sandboxPort: number;
	let credentials: SandboxCredentials;

	before(async () => {
		// Every test gets a fresh sandbox world on this port; the sandbox derives the session from the world,
		// so the one imported credential fits them all.
		sandboxPort = await freePort();
		const probe = await startSandbox({ port: sandboxPort });
		credentials = probe.credentials();
		await probe.stop();
		folder = createN8nUserFolder({ withPackage: true });
		await importCredentials(folder, [sandboxCredential(credentials)]);
		await importWorkflow(folder, MODES.map((mode) => manualInviteWorkflow(workflowId(mode), ITEMS, mode)));
	});

	after(() => folder?.remove());

	/** A fresh world whose 4th invite request (Carol's) answers 401 AUTH_KEY_UNREGISTERED and applies nothing. */
	async function sandboxRejectingTheSession(t: TestContext): Promise<Sandbox> {
		const sandbox = await startSandbox({ port: sandboxPort });
		t.after(() => sandbox.stop());
		sandbox.addFault({ method: 'phone.inviteToGroupCall', call: 4, action: 'error', code: 401, message: 'AUTH_KEY_UNREGISTERED' });
		return sandbox;
	}

	function assertGroundTruth(sandbox: Sandbox): void {
		assert.deepEqual(invitedExactlyOnceProblems(sandbox, DEMO_CALL_ID, ['1001', '1002']), []);
		// Alice, Frank, Bob, then Carol's rejected request; the bot after the failure is never asked for.
		assert.deepEqual(Object.fromEntries(inviteAttemptsByUser(sandbox, DEMO_CALL_ID)), { '1001': 1, '1006': 1, '1002': 1, '1003': 1 });
	}

	function assertNoSecrets(output: string): void {
		assert.ok(!output.includes(credentials.session), 'the session string must not appear in n8n output');
		assert.ok(!output.includes(credentials.apiHash), 'the API hash must not appear in n8n output');
	}

	/** In both continue modes the run succeeds: users decided before the 401 are routed, the rest are named in an error item. */
	function assertContinuedWithEveryUser(execution: CliExecution): void {
		assert.equal(execution.exitCode, 0);
		assert.equal(execution.run.status, 'success');
		const outcomes = inviteOutcomes(execution.run, NODES.invite);
		assert.deepEqual(outcomes, {
			invited: ['@alice', '@bob_brown'],
			failed: ['@frank_invited: USER_ALREADY_INVITED'],
			undecided: ['@carol_chen', '@demo_helper_bot'],
		});
		assert.deepEqual([...everyUserIn(outcomes)].sort(), [...EVERY_USER].sort(), 'every user exactly once');
	}

	it('stopWorkflow: the execution fails with what happened and what was done; nothing runs after the node', async (t) => {
		const sandbox = await sandboxRejectingTheSession(t);
		const execution = await executeWorkflow(folder, workflowId('stopWorkflow'));

		assert.equal(execution.exitCode, 1);
		assert.equal(execution.run.status, 'error');
		const error = execution.run.data.resultData.error;
		assert.match(error?.message ?? '', SESSION_DROPPED);
		assert.match(String(error?.description), /AUTH_KEY_UNREGISTERED .*Before this failure 3 user\(s\) were handled, 2 of them invited/);
		assert.equal(execution.run.data.resultData.lastNodeExecuted, NODES.invite);
		for (const downstream of [NODES.invited, NODES.failed]) assert.equal(execution.run.data.resultData.runData[downstream], undefined);
		assertGroundTruth(sandbox);
		assertNoSecrets(execution.output);
	});

	it('continueRegularOutput: decided users are routed, the undecided ones arrive on Failed as one error item', async (t) => {
		const sandbox = await sandboxRejectingTheSession(t);
		const execution = await executeWorkflow(folder, workflowId('continueRegularOutput'));

		assertContinuedWithEveryUser(execution);

		const failed = execution.run.data.resultData.runData[NODES.failed]?.[0]?.data?.main?.[0] ?? [];
		const errorItem = failed.at(-1);
		assert.match(String(errorItem?.json.error), SESSION_DROPPED);
		assert.deepEqual(errorItem?.pairedItem, { item: 1 });
		assert.equal((errorItem?.json.details as { code?: string } | undefined)?.code, 'AUTH_KEY_UNREGISTERED');
		assertGroundTruth(sandbox);
		assertNoSecrets(execution.output);
	});

	it('continueErrorOutput: n8n moves the error item to the Error output, which leads on', async (t) => {
		const sandbox = await sandboxRejectingTheSession(t);
		const execution = await executeWorkflow(folder, workflowId('continueErrorOutput'));

		assertContinuedWithEveryUser(execution);

		const errorItems = execution.run.data.resultData.runData[NODES.error]?.[0]?.data?.main?.[0] ?? [];
		assert.equal(errorItems.length, 1);
		const [moved] = errorItems;
		// n8n rebuilds a moved item from its input item plus the error: the input says which users it held.
		assert.deepEqual(moved.json.users, ITEMS[1].users);
		assert.match(String(moved.json.error), SESSION_DROPPED);
		const failedItems = execution.run.data.resultData.runData[NODES.failed]?.[0]?.data?.main?.[0] ?? [];
		assert.deepEqual(failedItems.map((item) => item.json.code), ['USER_ALREADY_INVITED']);
		assertGroundTruth(sandbox);
		assertNoSecrets(execution.output);
	});
});
