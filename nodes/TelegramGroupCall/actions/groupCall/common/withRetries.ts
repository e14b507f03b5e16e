import type { IExecuteFunctions } from 'n8n-workflow';

import { abortableSleep } from '../../../errors/cancellation';
import { describeError } from '../../../errors/catalog';
import { isTelegramError } from '../../../transport';

/**
 * FLOOD_WAIT up to this long is waited out when an operation has no "Max Flood Wait" option of its own (every
 * operation but Invite Users, whose option defaults to the same 60 s).
 */
export const DEFAULT_MAX_FLOOD_WAIT_SECONDS = 60;
/** A server that answers FLOOD_WAIT forever must not keep the node waiting forever. */
const MAX_FLOOD_WAITS = 10;
/** 5xx answers (GramJS already retried RPC_CALL_FAIL itself) get a couple of slow retries. */
const TRANSIENT_RETRIES = 2;
const TRANSIENT_BACKOFF_MS = 1_000;

export interface RetryOptions {
	/** The execution's cancel signal: a wait ends at once with CancelledError when it aborts. */
	signal?: AbortSignal;
	/** FLOOD_WAIT up to this many seconds is waited out and the request sent again; a longer one is thrown. */
	maxFloodWaitSeconds: number;
	/** Where waits are reported (n8n's logger); nothing is logged without it. */
	logger?: { info(message: string): void };
	/** What the request does, for the log: "reading the call". */
	what?: string;
	/** Replaces the real wait (tests). */
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Sends one request with the node's retry policy: a FLOOD_WAIT within `maxFloodWaitSeconds` is waited out and
 * the request sent again (at most 10 times); a 5xx answer (transient in the error catalog) is retried twice
 * after 1 s and 2 s. Anything else — a longer FLOOD_WAIT included, with its `retryAfter` — is rethrown as is,
 * for the caller to route. `work` must be safe to send again: use it for reads and idempotent changes.
 */
export async function withRetries<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
	const sleep = options.sleep ?? abortableSleep;
	const what = options.what ?? 'the request';
	let floodWaits = 0;
	let transientRetries = 0;
	for (;;) {
		let error: unknown;
		try {
			return await work();
		} catch (caught) {
			error = caught;
		}
		if (!isTelegramError(error)) throw error;
		const seconds = error.retryAfter;
		if (seconds !== undefined) {
			if (seconds > options.maxFloodWaitSeconds || floodWaits >= MAX_FLOOD_WAITS) throw error;
			floodWaits += 1;
			options.logger?.info(`Telegram asked to wait ${seconds} s (${error.code}) before ${what}; waiting, then retrying`);
			await sleep(seconds * 1000, options.signal);
			continue;
		}
		if (describeError(error.code, error.httpCode).scope !== 'transient' || transientRetries >= TRANSIENT_RETRIES) throw error;
		transientRetries += 1;
		options.logger?.info(`Telegram had a temporary problem (${error.code}) with ${what}; retrying`);
		await sleep(TRANSIENT_BACKOFF_MS * transientRetries, options.signal);
	}
}

/** Sends one request (`work` sends it) under an operation's retry policy. */
export type Send = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * The retry policy of an operation without a "Max Flood Wait" option: the execution's cancel signal and
 * logger, FLOOD_WAIT up to 60 s waited out. `what` names the work in the log ("ending calls").
 */
export function sendWithRetries(context: Pick<IExecuteFunctions, 'getExecutionCancelSignal' | 'logger'>, what: string): Send {
	const options: RetryOptions = {
		signal: context.getExecutionCancelSignal(),
		maxFloodWaitSeconds: DEFAULT_MAX_FLOOD_WAIT_SECONDS,
		logger: context.logger,
		what,
	};
	return async (work) => await withRetries(work, options);
}

/** Sends once, without retries (tests of the operations' logic). */
export const sendOnce: Send = async (work) => await work();
