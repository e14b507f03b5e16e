export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `work` and returns its outcome as a value. Internal layers route Telegram errors with plain control
 * flow this way; only the node's surface turns them into NodeOperationError for n8n.
 */
export async function settle<T>(work: () => Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await work() };
	} catch (error) {
		return { ok: false, error };
	}
}

export function settleSync<T>(work: () => T): Settled<T> {
	try {
		return { ok: true, value: work() };
	} catch (error) {
		return { ok: false, error };
	}
}
