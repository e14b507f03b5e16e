import { describeError } from '../../../errors/catalog';
import { isTelegramError } from '../../../transport';
import type { RunEnvironment } from './types';

/** A server that answers FLOOD_WAIT forever must not keep the node waiting forever. */
const MAX_FLOOD_WAITS_PER_REQUEST = 10;
/** 5xx answers (GramJS already retried RPC_CALL_FAIL itself) get a couple of slow retries. */
const TRANSIENT_RETRIES = 2;
const TRANSIENT_BACKOFF_MS = 1_000;

/**
 * Runs one Telegram request, waiting out FLOOD_WAIT up to `maxFloodWaitSeconds` (and saying so in the log)
 * and retrying server hiccups. Anything else, or a wait beyond the limit, is rethrown for the caller to route.
 */
export async function withRetries<T>(
	what: string,
	maxFloodWaitSeconds: number,
	environment: RunEnvironment,
	request: () => Promise<T>,
): Promise<T> {
	let floodWaits = 0;
	let transientRetries = 0;
	for (;;) {
		// Not settle(): one async layer less on a path taken per request. The error is routed outside the catch.
		let error: unknown;
		try {
			return await request();
		} catch (caught) {
			error = caught;
		}
		if (!isTelegramError(error)) throw error;
		const seconds = error.retryAfter;
		if (seconds !== undefined && seconds <= maxFloodWaitSeconds && floodWaits < MAX_FLOOD_WAITS_PER_REQUEST) {
			floodWaits += 1;
			environment.logger.info(`Telegram asked to wait ${seconds} s (${error.code}) before ${what}; waiting, then retrying`);
			await environment.sleep(seconds * 1000, environment.signal);
			continue;
		}
		const transient = seconds === undefined && describeError(error.code, error.httpCode).scope === 'transient';
		if (transient && transientRetries < TRANSIENT_RETRIES) {
			transientRetries += 1;
			environment.logger.info(`Telegram had a temporary problem (${error.code}) with ${what}; retrying`);
			await environment.sleep(TRANSIENT_BACKOFF_MS * transientRetries, environment.signal);
			continue;
		}
		throw error;
	}
}
