import { DEFAULT_CONTROL_PORT, type DriveAnswer } from './drive/controlEndpoint';
import { DRIVE_ACTIONS_HELP } from './drive/driveActions';
import type { CliIo } from './cliIo';
import { EXIT_FAILED, printHelp, reportUsageMistake } from './usage';

const COMMAND = 'tg-group-call sandbox-drive';
const ANSWER_TIMEOUT_MS = 10_000;

const USAGE = `Usage: tg-group-call sandbox-drive [--control HOST:PORT] <action> [arguments]

Makes something happen in a running sandbox, as other Telegram users would: people join and leave calls, an
admin schedules, starts, renames, records and ends calls, connections drop. The account's connected clients (an
n8n trigger) get the updates Telegram would send. Start the sandbox with "tg-group-call sandbox --control ${DEFAULT_CONTROL_PORT}".
Prints what changed as one JSON line.

  --control HOST:PORT  the sandbox's control endpoint (default 127.0.0.1:${DEFAULT_CONTROL_PORT})

${DRIVE_ACTIONS_HELP}
Exit codes: 0 done, 1 the sandbox refused it or cannot be reached, 2 usage mistake.
`;

/** `tg-group-call sandbox-drive`: sends one drive command to a sandbox's control endpoint and prints the answer. */
export async function runSandboxDriveCommand(args: string[], io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
	let control = `127.0.0.1:${DEFAULT_CONTROL_PORT}`;
	let words = args;
	// Options of the command itself come before the action; everything after it belongs to the action.
	for (;;) {
		const [first, second] = words;
		if (first === '--help' || first === '-h') return printHelp(USAGE, io.stdout);
		if (first === '--control') {
			if (second === undefined) return reportUsageMistake(COMMAND, '--control needs HOST:PORT', io.stderr);
			control = second;
			words = words.slice(2);
		} else if (first?.startsWith('--control=') === true) {
			control = first.slice('--control='.length);
			words = words.slice(1);
		} else break;
	}
	if (!/^[\w.-]+:\d{1,5}$/.test(control)) return reportUsageMistake(COMMAND, `--control must be HOST:PORT, e.g. 127.0.0.1:${DEFAULT_CONTROL_PORT} (got "${control}")`, io.stderr);
	if (words.length === 0) return reportUsageMistake(COMMAND, 'give an action, e.g. "calls" or "join CALL_ID USER_ID"', io.stderr);
	let response: Response;
	try {
		response = await fetch(`http://${control}/drive`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ words }),
			signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
		});
	} catch {
		io.stderr.write(`${COMMAND}: no sandbox control endpoint answers at ${control}; start one with "tg-group-call sandbox --control PORT" or give its --control.\n`);
		return EXIT_FAILED;
	}
	const answer = (await response.json().catch(() => undefined)) as DriveAnswer | undefined;
	if (answer === undefined) {
		io.stderr.write(`${COMMAND}: ${control} answered HTTP ${response.status} with no drive answer; is it a sandbox control endpoint?\n`);
		return EXIT_FAILED;
	}
	if (!answer.ok) {
		if (answer.usageMistake === true) return reportUsageMistake(COMMAND, answer.error, io.stderr);
		io.stderr.write(`${COMMAND}: ${answer.error}\n`);
		return EXIT_FAILED;
	}
	io.stdout.write(JSON.stringify(answer.result) + '\n');
	return 0;
}
