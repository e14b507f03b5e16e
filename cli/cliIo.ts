import type { TerminalInput } from './login/terminal';

/** What a command reads and writes: the process's own streams in the bin, others when tests run it in-process. */
export interface CliIo {
	stdin: TerminalInput;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	env: NodeJS.ProcessEnv;
	/** Resolves when the command is asked to stop (the process gets SIGINT or SIGTERM): `sandbox` serves until then. */
	stopRequested(): Promise<void>;
}

export const processIo = (): CliIo => ({
	// A getter: Node creates process.stdin on first use, and only `login` reads it.
	get stdin() {
		return process.stdin;
	},
	stdout: process.stdout,
	stderr: process.stderr,
	env: process.env,
	stopRequested: () =>
		new Promise<void>((resolve) => {
			process.once('SIGINT', resolve);
			process.once('SIGTERM', resolve);
		}),
});
