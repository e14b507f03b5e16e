import { PassThrough, Writable } from 'node:stream';

import { runCli } from '../../../cli/main';
import type { FinishedCommand } from './runBin';

function collector(): { stream: Writable; text: () => string } {
	let text = '';
	const stream = new Writable({
		decodeStrings: false,
		write: (chunk: string | Buffer, _encoding, callback) => {
			text += chunk.toString();
			callback();
		},
	});
	return { stream, text: () => text };
}

/**
 * `tg-group-call …` run in this process (`runCli`, the code the bin runs) with no input, to its end: what it
 * printed on stdout and stderr, and the exit code the bin would exit with. For commands that end by themselves
 * (help, usage mistakes, failures to start); a sandbox that does start is stopped at once; test/cli/bin.test.ts runs the built bin itself.
 */
export async function runInProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<FinishedCommand> {
	const stdout = collector();
	const stderr = collector();
	const stdin = new PassThrough();
	stdin.end();
	const code = await runCli(args, {
		stdin,
		stdout: stdout.stream,
		stderr: stderr.stream,
		env,
		// A command that serves (a sandbox that started) stops at once, as if it got SIGTERM: nothing keeps running.
		stopRequested: () => Promise.resolve(),
	});
	return { code, stdout: stdout.text(), stderr: stderr.text() };
}
