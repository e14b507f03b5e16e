/**
 * The retry policy (withRetries) on its own: which answers are waited out or retried, how long, how often, and
 * what is handed back to the caller. Waits are recorded, not slept.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { withRetries } from '../../../../../nodes/TelegramGroupCall/actions/groupCall/invite/retryPolicy';
import { CancelledError } from '../../../../../nodes/TelegramGroupCall/errors/cancellation';
import type { TelegramError } from '../../../../../nodes/TelegramGroupCall/transport';
import { recordingEnvironment } from '../../support/memoryRun';
import { telegramError } from '../../support/memoryGateway';

/** A request that answers with `answers` in order (an error is thrown), then 'done'; counts its attempts. */
function scriptedRequest(...answers: Array<TelegramError | Error>) {
	const state = { attempts: 0 };
	const send = async (): Promise<string> => {
		const answer = answers[state.attempts];
		state.attempts += 1;
		if (answer !== undefined) throw answer;
		return 'done';
	};
	return { state, send };
}

describe('withRetries', () => {
	it('returns the first answer without waiting', async () => {
		const environment = recordingEnvironment();
		const request = scriptedRequest();
		assert.equal(await withRetries('inviting', 60, environment, request.send), 'done');
		assert.equal(request.state.attempts, 1);
		assert.deepEqual(environment.sleeps, []);
	});

	it('waits out a FLOOD_WAIT up to the maximum, says so in the log, and sends the request again', async () => {
		const environment = recordingEnvironment();
		const request = scriptedRequest(telegramError('FLOOD_WAIT', { retryAfter: 7 }));
		assert.equal(await withRetries('inviting 1 user(s)', 7, environment, request.send), 'done');
		assert.equal(request.state.attempts, 2);
		assert.deepEqual(environment.sleeps, [7_000]);
		assert.deepEqual(environment.logs, ['info: Telegram asked to wait 7 s (FLOOD_WAIT) before inviting 1 user(s); waiting, then retrying']);
	});

	it('waits out a SLOWMODE_WAIT the same way', async () => {
		const environment = recordingEnvironment();
		const request = scriptedRequest(telegramError('SLOWMODE_WAIT', { retryAfter: 2 }));
		assert.equal(await withRetries('inviting', 60, environment, request.send), 'done');
		assert.deepEqual(environment.sleeps, [2_000]);
	});

	it('hands a FLOOD_WAIT beyond the maximum back at once, with its retryAfter', async () => {
		const environment = recordingEnvironment();
		const request = scriptedRequest(telegramError('FLOOD_WAIT', { retryAfter: 61 }));
		await assert.rejects(withRetries('inviting', 60, environment, request.send), (error: TelegramError) => {
			assert.equal(error.code, 'FLOOD_WAIT');
			assert.equal(error.retryAfter, 61);
			return true;
		});
		assert.equal(request.state.attempts, 1);
		assert.deepEqual(environment.sleeps, []);
	});

	it('stops waiting after 10 flood waits for one request, so a server that always asks to wait cannot hold the node', async () => {
		const environment = recordingEnvironment();
		const floods = Array.from({ length: 11 }, () => telegramError('FLOOD_WAIT', { retryAfter: 1 }));
		const request = scriptedRequest(...floods);
		await assert.rejects(withRetries('inviting', 60, environment, request.send), { code: 'FLOOD_WAIT' });
		assert.equal(request.state.attempts, 11);
		assert.deepEqual(environment.sleeps, Array.from({ length: 10 }, () => 1_000));
	});

	it('retries a server error (5xx) twice with a growing pause, then hands it back', async () => {
		const environment = recordingEnvironment();
		const request = scriptedRequest(telegramError('RPC_CALL_FAIL'), telegramError('INTERNAL', { httpCode: 500 }), telegramError('RPC_MCGET_FAIL'));
		await assert.rejects(withRetries('resolving @alice', 60, environment, request.send), { code: 'RPC_MCGET_FAIL' });
		assert.equal(request.state.attempts, 3);
		assert.deepEqual(environment.sleeps, [1_000, 2_000]);
		assert.equal(environment.logs.length, 2);
		assert.match(environment.logs[0], /temporary problem \(RPC_CALL_FAIL\) with resolving @alice; retrying/);
	});

	it('treats an unknown 5xx code as a server error too', async () => {
		const environment = recordingEnvironment();
		const request = scriptedRequest(telegramError('SOMETHING_NEW_BROKE', { httpCode: 503 }));
		assert.equal(await withRetries('inviting', 60, environment, request.send), 'done');
		assert.deepEqual(environment.sleeps, [1_000]);
	});

	it('counts flood waits and server retries apart: both budgets apply to one request', async () => {
		const environment = recordingEnvironment();
		const request = scriptedRequest(
			telegramError('RPC_CALL_FAIL'),
			telegramError('FLOOD_WAIT', { retryAfter: 3 }),
			telegramError('RPC_CALL_FAIL'),
		);
		assert.equal(await withRetries('inviting', 60, environment, request.send), 'done');
		assert.deepEqual(environment.sleeps, [1_000, 3_000, 2_000]);
	});

	it('hands back any other Telegram error at once, and errors that are not Telegram errors too', async () => {
		for (const error of [telegramError('USER_PRIVACY_RESTRICTED'), telegramError('PEER_FLOOD'), telegramError('AUTH_KEY_UNREGISTERED'), new Error('a bug')]) {
			const environment = recordingEnvironment();
			const request = scriptedRequest(error);
			await assert.rejects(withRetries('inviting', 60, environment, request.send), (thrown) => thrown === error);
			assert.equal(request.state.attempts, 1);
			assert.deepEqual(environment.sleeps, []);
		}
	});

	it('gives up with CancelledError when the execution is cancelled during a wait, without sending again', async () => {
		const controller = new AbortController();
		const environment = recordingEnvironment(controller.signal, () => controller.abort());
		const request = scriptedRequest(telegramError('FLOOD_WAIT', { retryAfter: 5 }));
		await assert.rejects(withRetries('inviting', 60, environment, request.send), CancelledError);
		assert.equal(request.state.attempts, 1);
	});
});
