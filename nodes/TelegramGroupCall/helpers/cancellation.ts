/** The execution was cancelled (n8n's stop button, or a shutdown) while the node was waiting. */
export class CancelledError extends Error {
	constructor() {
		super('The execution was cancelled');
		this.name = 'CancelledError';
	}
}

/** Resolves after `ms`, or rejects with CancelledError as soon as `signal` aborts. */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) throw new CancelledError();
	if (ms <= 0) return;
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => {
			clearTimeout(timer);
			reject(new CancelledError());
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

/**
 * Settles with `promise`, or rejects with `onTimeout()` after `ms`, or with CancelledError when `signal`
 * aborts. The losing promise keeps running; its later rejection is swallowed so it cannot crash the process.
 */
export async function raceDeadline<T>(
	promise: Promise<T>,
	ms: number,
	onTimeout: () => Error,
	signal?: AbortSignal,
): Promise<T> {
	if (signal?.aborted) {
		promise.catch(() => undefined);
		throw new CancelledError();
	}
	let timer: ReturnType<typeof setTimeout> | undefined;
	let onAbort: (() => void) | undefined;
	const guard = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(onTimeout()), ms);
		onAbort = () => reject(new CancelledError());
		signal?.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([promise, guard]);
	} finally {
		clearTimeout(timer);
		if (onAbort) signal?.removeEventListener('abort', onAbort);
		promise.catch(() => undefined);
	}
}
