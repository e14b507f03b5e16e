import { StringDecoder } from 'node:string_decoder';

import { LoginCancelled } from './failures';

export interface TerminalInput extends NodeJS.ReadableStream {
	isTTY?: boolean;
	setRawMode?(mode: boolean): unknown;
}

export interface AskOptions {
	/** No echo (passwords, the API hash). */
	hidden?: boolean;
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const ESCAPE = '\u001b';

interface PendingQuestion {
	hidden: boolean;
	resolve(answer: string): void;
	reject(error: Error): void;
}

/**
 * The person at the keyboard: prompts and messages go to `output` (stderr, so stdout keeps only the result),
 * answers come from `input`. On a TTY the input is read in raw mode, so a hidden answer is never echoed and
 * Ctrl-C cancels cleanly at any moment (`cancelled` fires) instead of killing the process mid-login.
 * From a pipe, answers are plain lines.
 */
export class Terminal {
	private readonly decoder = new StringDecoder('utf8');
	private readonly raw: boolean;
	private readonly controller = new AbortController();
	/** Characters typed while no question was open, kept for the next one. */
	private typedAhead = '';
	private line = '';
	private pending: PendingQuestion | undefined;
	private ended = false;
	private escape = false;
	/** "\r\n" is one Enter, not an answer and an empty one. */
	private afterCarriageReturn = false;
	private readonly onData = (chunk: Buffer | string): void => this.receive(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
	private readonly onEnd = (): void => this.endOfInput();
	private readonly onSignal = (): void => this.cancel();

	constructor(
		private readonly input: TerminalInput,
		private readonly output: NodeJS.WritableStream,
	) {
		this.raw = input.isTTY === true && typeof input.setRawMode === 'function';
		if (this.raw) input.setRawMode?.(true);
		input.on('data', this.onData);
		input.on('end', this.onEnd);
		process.on('SIGINT', this.onSignal);
		process.on('SIGTERM', this.onSignal);
	}

	/** Aborts when the person presses Ctrl-C (or the process gets SIGINT/SIGTERM). */
	get cancelled(): AbortSignal {
		return this.controller.signal;
	}

	get isInteractive(): boolean {
		return this.raw;
	}

	say(text: string): void {
		this.output.write(text.endsWith('\n') ? text : text + '\n');
	}

	/** Asks one question; rejects with LoginCancelled on Ctrl-C or when the input ends. */
	ask(question: string, options: AskOptions = {}): Promise<string> {
		if (this.controller.signal.aborted) return Promise.reject(new LoginCancelled());
		if (this.pending !== undefined) return Promise.reject(new Error('one question at a time'));
		this.output.write(question);
		return new Promise<string>((resolve, reject) => {
			this.pending = { hidden: options.hidden === true, resolve, reject };
			this.line = '';
			const early = this.typedAhead;
			this.typedAhead = '';
			this.receive(early);
			// Input that ended still answers the questions its lines cover (piped answers).
			if (this.ended) this.endOfInput();
		});
	}

	/** Restores the terminal and lets the process exit. */
	close(): void {
		this.input.off('data', this.onData);
		this.input.off('end', this.onEnd);
		process.off('SIGINT', this.onSignal);
		process.off('SIGTERM', this.onSignal);
		if (this.raw) this.input.setRawMode?.(false);
		this.input.pause();
	}

	private receive(text: string): void {
		for (const char of text) {
			if (this.pending === undefined) {
				if (char === CTRL_C) this.cancel();
				else this.typedAhead += char;
				continue;
			}
			this.receiveChar(char, this.pending);
		}
	}

	private receiveChar(char: string, pending: PendingQuestion): void {
		const afterCarriageReturn = this.afterCarriageReturn;
		this.afterCarriageReturn = char === '\r';
		if (char === '\n' && afterCarriageReturn) return;
		// Arrow keys and the like arrive as escape sequences; they have no meaning here.
		if (this.escape) {
			if (/[A-Za-z~]/.test(char)) this.escape = false;
			return;
		}
		switch (char) {
			case ESCAPE:
				this.escape = true;
				return;
			case CTRL_C:
				this.cancel();
				return;
			case CTRL_D:
				if (this.line === '') this.endOfInput();
				return;
			case '\r':
			case '\n': {
				const answer = this.line;
				this.line = '';
				this.pending = undefined;
				// A piped answer is not echoed either: end the prompt's line all the same.
				this.output.write('\n');
				pending.resolve(answer);
				return;
			}
			case '\u007f':
			case '\b':
				if (this.line === '') return;
				this.line = [...this.line].slice(0, -1).join('');
				if (this.raw && !pending.hidden) this.output.write('\b \b');
				return;
			case CTRL_U:
				if (this.raw && !pending.hidden) this.output.write('\b \b'.repeat([...this.line].length));
				this.line = '';
				return;
			default:
				if (char < ' ') return;
				this.line += char;
				if (this.raw && !pending.hidden) this.output.write(char);
		}
	}

	private cancel(): void {
		if (!this.controller.signal.aborted) this.controller.abort(new LoginCancelled());
		this.rejectPending(new LoginCancelled());
	}

	private endOfInput(): void {
		this.ended = true;
		this.rejectPending(new LoginCancelled('the input ended before the login finished'));
	}

	private rejectPending(error: Error): void {
		const pending = this.pending;
		this.pending = undefined;
		if (pending === undefined) return;
		if (this.raw) this.output.write('\n');
		pending.reject(error);
	}
}
