import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');

/** Extra Node flags for every benchmark child, e.g. BENCH_CHILD_FLAGS="--cpu-prof" to profile the sandbox process. */
const childFlags = (process.env.BENCH_CHILD_FLAGS ?? '').split(' ').filter((flag) => flag !== '');

/** Starts a TypeScript entry file in a new Node process (through tsx), with an IPC channel to this one. */
export function forkTs(entry: string, args: string[] = [], nodeFlags: string[] = []): ChildProcess {
	return fork(entry, args, {
		cwd: repoRoot,
		execArgv: ['--import', 'tsx', ...nodeFlags, ...childFlags],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
}

/** Resolves with the child's first IPC message; rejects if it exits first. */
export function firstMessage<T>(child: ChildProcess, what: string): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const onExit = (code: number | null): void => reject(new Error(`${what}: exited with code ${code} before answering`));
		child.once('exit', onExit);
		child.once('message', (message) => {
			child.off('exit', onExit);
			resolve(message as T);
		});
	});
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * One job in a fresh process: sends `input`, waits for one answer and for the process to end. A fresh process is
 * how "first execution", module loading and peak memory are measured without this process's history.
 */
export async function runInChild<I, O>(entry: string, input: I, nodeFlags: string[] = []): Promise<O> {
	const child = forkTs(entry, [], nodeFlags);
	try {
		// Sent only once the child listens: tsx loads modules asynchronously, and a message that arrives before
		// the child has a 'message' listener is lost.
		await firstMessage<'ready'>(child, path.basename(entry));
		const answer = firstMessage<{ ok: true; value: O } | { ok: false; error: string }>(child, path.basename(entry));
		child.send(input as object);
		const result = await answer;
		await exited(child);
		if (!result.ok) throw new Error(`${path.basename(entry)}: ${result.error}`);
		return result.value;
	} finally {
		if (child.exitCode === null && child.signalCode === null) child.kill();
	}
}

/** The child's side of runInChild: runs `job` on the parent's input, sends the result, then exits. */
export function serveOneJob<I, O>(job: (input: I) => Promise<O>): void {
	process.once('message', (input) => {
		void job(input as I).then(
			(value) => reply({ ok: true, value }),
			(error: unknown) => reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
		);
	});
	process.send?.('ready');
}

function reply(message: object): void {
	// Exit explicitly: a pooled GramJS connection or timer must not keep a benchmark process alive.
	process.send?.(message, () => process.exit(0));
}
