import { LoginCancelled, LoginFailure } from './failures';

/**
 * Settles with `promise`, or fails after `ms` (GramJS waits forever for an unanswered request), or rejects with
 * LoginCancelled when `signal` aborts. The losing promise keeps running; its later rejection is swallowed.
 */
export async function within<T>(promise: Promise<T>, ms: number, onTimeout: () => LoginFailure, signal: AbortSignal): Promise<T> {
	promise.catch(() => undefined);
	if (signal.aborted) throw new LoginCancelled();
	let timer: NodeJS.Timeout | undefined;
	let onAbort: (() => void) | undefined;
	const guard = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(onTimeout()), ms);
		onAbort = () => reject(new LoginCancelled());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([promise, guard]);
	} finally {
		clearTimeout(timer);
		if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
	}
}

/** Resolves after `ms`, or early with false when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve(false);
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve(true);
		}, ms);
		const onAbort = (): void => {
			clearTimeout(timer);
			resolve(false);
		};
		signal.addEventListener('abort', onAbort, { once: true });
	});
}
