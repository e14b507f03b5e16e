// The per-account send slots behind "Pause Between Requests", in memory with a fake clock: the rule the Redis
// script repeats (redisShared.test.ts runs that one against a real redis-server).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MAX_PAUSE_MS, MemoryPacing, nextSlot, PacingWithFallback } from '../../../../../nodes/TelegramGroupCall/transport/shared/pacing';

function clock(start = 1_000_000) {
	let now = start;
	return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MemoryPacing', () => {
	it('spaces requests of two executions started at once by the pause, each waiting its turn', async () => {
		const time = clock();
		const pacing = new MemoryPacing(time.now);
		// Two executions, three invites each, asking in turn at the same instant (nobody has slept yet).
		const waits = [];
		for (let round = 0; round < 3; round++) {
			waits.push(await pacing.reserve('account', 500), await pacing.reserve('account', 500));
		}
		assert.deepEqual(waits, [0, 500, 1000, 1500, 2000, 2500], 'one slot every 500 ms, whoever asks');
	});

	it('does not delay a request when the pause has already passed, and counts from the last send', async () => {
		const time = clock();
		const pacing = new MemoryPacing(time.now);
		assert.equal(await pacing.reserve('account', 300), 0);
		time.advance(1_000);
		assert.equal(await pacing.reserve('account', 300), 0, 'an idle account sends at once');
		time.advance(100);
		assert.equal(await pacing.reserve('account', 300), 200, 'only what is left of the pause');
	});

	it('keeps accounts apart', async () => {
		const pacing = new MemoryPacing(clock().now);
		assert.equal(await pacing.reserve('a', 1_000), 0);
		assert.equal(await pacing.reserve('b', 1_000), 0);
		assert.equal(await pacing.reserve('a', 1_000), 1_000);
	});

	it('gaps by the longer pause of two neighbouring requests', () => {
		const first = nextSlot(undefined, 0, 2_000);
		assert.equal(nextSlot(first.state, 0, 100).slot, 2_000, 'after a 2 s request, a 100 ms one still waits 2 s');
		const short = nextSlot(undefined, 0, 100);
		assert.equal(nextSlot(short.state, 0, 2_000).slot, 2_000, 'a 2 s request waits its own pause after a 100 ms one');
	});

	it('forgets an account once its last slot can delay nobody (bounded memory)', async () => {
		const time = clock();
		const pacing = new MemoryPacing(time.now);
		await pacing.reserve('old', 1_000);
		time.advance(MAX_PAUSE_MS + 1);
		assert.equal(await pacing.reserve('new', 1_000), 0);
		assert.equal(await pacing.reserve('old', MAX_PAUSE_MS), 0, 'the old slot is gone (and could not delay this one anyway)');
	});

	it('falls back to this process\'s pacing when the shared store fails, so the pause still holds here', async () => {
		const time = clock();
		let down = false;
		const shared = new MemoryPacing(time.now);
		const pacing = new PacingWithFallback(
			{ reserve: async (key, pauseMs) => (down ? await Promise.reject(new Error('Redis is down')) : await shared.reserve(key, pauseMs)) },
			new MemoryPacing(time.now),
		);
		assert.equal(await pacing.reserve('account', 500), 0);
		down = true;
		assert.equal(await pacing.reserve('account', 500), 0, 'the local pacing starts afresh');
		assert.equal(await pacing.reserve('account', 500), 500);
	});
});
