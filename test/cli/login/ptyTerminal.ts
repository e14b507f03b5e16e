import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

import { Screen, within } from './screen';

export { QR_LINK, sessionFromScreen } from './screen';

// The compiled bin, as users run it (`npm test` builds first).
const BIN = resolve(__dirname, '../../../dist/cli/tg-group-call.js');

// Python's pty module gives the command a real terminal (node-pty would need a native build):
// the command sees a TTY on stdin/stdout/stderr, and this process sees what a person would see.
const PTY_DRIVER = 'import os, pty, sys\nsys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))';

let python: string | undefined;

/**
 * The interpreter `python3` stands for, asked once per process: where `python3` is a version manager's shim
 * (pyenv), every terminal would otherwise start a shell script first, about 0.7 s of CPU each.
 */
function pythonExecutable(): string {
	python ??= execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim() || 'python3';
	return python;
}

/**
 * A program in a pseudo-terminal: `type` what a person types, `waitFor` what they see.
 * The transcript is the screen's text: carriage returns and colour codes removed.
 */
export class PtyProgram {
	private readonly shown = new Screen();
	private readonly child: ChildProcessWithoutNullStreams;
	private readonly exited: Promise<number>;

	/** `command`: the program and its arguments, e.g. [process.execPath, BIN, 'login']. */
	constructor(command: string[], env: NodeJS.ProcessEnv = {}) {
		const { TG_API_ID: _id, TG_API_HASH: _hash, ...inherited } = process.env;
		this.child = spawn(pythonExecutable(), ['-c', PTY_DRIVER, ...command], {
			env: { ...inherited, TERM: 'xterm', ...env },
			stdio: 'pipe',
		});
		// One streaming decoder per stream: a character split across two chunks (a QR code's block characters are
		// 3 bytes each, and a loaded machine splits output anywhere) must be joined, not decoded as two U+FFFD.
		const collector = (): ((chunk: Buffer) => void) => {
			const decoder = new StringDecoder('utf8');
			return (chunk) => this.shown.show(decoder.write(chunk));
		};
		this.child.stdout.on('data', collector());
		this.child.stderr.on('data', collector());
		this.exited = new Promise((resolvePromise) => this.child.once('exit', (code, signal) => resolvePromise(code ?? (signal === null ? -1 : 128))));
	}

	/** Everything shown so far. */
	get screen(): string {
		return this.shown.text;
	}

	/** Waits until the screen shows `pattern` after the previous match; returns the matched text. */
	waitFor(pattern: RegExp | string, timeoutMs = 20_000): Promise<RegExpMatchArray> {
		return this.shown.waitFor(pattern, timeoutMs);
	}

	/** Types a line and presses Enter. */
	type(text: string): void {
		this.child.stdin.write(text + '\r');
	}

	/** Sends keys as they are (e.g. "\u0003" for Ctrl-C). */
	press(keys: string): void {
		this.child.stdin.write(keys);
	}

	/** The exit code of the command, once it ends. */
	exitCode(timeoutMs = 20_000): Promise<number> {
		return within(this.exited, timeoutMs, () => `the command did not exit within ${timeoutMs} ms; the screen shows:\n${this.screen}`);
	}

	kill(): void {
		this.child.kill('SIGKILL');
	}
}

/** `tg-group-call login …` in a pseudo-terminal, as a person runs it. */
export class PtyLogin extends PtyProgram {
	constructor(args: string[], env: NodeJS.ProcessEnv = {}) {
		super([process.execPath, BIN, 'login', ...args], env);
	}
}
