import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CancelledError } from '../../../../../nodes/TelegramGroupCall/errors/cancellation';
import { MemoryLeaseStore } from '../../../../../nodes/TelegramGroupCall/transport/lease/memoryLeaseStore';
import { SessionLeases, leaseKey } from '../../../../../nodes/TelegramGroupCall/transport/lease/sessionLeases';
import { TelegramError } from '../../../../../nodes/TelegramGroupCall/transport/telegramError';
import { fakeLeaseClock, type FakeLeaseClock } from './fakeLeaseClock';

const ACCOUNT = 'a'.repeat(64);

/** Two "processes" sharing one store, as main and worker share n8n's Redis. */
function twoProcesses(clock: FakeLeaseClock, ttlMs = 15_000) {
	const store = new MemoryLeaseStore(clock.now);
	const make = (processName: string) => new SessionLeases({ store, processName, ttlMs, pollMs: 50, now: clock.now, sleep: clock.sleep, every: clock.every });
	return { store, worker1: make('host-a/1'), worker2: make('host-b/2') };
}

describe('session lease (in-memory store, fake clock)', () => {
	it('lets one holder at a time have the session; a waiter gets it as soon as the holder releases', async () => {
		const clock = fakeLeaseClock();
		const { store, worker1, worker2 } = twoProcesses(clock);
		const first = await worker1.acquire(ACCOUNT, { waitMs: 30_000 });
		assert.equal(await store.holder(leaseKey(ACCOUNT)), first.owner);

		let secondHeld = false;
		const second = worker2.acquire(ACCOUNT, { waitMs: 30_000 }).then((held) => {
			secondHeld = true;
			return held;
		});
		await clock.sleep(500, new AbortController().signal);
		assert.equal(secondHeld, false, 'the second waits while the first holds');
		assert.equal(await store.holder(leaseKey(ACCOUNT)), first.owner);

		await first.release();
		const held = await second;
		assert.equal(await store.holder(leaseKey(ACCOUNT)), held.owner);
		assert.match(held.owner, /^host-b\/2#/);
		await held.release();
		assert.equal(await store.holder(leaseKey(ACCOUNT)), undefined);
		assert.equal(clock.activeTimers, 0, 'no renewal timer is left behind');
	});

	it('tells the holder someone waits, so an idle holder can hand over', async () => {
		const clock = fakeLeaseClock();
		const { worker1, worker2 } = twoProcesses(clock);
		const first = await worker1.acquire(ACCOUNT, { waitMs: 30_000 });
		let asked = 0;
		first.onWanted(() => {
			asked += 1;
			void first.release();
		});
		const second = await worker2.acquire(ACCOUNT, { waitMs: 30_000 });
		assert.ok(asked >= 1);
		await second.release();
	});

	it('fails a waiter after its bound with SESSION_BUSY naming the holding process', async () => {
		const clock = fakeLeaseClock();
		const { worker1, worker2 } = twoProcesses(clock);
		const first = await worker1.acquire(ACCOUNT, { waitMs: 30_000 });
		const startedAt = clock.now();
		await assert.rejects(worker2.acquire(ACCOUNT, { waitMs: 2_000 }), (error: unknown) => {
			assert.ok(error instanceof TelegramError);
			assert.equal(error.code, 'SESSION_BUSY');
			assert.match(error.message, /waited 2000 ms for this Telegram session's lease, held by n8n process host-a\/1#1/);
			assert.doesNotMatch(error.message, new RegExp(ACCOUNT), 'the error does not carry the key');
			return true;
		});
		assert.ok(clock.now() - startedAt >= 2_000 && clock.now() - startedAt < 2_100, 'gave up at the bound, not before or long after');
		await first.release();
	});

	it('keeps the lease while renewed, past its TTL', async () => {
		const clock = fakeLeaseClock();
		const { store, worker1, worker2 } = twoProcesses(clock, 3_000);
		const first = await worker1.acquire(ACCOUNT, { waitMs: 30_000 });
		for (let i = 0; i < 5; i += 1) {
			clock.advance(1_000);
			await clock.renewAll();
		}
		assert.equal(await store.holder(leaseKey(ACCOUNT)), first.owner, 'held 5 s on a 3 s TTL');
		await assert.rejects(worker2.acquire(ACCOUNT, { waitMs: 500 }), /SESSION_BUSY/);
		await first.release();
	});

	it('frees the session of a holder that stopped renewing (a dead process) after the TTL; the holder learns it lost it', async () => {
		const clock = fakeLeaseClock();
		const { store, worker1, worker2 } = twoProcesses(clock, 3_000);
		const stalled = await worker1.acquire(ACCOUNT, { waitMs: 30_000 });
		let lost = 0;
		stalled.onLost(() => (lost += 1));
		// worker1 stalls: no renewal runs while worker2 waits out the TTL.
		const takeover = await worker2.acquire(ACCOUNT, { waitMs: 10_000 });
		assert.equal(await store.holder(leaseKey(ACCOUNT)), takeover.owner);
		await clock.renewAll();
		assert.equal(lost, 1, "the stalled holder's next renewal finds the lease gone");
		await stalled.release();
		assert.equal(await store.holder(leaseKey(ACCOUNT)), takeover.owner, "a lost lease released late does not free the new holder's");
		await takeover.release();
	});

	it('stops waiting at once when the execution is cancelled', async () => {
		const clock = fakeLeaseClock();
		const { worker1, worker2 } = twoProcesses(clock);
		const first = await worker1.acquire(ACCOUNT, { waitMs: 30_000 });
		const cancel = new AbortController();
		const waiting = worker2.acquire(ACCOUNT, { waitMs: 30_000, signal: cancel.signal });
		await clock.sleep(200, new AbortController().signal);
		cancel.abort();
		await assert.rejects(waiting, CancelledError);
		await first.release();
	});

	it('fails with LEASE_STORE_UNREACHABLE, not a raw client error, when the store does not answer', async () => {
		const clock = fakeLeaseClock();
		const store = new MemoryLeaseStore(clock.now);
		store.tryAcquire = async () => {
			throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
		};
		const leases = new SessionLeases({ store, processName: 'host-a/1', now: clock.now, sleep: clock.sleep, every: clock.every });
		await assert.rejects(leases.acquire(ACCOUNT, { waitMs: 1_000 }), (error: unknown) => {
			assert.ok(error instanceof TelegramError);
			assert.equal(error.code, 'LEASE_STORE_UNREACHABLE');
			assert.match(error.message, /ECONNREFUSED 127\.0\.0\.1:6379/);
			return true;
		});
	});

	it('keeps accounts apart', async () => {
		const clock = fakeLeaseClock();
		const { worker1, worker2 } = twoProcesses(clock);
		const one = await worker1.acquire(ACCOUNT, { waitMs: 0 });
		const other = await worker2.acquire('b'.repeat(64), { waitMs: 0 });
		await Promise.all([one.release(), other.release()]);
	});
});
