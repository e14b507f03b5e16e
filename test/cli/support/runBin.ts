import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

// The compiled bin, as users run it (`npm test` builds first).
export const BIN = resolve(__dirname, '../../../dist/cli/tg-group-call.js');

export interface FinishedCommand {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `tg-group-call …` with no input to its end; kills it (and fails) if it runs longer than `timeoutMs`. */
export function runToEnd(args: string[], timeoutMs = 20_000): Promise<FinishedCommand> {
	const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolvePromise, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`tg-group-call ${args.join(' ')} did not end within ${timeoutMs} ms; stderr:\n${stderr}`));
		}, timeoutMs);
		child.once('close', (code) => {
			clearTimeout(timer);
			resolvePromise({ code, stdout, stderr });
		});
	});
}
