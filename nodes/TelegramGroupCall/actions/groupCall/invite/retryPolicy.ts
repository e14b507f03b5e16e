import { withRetries as sendWithRetries } from '../common/withRetries';
import type { RunEnvironment } from './types';

/**
 * Runs one Telegram request of the invite algorithm with the node's retry policy (common/withRetries.ts):
 * FLOOD_WAIT up to `maxFloodWaitSeconds` is waited out (and said in the log), server hiccups are retried.
 * Anything else, or a wait beyond the limit, is rethrown for the caller to route.
 */
export function withRetries<T>(
	what: string,
	maxFloodWaitSeconds: number,
	environment: RunEnvironment,
	request: () => Promise<T>,
): Promise<T> {
	// Not async: no extra promise layer on a path taken once per request.
	return sendWithRetries(request, {
		what,
		maxFloodWaitSeconds,
		signal: environment.signal,
		logger: environment.logger,
		sleep: environment.sleep,
	});
}
