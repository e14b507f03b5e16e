/**
 * The one deadline race of the node's connect and the CLI's requests (GramJS itself never times out). Timers
 * are mocked: the deadline passes when the test says so, not after a real wait.
 */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { afterEach, describe, it, mock } from 'node:test';

import { raceDeadline, type Deadline } from '../../gramjs/raceDeadline';
import { deferred } from '../support/deferred';

class TimedOut extends Error {}
class Cancelled extends Error {}

afterEach(() => mock.timers.reset());

/** A deadline of `ms` that counts how often each error was made. */
function deadline(ms: number, signal?: AbortSignal): Deadline & { made: { timeouts: number; cancels: number } } {
	const made = { timeouts: 0, cancels: 0 };
	return {
		ms,
		signal,
		made,
		onTimeout: () => {
			made.timeouts++;
			return new TimedOut();
		},
		onCancel: () => {
			made.cancels++;
			return new Cancelled();
		},
	};
}

/** Collects unhandled rejections while `body` runs and one turn of the event loop after it. */
async function unhandledDuring(body: () => Promise<void>): Promise<unknown[]> {
	const unhandled: unknown[] = [];
	const record = (reason: unknown): void => {
		unhandled.push(reason);
	};
	process.on('unhandledRejection', record);
	try {
		await body();
		await new Promise((resolve) => setImmediate(resolve));
	} finally {
		process.off('unhandledRejection', record);
	}
	return unhandled;
}

describe('raceDeadline (gramjs/)', () => {
	it("settles with the call's value or error, and then neither times out nor listens to the signal", async () => {
		mock.timers.enable({ apis: ['setTimeout'] });
		const controller = new AbortController();
		const limits = deadline(1000, controller.signal);

		assert.equal(await raceDeadline(Promise.resolve('connected'), limits), 'connected');
		const failure = new Error('AUTH_KEY_UNREGISTERED');
		await assert.rejects(raceDeadline(Promise.reject(failure), limits), (error) => error === failure);

		mock.timers.tick(5000);
		controller.abort();
		assert.deepEqual(limits.made, { timeouts: 0, cancels: 0 });
		assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
	});

	it("rejects with the caller's timeout error once the deadline has passed, not before", async () => {
		mock.timers.enable({ apis: ['setTimeout'] });
		const call = deferred<string>();
		const limits = deadline(1000);
		const outcome: { settled: boolean; error?: unknown } = { settled: false };
		raceDeadline(call.promise, limits).then(
			() => (outcome.settled = true),
			(error: unknown) => Object.assign(outcome, { settled: true, error }),
		);

		mock.timers.tick(999);
		await new Promise((resolve) => setImmediate(resolve));
		assert.equal(outcome.settled, false);
		mock.timers.tick(1);
		await new Promise((resolve) => setImmediate(resolve));
		assert.ok(outcome.error instanceof TimedOut);
		assert.equal(limits.made.timeouts, 1);
	});

	it("rejects with the caller's cancellation error as soon as the signal aborts, and stops listening", async () => {
		mock.timers.enable({ apis: ['setTimeout'] });
		const controller = new AbortController();
		const limits = deadline(1000, controller.signal);
		const raced = raceDeadline(deferred<string>().promise, limits);
		assert.equal(getEventListeners(controller.signal, 'abort').length, 1);

		controller.abort();
		await assert.rejects(raced, Cancelled);
		mock.timers.tick(5000);
		assert.deepEqual(limits.made, { timeouts: 0, cancels: 1 });
		assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
	});

	it('fails at once on a signal that has already aborted, without arming a timer', async () => {
		mock.timers.enable({ apis: ['setTimeout'] });
		const controller = new AbortController();
		controller.abort();
		const limits = deadline(1000, controller.signal);

		await assert.rejects(raceDeadline(deferred<string>().promise, limits), Cancelled);
		mock.timers.tick(5000);
		assert.deepEqual(limits.made, { timeouts: 0, cancels: 1 });
	});

	it('swallows the later rejection of a call it gave up on (timed out, cancelled, or cancelled before the start)', async () => {
		mock.timers.enable({ apis: ['setTimeout'] });
		const unhandled = await unhandledDuring(async () => {
			const timedOut = deferred<string>();
			const timing = raceDeadline(timedOut.promise, deadline(10));
			mock.timers.tick(10);
			await assert.rejects(timing, TimedOut);
			timedOut.reject(new Error('connection closed later'));

			const controller = new AbortController();
			const cancelled = deferred<string>();
			const cancelling = raceDeadline(cancelled.promise, deadline(1000, controller.signal));
			controller.abort();
			await assert.rejects(cancelling, Cancelled);
			cancelled.reject(new Error('connection closed later'));

			const neverRaced = deferred<string>();
			await assert.rejects(raceDeadline(neverRaced.promise, deadline(1000, controller.signal)), Cancelled);
			neverRaced.reject(new Error('connection closed later'));
		});
		assert.deepEqual(unhandled, []);
	});
});
