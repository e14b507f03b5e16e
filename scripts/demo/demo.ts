// `npm run demo`: the package in a real n8n against the sandbox, no Telegram account needed.
// Prints a table of what the demo workflow did for each user and who is in the call, then starts n8n with the
// trigger workflow "Call started → Invite the sign-up list" active and serves the editor with both workflows and
// their credential in place until Ctrl-C, printing the `tg-group-call sandbox-drive` command that fires the trigger.
// `npm run demo -- --once` runs that command itself instead of serving: exit 0 when the table and the trigger's run
// went exactly as the demo world predicts (checked against the sandbox's own record), else 1.
import { parseArgs } from 'node:util';
import type { RequestLogEntry, Sandbox } from '../../sandbox';
import { demoProblems, demoRows, formatParticipants, formatTable, participantProblems, participantRows } from './demoResults';
import { DEMO_CALL, DEMO_SIGN_UP, DEMO_USERS } from './demoScenario';
import { DEMO_OWNER, openDemoControl, prepareDemo, restartDemoSandbox, runDemoWorkflow, startDemoEditor, startDemoSandbox } from './demoSetup';
import { driveCommandLine, runDriveCommand, triggerRunProblems } from './demoTrigger';
import { DEMO_NODES } from './demoWorkflow';
import { buildIfNeeded, ensureN8nInstalled, firstRunNotice } from './prerequisites';

const USAGE = `Usage: npm run demo [-- --once] [-- --port N]
  --once     fire the trigger workflow itself and exit: 0 when both runs matched the demo world's prediction, 1 otherwise
  --port N   the editor's port (default 5678, or a free one when 5678 is taken)`;

function say(message: string): void {
	process.stderr.write(`[demo] ${message}\n`);
}

function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

async function step<T>(label: string, work: () => Promise<T> | T): Promise<T> {
	const started = Date.now();
	const result = await work();
	say(`${label} (${seconds(started)})`);
	return result;
}

function describeInvite(entry: RequestLogEntry): string {
	const params = entry.params as { users?: Array<{ userId?: string }> } | null;
	const users = (params?.users ?? []).map((user) => user.userId ?? '?').join(', ');
	const answer = entry.error ? `${entry.error.code} ${entry.error.message}` : entry.applied ? 'invited' : entry.outcome;
	return `[sandbox] phone.inviteToGroupCall user ${users} → ${answer}`;
}

function logInvites(entry: RequestLogEntry): void {
	if (entry.method === 'phone.inviteToGroupCall') process.stderr.write(`${describeInvite(entry)}\n`);
	if (entry.method === 'phone.exportGroupCallInvite') process.stderr.write(`[sandbox] phone.exportGroupCallInvite → ${entry.error ? entry.error.code : 'the call link'}\n`);
}

function parseOptions(): { once: boolean; port?: number } {
	const { values } = parseArgs({ options: { once: { type: 'boolean', default: false }, port: { type: 'string' }, help: { type: 'boolean' } } });
	if (values.help) {
		process.stdout.write(`${USAGE}\n`);
		process.exit(0);
	}
	const port = values.port === undefined ? undefined : Number(values.port);
	if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`--port must be a port number (got "${values.port}")`);
	return { once: values.once ?? false, port };
}

/** Ctrl-C: the toolkit's exit handler kills n8n's process group and removes the temporary user folder. */
function stopOnSignal(exitCode: () => number): void {
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.prependListener(signal, () => {
			say('Stopping n8n and the sandbox.');
			process.exit(exitCode());
		});
	}
}

async function main(): Promise<number> {
	const options = parseOptions();
	let editorRunning = false;
	stopOnSignal(() => (editorRunning ? 0 : 130));

	const started = Date.now();
	const notice = firstRunNotice();
	if (notice !== undefined) say(notice);
	say(buildIfNeeded(say) ? `Package built (${seconds(started)})` : 'Package build is current');
	await step('Real n8n is installed', () => ensureN8nInstalled());
	let sandbox: Sandbox = await startDemoSandbox();
	say(`Sandbox (a fake Telegram with the built-in demo world) listening on ${sandbox.address}`);
	const folder = await step('n8n user folder ready', () => prepareDemo(sandbox, say));

	say(`Running "${DEMO_NODES.invite}" for ${DEMO_USERS.length} users, then "${DEMO_NODES.participants}", with the n8n CLI (n8n execute)…`);
	const execution = await step('Run finished', () => runDemoWorkflow(folder));
	const rows = demoRows(execution.run);
	const participants = participantRows(execution.run);
	process.stdout.write(
		`\nInvites to the "Weekly sync" call in ${DEMO_CALL.chat} (sandbox), with the call link for those who can only join by link:\n\n` +
			`${formatTable(DEMO_USERS, rows)}\n\nWho is in the call now (Get Participants):\n\n${formatParticipants(participants)}\n\n`,
	);

	const problems = [...demoProblems(DEMO_USERS, rows, sandbox), ...participantProblems(participants, sandbox)];
	if (execution.exitCode !== 0 || execution.run.status !== 'success') {
		problems.unshift(`the n8n execution ended with status "${execution.run.status}" (exit ${execution.exitCode}): ${execution.run.data.resultData.error?.message ?? ''}`);
	}
	if (problems.length === 0) {
		const invited = rows.filter((row) => row.output === 'invited').length;
		const failed = rows.filter((row) => row.output === 'failed');
		const linked = failed.filter((row) => typeof row.callLink === 'string').length;
		say(
			`The run went as the demo world predicts: ${invited} invited once each, ${failed.length} failed with Telegram's reason ` +
				`(${linked} of them with the call link), ${participants.length} in the call (${seconds(started)} in all).`,
		);
	} else {
		say(`The run did NOT go as the demo world predicts:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
	}
	// The trigger workflow in a running n8n, on a fresh world (so the editor's runs give the same answers again).
	sandbox = await restartDemoSandbox(sandbox, { onRequest: logInvites });
	const control = await openDemoControl(sandbox, (line) => say(`sandbox ${line}`));
	say(`Starting n8n with "Call started → Invite the sign-up list" active (its trigger watches ${DEMO_SIGN_UP.chat})…`);
	const editor = await step('n8n started, the trigger workflow active', () => startDemoEditor(folder, options.port));
	const command = driveCommandLine(control);
	if (options.once) {
		say(`Starting a call in ${DEMO_SIGN_UP.chat} as a person would: ${command}`);
		const callId = await runDriveCommand(control);
		const triggerProblems = await step('Trigger workflow ran', () => triggerRunProblems(editor.client, sandbox, callId));
		if (triggerProblems.length === 0) {
			say(
				`The trigger workflow went as the world predicts: one execution for call ${callId}, ` +
					`${DEMO_SIGN_UP.users.join(', ')} invited once each (${seconds(started)} in all).`,
			);
		} else {
			say(`The trigger workflow did NOT go as the world predicts:\n${triggerProblems.map((problem) => `  - ${problem}`).join('\n')}`);
		}
		return problems.length === 0 && triggerProblems.length === 0 ? 0 : 1;
	}
	editorRunning = true;
	process.stdout.write(
		[
			`The n8n editor is running: ${editor.workflowUrl}`,
			`  Sign in with  ${DEMO_OWNER.email}  /  ${DEMO_OWNER.password}`,
			'  The demo workflow opens with its sandbox credential. Click "Execute workflow" at the bottom of the canvas,',
			`  then double-click "${DEMO_NODES.invited}" and "${DEMO_NODES.failed}" to see one item per user, and "${DEMO_NODES.inCall}" for who is in the call.`,
			`  The sandbox was reset for the editor (same answers as above); invites and link exports are logged below as they happen.`,
			`The trigger workflow is active: ${editor.triggerWorkflowUrl}`,
			`  Start a call in ${DEMO_SIGN_UP.chat}, from another terminal in this folder:`,
			`    ${command}`,
			`  and the workflow invites ${DEMO_SIGN_UP.users.join(', ')} to it (see its Executions tab). End it with`,
			`    ${command.replace(/ start \S+$/, ' end CALL_ID')}   (the call id is in the start command's answer)`,
			'Press Ctrl-C to stop n8n and the sandbox.',
			'',
		].join('\n'),
	);
	await new Promise<never>(() => {
		// Runs until a signal; stopOnSignal exits the process.
	});
	return 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		say(`Failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	},
);
