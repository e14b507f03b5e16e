import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CancelledError } from '../../../../nodes/TelegramGroupCall/errors/cancellation';
import { ClientPool, type PooledConnection } from '../../../../nodes/TelegramGroupCall/transport/clientPool';
import { deferred } from '../../../support/deferred';

class FakeConnection implements PooledConnection {
	usable = true;

	destroyed = 0;

	constructor(readonly name: string) {}

	async destroy(): Promise<void> {
		this.destroyed += 1;
	}
}

function manualClock() {
	let now = 1_000;
	return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('ClientPool', () => {
	it('shares one pending connect between concurrent callers and reuses the connection afterwards', async () => {
		const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
		const pending = deferred<FakeConnection>();
		let connects = 0;
		const connect = async () => {
			connects += 1;
			return await pending.promise;
		};
		const first = pool.acquire('k', connect);
		const second = pool.acquire('k', connect);
		pending.resolve(new FakeConnection('a'));
		const [a, b] = await Promise.all([first, second]);
		assert.equal(connects, 1);
		assert.equal(a.connection, b.connection);
		a.release();
		b.release();
		const third = await pool.acquire('k', connect);
		assert.equal(third.connection.name, 'a');
		assert.equal(connects, 1);
		third.release();
		await pool.destroyAll();
		assert.equal(a.connection.destroyed, 1);
	});

	it('keeps separate connections per key', async () => {
		const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
		const a = await pool.acquire('a', async () => new FakeConnection('a'));
		const b = await pool.acquire('b', async () => new FakeConnection('b'));
		assert.notEqual(a.connection, b.connection);
		assert.equal(pool.size, 2);
		await pool.destroyAll();
		assert.equal(pool.size, 0);
	});

	it('forgets a failed connect so the next caller tries again', async () => {
		const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
		await assert.rejects(
			pool.acquire('k', async () => {
				throw new Error('unreachable');
			}),
			/unreachable/,
		);
		assert.equal(pool.size, 0);
		const lease = await pool.acquire('k', async () => new FakeConnection('second'));
		assert.equal(lease.connection.name, 'second');
		await pool.destroyAll();
	});

	it('destroys connections idle longer than idleMs, not busy or recently used ones', async () => {
		const clock = manualClock();
		const pool = new ClientPool<FakeConnection>({ idleMs: 5_000, now: clock.now });
		const idle = await pool.acquire('idle', async () => new FakeConnection('idle'));
		const busy = await pool.acquire('busy', async () => new FakeConnection('busy'));
		idle.release();
		clock.advance(4_000);
		pool.sweep();
		assert.equal(idle.connection.destroyed, 0);
		clock.advance(2_000);
		pool.sweep();
		assert.equal(idle.connection.destroyed, 1);
		assert.equal(busy.connection.destroyed, 0, 'a leased connection is never idle');
		assert.equal(pool.size, 1);
		busy.release();
		await pool.destroyAll();
	});

	it('replaces a connection that became unusable, destroying it once its last user releases it', async () => {
		const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
		const first = await pool.acquire('k', async () => new FakeConnection('first'));
		first.connection.usable = false;
		const second = await pool.acquire('k', async () => new FakeConnection('second'));
		assert.equal(second.connection.name, 'second');
		assert.equal(first.connection.destroyed, 0, 'still leased');
		first.release();
		assert.equal(first.connection.destroyed, 1);
		second.release();
		await pool.destroyAll();
	});

	it('evicts on demand and destroys on release; extra releases are ignored', async () => {
		const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
		const lease = await pool.acquire('k', async () => new FakeConnection('a'));
		pool.evict('k');
		assert.equal(pool.size, 0);
		assert.equal(lease.connection.destroyed, 0);
		lease.release();
		lease.release();
		assert.equal(lease.connection.destroyed, 1);
	});

	it('destroys a connection that finishes connecting after it was evicted', async () => {
		const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
		const pending = deferred<FakeConnection>();
		const acquiring = pool.acquire('k', async () => await pending.promise);
		pool.evict('k');
		const connection = new FakeConnection('late');
		pending.resolve(connection);
		const lease = await acquiring;
		lease.release();
		assert.equal(connection.destroyed, 1);
	});

	it('evicts a connection asked to go before its connect handed it over, once it arrives; the next caller connects anew', async () => {
		const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
		const early = new FakeConnection('handed-over-while-connecting');
		// The connect function itself asks for the eviction, as a session lease wanted during the connect does.
		const lease = await pool.acquire('k', async () => {
			pool.evictWhenRegistered(early);
			return early;
		});
		assert.equal(lease.connection, early, 'the caller that waited still gets it');
		assert.equal(pool.size, 0, 'retired as it arrived: no later caller is given it');
		assert.equal(early.destroyed, 0, 'not while in use');
		lease.release();
		assert.equal(early.destroyed, 1);
		const next = await pool.acquire('k', async () => new FakeConnection('next'));
		assert.equal(next.connection.name, 'next');
		next.release();
		await pool.destroyAll();
		assert.equal(early.destroyed, 1, 'destroyed once');
	});

	it('evicts a registered connection at once, and leaves a newer one under the same key alone', async () => {
		const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
		const first = await pool.acquire('k', async () => new FakeConnection('first'));
		first.release();
		pool.evictWhenRegistered(first.connection);
		assert.equal(first.connection.destroyed, 1, 'idle: destroyed at once');
		const second = await pool.acquire('k', async () => new FakeConnection('second'));
		pool.evictWhenRegistered(first.connection);
		assert.equal(pool.size, 1, 'the newer connection stays');
		second.release();
		await pool.destroyAll();
	});

	describe('a caller whose execution is cancelled while the connection is on its way', () => {
		/** A connect that only ends when told, or when its abort signal fires (as connectTelegram does). */
		function abortableConnect() {
			const pending = deferred<FakeConnection>();
			const signals: AbortSignal[] = [];
			const connect = async (abort: AbortSignal) => {
				signals.push(abort);
				abort.addEventListener('abort', () => pending.reject(new CancelledError()), { once: true });
				return await pending.promise;
			};
			return { pending, signals, connect };
		}

		it('stops waiting at once, and aborts the connect when nobody else waits; the next caller connects anew', async () => {
			const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
			const first = abortableConnect();
			const controller = new AbortController();
			const waiting = pool.acquire('k', first.connect, controller.signal);
			controller.abort();
			await assert.rejects(waiting, CancelledError);
			assert.equal(first.signals[0].aborted, true, 'the connect nobody waits for is aborted');
			assert.equal(pool.size, 0);
			const lease = await pool.acquire('k', async () => new FakeConnection('fresh'));
			assert.equal(lease.connection.name, 'fresh');
			lease.release();
			await pool.destroyAll();
		});

		it('lets the connect go on for the callers still waiting', async () => {
			const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
			const { pending, signals, connect } = abortableConnect();
			const controller = new AbortController();
			const cancelled = pool.acquire('k', connect, controller.signal);
			const patient = pool.acquire('k', connect);
			controller.abort();
			await assert.rejects(cancelled, CancelledError);
			assert.equal(signals.length, 1, 'one connect for both callers');
			assert.equal(signals[0].aborted, false);
			pending.resolve(new FakeConnection('shared'));
			const lease = await patient;
			assert.equal(lease.connection.name, 'shared');
			lease.release();
			await pool.destroyAll();
			assert.equal(lease.connection.destroyed, 1);
		});

		it('rejects at once when already cancelled, without connecting', async () => {
			const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
			let connects = 0;
			await assert.rejects(
				pool.acquire('k', async () => {
					connects += 1;
					return new FakeConnection('never');
				}, AbortSignal.abort()),
				CancelledError,
			);
			assert.equal(connects, 0);
		});

		it('aborts pending connects on destroyAll instead of waiting for them', async () => {
			const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
			const { signals, connect } = abortableConnect();
			const waiting = pool.acquire('k', connect);
			await pool.destroyAll();
			assert.equal(signals[0].aborted, true);
			await assert.rejects(waiting, CancelledError);
		});
	});

	describe('racing destroyAll', () => {
		it('refuses an acquire while destroyAll runs, without connecting, and connects again afterwards', async () => {
			const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
			const held = await pool.acquire('k', async () => new FakeConnection('old'));
			let connects = 0;
			const connect = async () => {
				connects += 1;
				return new FakeConnection(`new ${connects}`);
			};
			const destroying = pool.destroyAll();
			const during = pool.acquire('k', connect);
			await destroying;
			await assert.rejects(during, CancelledError);
			assert.equal(connects, 0, 'nothing connected while destroyAll ran, so nothing outlives it');
			assert.equal(pool.size, 0);
			assert.equal(held.connection.destroyed, 1);
			const after = await pool.acquire('k', connect);
			assert.equal(after.connection.name, 'new 1');
			after.release();
			await pool.destroyAll();
		});

		it('resolves only once a destroy that a release started meanwhile has ended', async () => {
			const pool = new ClientPool<FakeConnection>({ idleMs: 60_000 });
			const closing = deferred<void>();
			const connection = new FakeConnection('slow to close');
			let closed = false;
			connection.destroy = async () => {
				connection.destroyed += 1;
				await closing.promise;
				closed = true;
			};
			const lease = await pool.acquire('k', async () => connection);
			const destroying = pool.destroyAll();
			lease.release();
			let resolved = false;
			void destroying.then(() => (resolved = true));
			await new Promise<void>((resolve) => setImmediate(resolve));
			assert.equal(resolved, false, 'destroyAll waits for the socket to close');
			closing.resolve();
			await destroying;
			assert.equal(closed, true);
			assert.equal(connection.destroyed, 1, 'destroyed once');
		});
	});
});
