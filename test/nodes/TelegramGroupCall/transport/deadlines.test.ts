import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';

import { CancelledError } from '../../../../nodes/TelegramGroupCall/errors/cancellation';
import { CancelScope } from '../../../../nodes/TelegramGroupCall/transport/cancelScope';
import { DeadlineQueue } from '../../../../nodes/TelegramGroupCall/transport/deadlines';
import { rejection } from '../support/rejection';

class TimeoutError extends Error {
	constructor(readonly label: string) {
		super(`timed out: ${label}`);
	}
}

function queue(timeoutMs: number): DeadlineQueue {
	return new DeadlineQueue(timeoutMs, (label) => new TimeoutError(label));
}

const never = <T>() => new Promise<T>(() => undefined);

describe('DeadlineQueue', () => {
	it('settles with the operation when it is in time, value or error', async () => {
		const deadlines = queue(1_000);
		assert.equal(await deadlines.race(Promise.resolve(42), 'a'), 42);
		const error = new Error('no');
		assert.equal(await rejection(deadlines.race(Promise.reject(error), 'b')), error);
		assert.equal(deadlines.pending, 0);
	});

	it('rejects with the timeout error of that operation after the time limit', async () => {
		const deadlines = queue(50);
		const started = performance.now();
		const error = await rejection(deadlines.race(never(), 'stuck'));
		const elapsed = performance.now() - started;
		assert.ok(error instanceof TimeoutError);
		assert.equal(error.label, 'stuck');
		assert.ok(elapsed >= 49, `timed out after ${elapsed} ms`);
		assert.equal(deadlines.pending, 0);
	});

	it('gives every operation its full time limit, counted from its own start', async () => {
		const deadlines = queue(120);
		// The timer is armed for the first operation; the later one must not time out with it.
		await deadlines.race(Promise.resolve('quick'), 'quick');
		await delay(70);
		const started = performance.now();
		const error = await rejection(deadlines.race(never(), 'late'));
		const elapsed = performance.now() - started;
		assert.ok(error instanceof TimeoutError);
		assert.ok(elapsed >= 119, `timed out after ${elapsed} ms, expected 120`);
		assert.ok(elapsed < 120 + 100, `timed out after ${elapsed} ms, expected 120`);
	});

	it('times out each of several pending operations at its own deadline', async () => {
		const deadlines = queue(60);
		const started = performance.now();
		const timedOutAt: Record<string, number> = {};
		const watch = (label: string) =>
			rejection(deadlines.race(never(), label)).then((error) => {
				assert.ok(error instanceof TimeoutError);
				timedOutAt[label] = performance.now() - started;
			});
		const first = watch('first');
		await delay(30);
		const second = watch('second');
		const quick = deadlines.race(delay(10).then(() => 'done'), 'quick');
		assert.equal(await quick, 'done');
		await Promise.all([first, second]);
		assert.ok(timedOutAt.first >= 59 && timedOutAt.first < timedOutAt.second, JSON.stringify(timedOutAt));
		assert.ok(timedOutAt.second >= 89, JSON.stringify(timedOutAt));
	});

	it('keeps the process alive while an operation is pending, and not once nothing is', { timeout: 30_000 }, () => {
		const modulePath = path.resolve(__dirname, '../../../../nodes/TelegramGroupCall/transport/deadlines.ts');
		/** Runs `body` in a fresh Node process with `deadlines` (timeoutMs as given); its output and lifetime. */
		const run = (timeoutMs: number, body: string): { output: string; ms: number } => {
			const script =
				`const { DeadlineQueue } = require(${JSON.stringify(modulePath)});\n` +
				`const deadlines = new DeadlineQueue(${timeoutMs}, (label) => new Error(label));\n${body}`;
			const started = performance.now();
			const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
			return { output, ms: performance.now() - started };
		};
		// Nothing else keeps this process alive: it ends only after the timeout was reported.
		const stuck = run(300, "deadlines.race(new Promise(() => {}), 'stuck').catch((error) => console.log('timed out:', error.message));");
		assert.equal(stuck.output.trim(), 'timed out: stuck');
		// The timer armed for the quick operation (due in 60 s) must not hold the process.
		const idle = run(60_000, "deadlines.race(Promise.resolve(1), 'quick').then((value) => console.log('done', value));");
		assert.equal(idle.output.trim(), 'done 1');
		assert.ok(idle.ms < 20_000, `the idle process lived ${idle.ms} ms`);
	});

	it('swallows a late rejection of an operation that already timed out', async () => {
		const deadlines = queue(20);
		let fail!: (error: Error) => void;
		const late = new Promise<never>((_, reject) => (fail = reject));
		const unhandled: unknown[] = [];
		const onUnhandled = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', onUnhandled);
		try {
			assert.ok((await rejection(deadlines.race(late, 'x'))) instanceof TimeoutError);
			fail(new Error('too late'));
			await delay(20);
			assert.deepEqual(unhandled, []);
		} finally {
			process.off('unhandledRejection', onUnhandled);
		}
	});
});

describe('CancelScope', () => {
	it('cancels pending operations when the signal aborts, with one listener for all of them', async () => {
		const controller = new AbortController();
		const scope = new CancelScope(controller.signal);
		const deadlines = queue(10_000);
		for (let index = 0; index < 50; index++) await deadlines.race(Promise.resolve(index), 'quick', scope);
		const pending = [deadlines.race(never(), 'a', scope), deadlines.race(never(), 'b', scope)];
		assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
		controller.abort();
		for (const operation of pending) assert.ok((await rejection(operation)) instanceof CancelledError);
		assert.equal(deadlines.pending, 0);
	});

	it('rejects at once when the signal is already aborted', async () => {
		const controller = new AbortController();
		controller.abort();
		const deadlines = queue(10_000);
		const started = performance.now();
		assert.ok((await rejection(deadlines.race(never(), 'a', new CancelScope(controller.signal)))) instanceof CancelledError);
		assert.ok(performance.now() - started < 1_000);
		assert.equal(deadlines.pending, 0);
	});

	it('leaves operations that settled alone, and stops listening when closed', async () => {
		const controller = new AbortController();
		const scope = new CancelScope(controller.signal);
		const deadlines = queue(10_000);
		assert.equal(await deadlines.race(Promise.resolve('done'), 'a', scope), 'done');
		scope.close();
		assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
		controller.abort();
		assert.equal(deadlines.pending, 0);
	});
});
