// The demo's trigger part: the command a person runs to start a call in the sign-up chat, and `--once`'s own run
// of it — the real `tg-group-call sandbox-drive` through the sandbox's control endpoint — judged against the
// sandbox's record: one execution of the trigger workflow, for that call, and the sign-up list invited exactly once.
import { join } from 'node:path';
import type { ControlEndpoint } from '../../cli/drive/controlEndpoint';
import { DEFAULT_CONTROL_PORT } from '../../cli/drive/controlEndpoint';
import type { Sandbox } from '../../sandbox';
import { listExecutions, readExecution, waitForExecutions, type StoredExecution } from '../../test/e2e/support/n8nExecutions';
import type { N8nRestClient } from '../../test/e2e/support/n8nRest';
import { runToCompletion } from '../../test/e2e/support/managedProcess';
import { REPOSITORY_ROOT } from '../../test/e2e/support/packPackage';
import { nodeOutputJson } from '../../test/e2e/support/runJson';
import { invitedExactlyOnceProblems } from '../../test/e2e/support/sandboxGroundTruth';
import { DEMO_SIGN_UP } from './demoScenario';
import { DEMO_TRIGGER_NODES, DEMO_TRIGGER_WORKFLOW_ID } from './demoWorkflow';

const CLI = join('dist', 'cli', 'tg-group-call.js');
/** The trigger sees the start at once (pushed); the execution invites three users. Generous for a loaded machine. */
const EXECUTION_TIMEOUT_MS = 60_000;

/** The words after `tg-group-call`, with --control only when the endpoint is not on the CLI's default port. */
export function driveArguments(control: ControlEndpoint): string[] {
	const onDefault = control.address === `127.0.0.1:${DEFAULT_CONTROL_PORT}`;
	return ['sandbox-drive', ...(onDefault ? [] : ['--control', control.address]), 'start', DEMO_SIGN_UP.chatId];
}

/** What the demo prints for a person to type, from the repository's folder. */
export function driveCommandLine(control: ControlEndpoint): string {
	return ['node', CLI, ...driveArguments(control)].join(' ');
}

/** Runs the printed command itself (the built CLI in its own process) and answers the started call's id. */
export async function runDriveCommand(control: ControlEndpoint): Promise<string> {
	const result = await runToCompletion('tg-group-call sandbox-drive', process.execPath, [join(REPOSITORY_ROOT, CLI), ...driveArguments(control)], {
		cwd: REPOSITORY_ROOT,
		env: process.env,
		timeoutMs: 30_000,
	});
	if (result.code !== 0) throw new Error(`${driveCommandLine(control)} failed (exit ${result.code}): ${result.output.trim()}`);
	const answer = JSON.parse(result.stdout.trim()) as { callId?: unknown };
	if (typeof answer.callId !== 'string') throw new Error(`${driveCommandLine(control)} printed no call id: ${result.stdout.trim()}`);
	return answer.callId;
}

/**
 * What is wrong with the trigger workflow's runs for one started call (empty when nothing): not exactly one
 * execution, not a success, not a callStarted item for `callId`, or the sandbox not showing the sign-up list
 * invited to that call exactly once each.
 */
export function triggerProblems(executions: readonly StoredExecution[], sandbox: Sandbox, callId: string): string[] {
	const problems: string[] = [];
	if (executions.length !== 1) problems.push(`the trigger workflow ran ${executions.length} times for one started call`);
	const [execution] = executions;
	if (execution !== undefined) {
		if (execution.status !== 'success') problems.push(`its execution ended with status "${execution.status}"`);
		const [item] = execution.run.data.resultData.runData[DEMO_TRIGGER_NODES.trigger] === undefined ? [] : nodeOutputJson(execution.run, DEMO_TRIGGER_NODES.trigger);
		const call = item?.call as { id?: unknown } | undefined;
		if (item?.event !== 'callStarted' || call?.id !== callId) {
			problems.push(`the trigger gave ${JSON.stringify({ event: item?.event ?? null, call: call?.id ?? null })}, not callStarted for call ${callId}`);
		}
	}
	problems.push(...invitedExactlyOnceProblems(sandbox, callId, DEMO_SIGN_UP.expectedInvitedIds).map((problem) => `the sandbox: ${problem}`));
	return problems;
}

/** Waits for the trigger workflow's execution (bounded), then judges every execution it has with `triggerProblems`. */
export async function triggerRunProblems(client: N8nRestClient, sandbox: Sandbox, callId: string): Promise<string[]> {
	await waitForExecutions(client, DEMO_TRIGGER_WORKFLOW_ID, { count: 1, timeoutMs: EXECUTION_TIMEOUT_MS });
	const all = await listExecutions(client, DEMO_TRIGGER_WORKFLOW_ID);
	const executions = await Promise.all(all.map(async (execution) => await readExecution(client, execution.id)));
	return triggerProblems(executions, sandbox, callId);
}
