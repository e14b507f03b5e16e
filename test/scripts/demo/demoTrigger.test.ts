// The demo's trigger verdict (`npm run demo -- --once` exits 1 on any problem) must catch a trigger run that differs
// from the world's prediction: no execution or two for one started call, a failed one, an item for another call or
// event, and a sign-up list the sandbox did not see invited. No n8n needed: the executions are hand-made.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IRunData } from 'n8n-workflow';
import { ControlEndpoint } from '../../../cli/drive/controlEndpoint';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { DEMO_SIGN_UP } from '../../../scripts/demo/demoScenario';
import { driveArguments, driveCommandLine, triggerProblems } from '../../../scripts/demo/demoTrigger';
import { DEMO_TRIGGER_NODES } from '../../../scripts/demo/demoWorkflow';
import type { StoredExecution } from '../../e2e/support/n8nExecutions';

function execution(id: string, status: string, triggerItems: Array<Record<string, unknown>> | undefined): StoredExecution {
	const runData = (triggerItems === undefined ? {} : { [DEMO_TRIGGER_NODES.trigger]: [{ data: { main: [triggerItems.map((json) => ({ json }))] } }] }) as unknown as IRunData;
	const at = '2026-12-02T14:00:00.000Z';
	return { id, workflowId: 'tgGroupCallDemo2', mode: 'trigger', status, createdAt: at, startedAt: at, stoppedAt: at, run: { status, mode: 'trigger', data: { resultData: { runData } } } };
}

const started = (callId: string) => ({ event: 'callStarted', call: { id: callId, accessHash: '1' } });

describe('the demo trigger verdict', () => {
	let sandbox: Sandbox;
	let callId: string;

	before(async () => {
		sandbox = await startSandbox({ port: 0 });
		callId = sandbox.drive.adminStarts(DEMO_SIGN_UP.chatId).callId;
	});

	after(() => sandbox.stop());

	const notInvited = () => `the sandbox: not invited: ${[...DEMO_SIGN_UP.expectedInvitedIds].sort().join(', ')}`;

	it('takes the sign-up list from the world: the members of the call-less chat who can be invited', () => {
		assert.deepEqual(DEMO_SIGN_UP, {
			chat: '@quiet_room',
			chatId: '2006',
			users: ['@alice', '@bob_brown', '@carol_chen'],
			expectedInvitedIds: ['1001', '1002', '1003'],
		});
	});

	it('finds the right execution fine and names only what the sandbox did not see: nobody invited', () => {
		assert.deepEqual(triggerProblems([execution('1', 'success', [started(callId)])], sandbox, callId), [notInvited()]);
	});

	it('names no execution, and two executions for one started call', () => {
		assert.deepEqual(triggerProblems([], sandbox, callId), ['the trigger workflow ran 0 times for one started call', notInvited()]);
		const twice = triggerProblems([execution('1', 'success', [started(callId)]), execution('2', 'success', [started(callId)])], sandbox, callId);
		assert.deepEqual(twice, ['the trigger workflow ran 2 times for one started call', notInvited()]);
	});

	it('names a failed execution, an item for another call or event, and a trigger that gave nothing', () => {
		assert.deepEqual(triggerProblems([execution('1', 'error', [started(callId)])], sandbox, callId), ['its execution ended with status "error"', notInvited()]);
		assert.deepEqual(triggerProblems([execution('1', 'success', [started('999')])], sandbox, callId), [
			`the trigger gave {"event":"callStarted","call":"999"}, not callStarted for call ${callId}`,
			notInvited(),
		]);
		assert.deepEqual(triggerProblems([execution('1', 'success', [{ event: 'callEnded', call: { id: callId } }])], sandbox, callId), [
			`the trigger gave {"event":"callEnded","call":"${callId}"}, not callStarted for call ${callId}`,
			notInvited(),
		]);
		assert.deepEqual(triggerProblems([execution('1', 'success', undefined)], sandbox, callId), [
			`the trigger gave {"event":null,"call":null}, not callStarted for call ${callId}`,
			notInvited(),
		]);
	});

	it('prints a sandbox-drive command with --control when the endpoint is not on the CLI default port', async (t) => {
		const control = await ControlEndpoint.open(sandbox, 0);
		t.after(() => control.close());
		assert.deepEqual(driveArguments(control), ['sandbox-drive', '--control', control.address, 'start', '2006']);
		assert.equal(driveCommandLine(control), `node dist/cli/tg-group-call.js sandbox-drive --control ${control.address} start 2006`);
	});
});
