/**
 * The node's one retry policy (common/withRetries, used by Invite Users and every other operation): what is waited out or retried, how long,
 * how often, what is handed back, and that a cancellation ends a wait. Waits are recorded, not slept.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { withRetries, type RetryOptions } from '../../../../../nodes/TelegramGroupCall/actions/groupCall/common/withRetries';
import { abortableSleep, CancelledError } from '../../../../../nodes/TelegramGroupCall/errors/cancellation';
import type { TelegramError } from '../../../../../nodes/TelegramGroupCall/transport';
import { telegramError } from '../../support/memoryGateway';

/** Answers with `answers` in order (each thrown), then 'done'; counts the attempts. */
function scripted(...answers: Array<TelegramError | Error>) {
	const state = { attempts: 0 };
	const work = async (): Promise<string> => {
		const answer = answers[state.attempts];
		state.attempts += 1;
		if (answer !== undefined) throw answer;
		return 'done';
	};
	return { state, work };
}

function recording(maxFloodWaitSeconds = 60): RetryOptions & { sleeps: number[]; logs: string[] } {
	const sleeps: number[] = [];
	const logs: string[] = [];
	return {
		maxFloodWaitSeconds,
		what: 'reading the call',
		sleeps,
		logs,
		logger: { info: (message) => logs.push(message) },
		sleep: async (ms) => {
			sleeps.push(ms);
		},
	};
}

describe('withRetries (common)', () => {
	it('waits out a SLOWMODE_WAIT the same way as a FLOOD_WAIT', async () => {
		const options = recording();
		const request = scripted(telegramError('SLOWMODE_WAIT', { retryAfter: 2 }));
		assert.equal(await withRetries(request.work, options), 'done');
		assert.deepEqual(options.sleeps, [2_000]);
	});

	it('treats an unknown 5xx code as a server error too', async () => {
		const options = recording();
		const request = scripted(telegramError('SOMETHING_NEW_BROKE', { httpCode: 503 }));
		assert.equal(await withRetries(request.work, options), 'done');
		assert.deepEqual(options.sleeps, [1_000]);
	});

	it('counts flood waits and server retries apart: both budgets apply to one request', async () => {
		const options = recording();
		const request = scripted(telegramError('RPC_CALL_FAIL'), telegramError('FLOOD_WAIT', { retryAfter: 3 }), telegramError('RPC_CALL_FAIL'));
		assert.equal(await withRetries(request.work, options), 'done');
		assert.deepEqual(options.sleeps, [1_000, 3_000, 2_000]);
	});

	it('returns the first answer without waiting', async () => {
		const options = recording();
		const request = scripted();
		assert.equal(await withRetries(request.work, options), 'done');
		assert.equal(request.state.attempts, 1);
		assert.deepEqual(options.sleeps, []);
	});

	it('waits out a FLOOD_WAIT within the limit, says so in the log, and sends again', async () => {
		const options = recording(7);
		const request = scripted(telegramError('FLOOD_WAIT', { retryAfter: 7 }));
		assert.equal(await withRetries(request.work, options), 'done');
		assert.equal(request.state.attempts, 2);
		assert.deepEqual(options.sleeps, [7_000]);
		assert.deepEqual(options.logs, ['Telegram asked to wait 7 s (FLOOD_WAIT) before reading the call; waiting, then retrying']);
	});

	it('hands a FLOOD_WAIT beyond the limit back at once, with its retryAfter', async () => {
		const options = recording(5);
		const request = scripted(telegramError('FLOOD_WAIT', { retryAfter: 6 }));
		await assert.rejects(withRetries(request.work, options), (error: TelegramError) => error.code === 'FLOOD_WAIT' && error.retryAfter === 6);
		assert.equal(request.state.attempts, 1);
		assert.deepEqual(options.sleeps, []);
	});

	it('gives up after 10 FLOOD_WAITs in a row (a server that always asks to wait)', async () => {
		const options = recording();
		const request = scripted(...Array.from({ length: 11 }, () => telegramError('FLOOD_WAIT', { retryAfter: 1 })));
		await assert.rejects(withRetries(request.work, options), (error: TelegramError) => error.code === 'FLOOD_WAIT');
		assert.equal(request.state.attempts, 11);
		assert.equal(options.sleeps.length, 10);
	});

	it('retries a 5xx twice, 1 s then 2 s apart, then hands it back', async () => {
		const options = recording();
		const request = scripted(telegramError('INTERNAL'), telegramError('RPC_CALL_FAIL'), telegramError('INTERNAL'));
		await assert.rejects(withRetries(request.work, options), (error: TelegramError) => error.code === 'INTERNAL');
		assert.equal(request.state.attempts, 3);
		assert.deepEqual(options.sleeps, [1_000, 2_000]);
	});

	it('recovers when a 5xx passes', async () => {
		const options = recording();
		const request = scripted(telegramError('INTERNAL'));
		assert.equal(await withRetries(request.work, options), 'done');
		assert.deepEqual(options.sleeps, [1_000]);
	});

	it('never retries what is not transient: call, account and unknown errors, and non-Telegram errors', async () => {
		for (const error of [telegramError('GROUPCALL_INVALID'), telegramError('AUTH_KEY_UNREGISTERED'), telegramError('TIMEOUT'), new Error('bug')]) {
			const options = recording();
			const request = scripted(error);
			await assert.rejects(withRetries(request.work, options), (thrown) => thrown === error);
			assert.equal(request.state.attempts, 1);
			assert.deepEqual(options.sleeps, []);
		}
	});

	it('ends a wait with CancelledError when the execution is cancelled, without sending again', async () => {
		const controller = new AbortController();
		const request = scripted(telegramError('FLOOD_WAIT', { retryAfter: 30 }));
		const waiting = withRetries(request.work, { maxFloodWaitSeconds: 60, signal: controller.signal, sleep: abortableSleep });
		controller.abort();
		await assert.rejects(waiting, CancelledError);
		assert.equal(request.state.attempts, 1);
	});
});
