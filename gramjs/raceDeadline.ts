/** How long a GramJS call may take, and how the caller stops waiting for it. */
export interface Deadline {
	ms: number;
	/** The error for a call that takes longer than `ms`. */
	onTimeout: () => Error;
	/** Aborting it ends the wait at once with `onCancel()`. */
	signal?: AbortSignal;
	/** The caller's own cancellation error (the node's CancelledError, the CLI's LoginCancelled). */
	onCancel: () => Error;
}

/**
 * GramJS never gives up on its own: `connect()` to a silent server and an unanswered request wait forever (its
 * `timeout` option is never read). So the node and the CLI race such calls against a deadline with this.
 * Settles with `promise`, or rejects with `onTimeout()` after `ms`, or with `onCancel()` as soon as `signal`
 * aborts. The losing promise keeps running; its later rejection is swallowed so it cannot crash the process.
 */
export async function raceDeadline<T>(promise: Promise<T>, deadline: Deadline): Promise<T> {
	promise.catch(() => undefined);
	const { signal } = deadline;
	if (signal?.aborted) throw deadline.onCancel();
	let timer: ReturnType<typeof setTimeout> | undefined;
	let onAbort: (() => void) | undefined;
	const guard = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(deadline.onTimeout()), deadline.ms);
		onAbort = () => reject(deadline.onCancel());
		signal?.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([promise, guard]);
	} finally {
		clearTimeout(timer);
		if (onAbort) signal?.removeEventListener('abort', onAbort);
	}
}
