import { PassThrough, Writable } from 'node:stream';

import { runCli } from '../../../cli/main';
import type { TerminalInput } from '../../../cli/login/terminal';
import { Screen, within } from './screen';

/** A keyboard that says it is a TTY, as process.stdin does in a terminal: the command reads it in raw mode. */
class Keyboard extends PassThrough implements TerminalInput {
	readonly isTTY = true;
	isRaw = false;

	setRawMode(mode: boolean): this {
		this.isRaw = mode;
		return this;
	}
}

/**
 * `tg-group-call login …` run in this process (the command's own code, `runCli`) with a terminal for its
 * streams: the keyboard is a TTY in raw mode, stdout and stderr both go to one screen, as in a terminal.
 * The same `type`/`press`/`waitFor`/`exitCode` as `PtyLogin`, without a Node process and GramJS load per login;
 * `PtyLogin` stays for what only a real terminal and the built bin show.
 */
export class TerminalLogin {
	private readonly shown = new Screen();
	private readonly keyboard = new Keyboard();
	private readonly finished: Promise<number>;
	private done = false;

	/** `env`: the command's whole environment (only TG_API_ID and TG_API_HASH are read). */
	constructor(args: string[], env: NodeJS.ProcessEnv = {}) {
		const screen = new Writable({
			decodeStrings: false,
			write: (chunk: string | Buffer, _encoding, callback) => {
				this.shown.show(chunk.toString());
				callback();
			},
		});
		this.finished = runCli(['login', ...args], {
			stdin: this.keyboard,
			stdout: screen,
			stderr: screen,
			env,
			stopRequested: () => new Promise<void>(() => undefined),
		}).finally(() => {
			this.done = true;
		});
	}

	/** Everything shown so far. */
	get screen(): string {
		return this.shown.text;
	}

	/** True while the command reads the keyboard in raw mode (no echo by the terminal, Ctrl-C as a key). */
	get rawMode(): boolean {
		return this.keyboard.isRaw;
	}

	waitFor(pattern: RegExp | string, timeoutMs = 20_000): Promise<RegExpMatchArray> {
		return this.shown.waitFor(pattern, timeoutMs);
	}

	/** Types a line and presses Enter. */
	type(text: string): void {
		this.keyboard.write(text + '\r');
	}

	/** Sends keys as they are (e.g. "\u0003" for Ctrl-C). */
	press(keys: string): void {
		this.keyboard.write(keys);
	}

	/** The command's exit code, once it ends. */
	exitCode(timeoutMs = 20_000): Promise<number> {
		return within(this.finished, timeoutMs, () => `the command did not end within ${timeoutMs} ms; the screen shows:\n${this.screen}`);
	}

	/** Ends a login a test left unfinished the way a person would, with Ctrl-C, and waits until it has let go of everything. */
	async stop(): Promise<void> {
		if (!this.done) this.press('\u0003');
		await this.exitCode();
	}
}
