// Built from a string: a control character in a regex literal is easy to misread (and eslint flags it).
const ANSI = new RegExp(String.fromCharCode(27) + '\\[[0-9;]*[A-Za-z]', 'g');

/**
 * What a person sees of a command in a terminal, as it arrives: `waitFor` what they see. The screen's text has
 * carriage returns and colour codes removed. Shared by the pseudo-terminal (a real child process) and the
 * in-process terminal, so a test reads the same either way.
 */
export class Screen {
	private raw = '';
	/** Where the next `waitFor` starts looking, so the same prompt asked twice is matched twice. */
	private cursor = 0;
	private readonly listeners = new Set<() => void>();

	/** Everything shown so far. */
	get text(): string {
		return this.raw.replace(/\r/g, '').replace(ANSI, '');
	}

	show(text: string): void {
		this.raw += text;
		for (const listener of this.listeners) listener();
	}

	/** Waits until the screen shows `pattern` after the previous match; returns the matched text. */
	waitFor(pattern: RegExp | string, timeoutMs = 20_000): Promise<RegExpMatchArray> {
		const regex = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
		return new Promise((resolvePromise, reject) => {
			const check = (): boolean => {
				const rest = this.text.slice(this.cursor);
				const match = regex.exec(rest);
				if (match === null || match.index === undefined) return false;
				this.cursor += match.index + match[0].length;
				done();
				resolvePromise(match);
				return true;
			};
			const timer = setTimeout(() => {
				done();
				reject(new Error(`the screen never showed ${regex} within ${timeoutMs} ms; it shows:\n${this.text}`));
			}, timeoutMs);
			const done = (): void => {
				clearTimeout(timer);
				this.listeners.delete(onOutput);
			};
			const onOutput = (): void => void check();
			this.listeners.add(onOutput);
			check();
		});
	}
}

/** Resolves with `promise`, or rejects with `message()` after `timeoutMs`; leaves no timer behind. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, message: () => string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(message())), timeoutMs);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** The session printed on the "Session" line of the result. */
export function sessionFromScreen(screen: string): string {
	const match = /^ {2}Session {3}(1\S+)$/m.exec(screen);
	if (match === null) throw new Error(`no session on the screen:\n${screen}`);
	return match[1];
}

/** A QR login link shown on the screen, as a person could copy it. */
export const QR_LINK = /tg:\/\/login\?token=([A-Za-z0-9_-]+)/;
