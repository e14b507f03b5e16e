// Child processes for e2e tests that can never outlive the test process.
// Each child leads its own process group (n8n starts task runners of its own), so stopping kills the
// whole group. Three safety nets: stop() from the test's `after`, a kill of every live group when this
// process exits or is interrupted, and a tiny shell watchdog per group that kills it if this process
// dies without running any handler (SIGKILL, OOM, a runner timeout).
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

export interface ProcessOptions {
	readonly cwd?: string;
	readonly env: NodeJS.ProcessEnv;
}

export interface ProcessExit {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
	readonly name: string;
	readonly pid: number;
	/** stdout and stderr so far, interleaved as they arrived. */
	output(): string;
	stdout(): string;
	stderr(): string;
	readonly exited: Promise<ProcessExit>;
	hasExited(): boolean;
	/** Resolves with the first match of `pattern` in the output; rejects if the process exits first or on timeout. */
	waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
	/** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the group is gone. Safe to call twice. */
	stop(graceMs?: number): Promise<ProcessExit>;
}

/** Process group id → its watchdog's process group id. */
const liveGroups = new Map<number, number | undefined>();
let exitHandlersInstalled = false;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// ESRCH: the group is already gone.
	}
}

function killAllGroups(): void {
	for (const [pgid, watchdogPgid] of liveGroups) {
		killGroup(pgid, 'SIGKILL');
		if (watchdogPgid !== undefined) killGroup(watchdogPgid, 'SIGKILL');
	}
	liveGroups.clear();
}

function installExitHandlers(): void {
	if (exitHandlersInstalled) return;
	exitHandlersInstalled = true;
	process.on('exit', killAllGroups);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			killAllGroups();
			// exit() rather than re-raising the signal, so the other 'exit' cleanups (temporary folders) run too.
			process.exit(128 + constants.signals[signal]);
		});
	}
}

function startWatchdog(pgid: number): ChildProcess {
	// dash's kill takes "-PGID" for a group (no "--"). Polls once a second: cheap, and exits with the group.
	const script = 'while kill -0 "$1" 2>/dev/null; do kill -0 "-$2" 2>/dev/null || exit 0; sleep 1; done; kill -KILL "-$2" 2>/dev/null';
	const watchdog = spawn('sh', ['-c', script, 'e2e-watchdog', String(process.pid), String(pgid)], {
		detached: true,
		stdio: 'ignore',
	});
	watchdog.unref();
	return watchdog;
}

export function tail(text: string, lines = 40): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function startManagedProcess(name: string, command: string, args: readonly string[], options: ProcessOptions): ManagedProcess {
	installExitHandlers();
	const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	if (child.pid === undefined) {
		// spawn reports the reason (e.g. ENOENT) as a later 'error' event; without a listener it would crash the test.
		child.on('error', () => undefined);
		throw new Error(`${name}: could not start ${command}`);
	}
	const pid = child.pid;
	const watchdog = startWatchdog(pid);
	liveGroups.set(pid, watchdog.pid);

	let combined = '';
	let stdoutText = '';
	let stderrText = '';
	const listeners = new Set<() => void>();
	const notify = () => listeners.forEach((listener) => listener());
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdoutText += chunk;
		combined += chunk;
		notify();
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderrText += chunk;
		combined += chunk;
		notify();
	});

	let exitInfo: ProcessExit | undefined;
	const exited = new Promise<ProcessExit>((resolve) => {
		const finish = (info: ProcessExit) => {
			if (exitInfo) return;
			exitInfo = info;
			// Whatever the leader left behind in its group goes with it.
			killGroup(pid, 'SIGKILL');
			liveGroups.delete(pid);
			if (watchdog.pid !== undefined) killGroup(watchdog.pid, 'SIGKILL');
			notify();
			resolve(info);
		};
		// A grandchild may hold the pipes open after the leader exits: kill the group so 'close' can follow.
		child.on('exit', () => killGroup(pid, 'SIGKILL'));
		child.on('close', (code, signal) => finish({ code, signal }));
		child.on('error', (error) => {
			combined += `\n[${name}] spawn error: ${error.message}\n`;
			finish({ code: null, signal: null });
		});
	});

	const waitForOutput = (pattern: RegExp, timeoutMs: number) =>
		new Promise<RegExpMatchArray>((resolve, reject) => {
			const check = () => {
				const match = combined.match(pattern);
				if (match) return done(() => resolve(match));
				if (exitInfo) {
					return done(() =>
						reject(new Error(`${name} exited (${exitInfo?.signal ?? exitInfo?.code}) before printing ${pattern}. Output:\n${tail(combined)}`)),
					);
				}
			};
			const timer = setTimeout(
				() => done(() => reject(new Error(`${name} did not print ${pattern} within ${timeoutMs} ms. Output:\n${tail(combined)}`))),
				timeoutMs,
			);
			const done = (settle: () => void) => {
				clearTimeout(timer);
				listeners.delete(check);
				settle();
			};
			listeners.add(check);
			check();
		});

	const stop = async (graceMs = 10_000) => {
		if (exitInfo) return exitInfo;
		killGroup(pid, 'SIGTERM');
		const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
		const info = await exited;
		clearTimeout(timer);
		return info;
	};

	return {
		name,
		pid,
		output: () => combined,
		stdout: () => stdoutText,
		stderr: () => stderrText,
		exited,
		hasExited: () => exitInfo !== undefined,
		waitForOutput,
		stop,
	};
}

export interface CompletedProcess extends ProcessExit {
	readonly stdout: string;
	readonly stderr: string;
	readonly output: string;
}

/** Runs a command to its end (killing its group after `timeoutMs`, a guard against hangs). */
export async function runToCompletion(
	name: string,
	command: string,
	args: readonly string[],
	options: ProcessOptions & { readonly timeoutMs: number },
): Promise<CompletedProcess> {
	const child = startManagedProcess(name, command, args, options);
	const guard = setTimeout(() => void child.stop(2_000), options.timeoutMs);
	const exit = await child.exited;
	clearTimeout(guard);
	if (exit.signal && exit.code === null) {
		throw new Error(`${name} was stopped by ${exit.signal} (limit ${options.timeoutMs} ms). Output:\n${tail(child.output())}`);
	}
	return { ...exit, stdout: child.stdout(), stderr: child.stderr(), output: child.output() };
}
