// A bounded wait for something the test cannot be told about (n8n's database, the sandbox's state): polls a
// probe until it answers, and on timeout says what it waited for and what it saw last.

export interface WaitOptions {
	/** What is awaited, for the timeout message ("3 finished executions of workflow X"). */
	readonly what: string;
	readonly timeoutMs: number;
	readonly intervalMs?: number;
}

/**
 * Calls `probe` until it returns `{ done: true, value }`; rejects after `timeoutMs` with `what` and the last
 * `seen` the probe reported. A probe that throws ends the wait with its error.
 */
export async function waitFor<T>(probe: () => Promise<{ done: true; value: T } | { done: false; seen: string }>, options: WaitOptions): Promise<T> {
	const deadline = Date.now() + options.timeoutMs;
	for (;;) {
		const answer = await probe();
		if (answer.done) return answer.value;
		if (Date.now() >= deadline) throw new Error(`waited ${options.timeoutMs} ms for ${options.what}; last seen: ${answer.seen}`);
		await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
	}
}

/** `waitFor` for a synchronous condition (the in-process sandbox's state). */
export async function waitUntil(condition: () => boolean, describe: () => string, options: WaitOptions): Promise<void> {
	await waitFor(async () => (condition() ? { done: true, value: undefined } : { done: false, seen: describe() }), options);
}
