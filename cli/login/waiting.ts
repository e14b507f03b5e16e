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
