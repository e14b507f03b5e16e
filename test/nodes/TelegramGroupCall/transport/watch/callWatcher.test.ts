// The call watch's logic without a network: links are fakes the test retires, the clock only moves when the
// watcher sleeps, and every wait it announces is recorded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CancelledError } from '../../../../../nodes/TelegramGroupCall/errors/cancellation';
import type { CallUpdate } from '../../../../../nodes/TelegramGroupCall/transport';
import { TelegramError } from '../../../../../nodes/TelegramGroupCall/transport/telegramError';
import { isRecoverable, startCallWatcher } from '../../../../../nodes/TelegramGroupCall/transport/watch/callWatcher';
import { ReconnectDelays } from '../../../../../nodes/TelegramGroupCall/transport/watch/reconnectDelays';
import type { WatchLink, WatchLinkListener } from '../../../../../nodes/TelegramGroupCall/transport/watch/watchLink';
import { WatchRecorder } from './watchRecorder';

const error = (code: string, extra: { httpCode?: number | null; retryAfter?: number } = {}) =>
	new TelegramError({ code, httpCode: extra.httpCode ?? null, method: 'connect', retryAfter: extra.retryAfter });

const UPDATE: CallUpdate = {
	type: 'message',
	message: { chat: { kind: 'channel', id: '5001' }, messageId: 7, date: 1, fromUserId: '1001', call: { callId: '9', accessHash: '-3' }, action: { kind: 'started' } },
};

interface FakeLink extends WatchLink {
	listener: WatchLinkListener;
	closed: boolean;
}

/** Opens links on demand: each attempt takes the next scripted outcome (a link by default). */
class FakeLinks {
	readonly opened: FakeLink[] = [];

	readonly outcomes: Array<Error | 'link' | 'hang'> = [];

	attempts = 0;

	readonly open = async (listener: WatchLinkListener, signal: AbortSignal): Promise<WatchLink> => {
		this.attempts += 1;
		const outcome = this.outcomes.shift() ?? 'link';
		if (outcome === 'hang') {
			return await new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new CancelledError()), { once: true }));
		}
		if (outcome instanceof Error) throw outcome;
		const link: FakeLink = {
			listener,
			closed: false,
			close: async () => {
				link.closed = true;
			},
		};
		this.opened.push(link);
		return link;
	};

	get current(): FakeLink {
		const link = this.opened.at(-1);
		assert.ok(link);
		return link;
	}
}

/** Sleeps that end when the test says, recording each wait; close() aborts them as the real sleep does. */
class FakeSleeps {
	readonly waits: number[] = [];

	private pending: Array<() => void> = [];

	private waiters: Array<() => void> = [];

	readonly sleep = async (ms: number, signal: AbortSignal): Promise<void> => {
		this.waits.push(ms);
		for (const wake of this.waiters.splice(0)) wake();
		await new Promise<void>((resolve, reject) => {
			signal.addEventListener('abort', () => reject(new CancelledError()), { once: true });
			this.pending.push(resolve);
		});
	};

	/** Ends the current sleeps and lets the watcher run until it sleeps again or settles. */
	async wake(): Promise<void> {
		for (const resolve of this.pending.splice(0)) resolve();
		await settleMicrotasks();
	}

	/** Resolves once the watcher has slept `count` times in all. */
	async untilSlept(count: number): Promise<void> {
		while (this.waits.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
	}
}

async function settleMicrotasks(): Promise<void> {
	await new Promise<void>((resolve) => setImmediate(resolve));
}

async function watcher(links: FakeLinks, sleeps: FakeSleeps, recorder = new WatchRecorder()) {
	const watch = await startCallWatcher({ open: links.open, events: recorder, sleep: sleeps.sleep, delays: new ReconnectDelays(1_000, 60_000) });
	return { watch, recorder };
}

const kinds = (recorder: WatchRecorder) => recorder.entries.map((entry) => (entry.kind === 'disconnected' ? `disconnected: ${entry.reason}` : entry.kind));

describe('call watcher', () => {
	it('passes updates, drops and GramJS\'s own reconnects through as they come', async () => {
		const links = new FakeLinks();
		const { watch, recorder } = await watcher(links, new FakeSleeps());
		links.current.listener.update(UPDATE);
		links.current.listener.down('the connection to Telegram dropped; GramJS is reconnecting');
		links.current.listener.up();
		assert.deepEqual(kinds(recorder), ['connected', 'update', 'disconnected: the connection to Telegram dropped; GramJS is reconnecting', 'connected']);
		await watch.close();
		assert.equal(links.current.closed, true);
		links.current.listener.update(UPDATE);
		assert.equal(recorder.entries.length, 4, 'nothing after close');
	});

	it('waits 1 s, 2 s, 4 s … up to 60 s between failed attempts, telling each wait, and starts over once connected', async () => {
		const links = new FakeLinks();
		const sleeps = new FakeSleeps();
		const { watch, recorder } = await watcher(links, sleeps);
		links.outcomes.push(...Array.from({ length: 8 }, () => error('SERVER_UNREACHABLE', { httpCode: null })));
		links.current.listener.retired('SERVER_UNREACHABLE (reconnect)', error('SERVER_UNREACHABLE'));
		for (let attempt = 1; attempt <= 8; attempt++) {
			await sleeps.untilSlept(attempt);
			await sleeps.wake();
		}
		await sleeps.untilSlept(9);
		assert.deepEqual(sleeps.waits, [1, 2, 4, 8, 16, 32, 60, 60, 60].map((seconds) => seconds * 1000));
		assert.equal(links.attempts, 1 + 8);
		await sleeps.wake();
		assert.equal(links.opened.length, 2, 'the 9th attempt connected');
		const said = kinds(recorder);
		assert.equal(said[1], 'disconnected: SERVER_UNREACHABLE (reconnect); reconnecting in 1 s');
		assert.equal(said[2], 'disconnected: could not connect (SERVER_UNREACHABLE (connect)); reconnecting in 2 s');
		assert.equal(said.at(-1), 'connected');
		assert.equal(recorder.count('failed'), 0);

		links.current.listener.retired('TIMEOUT', error('TIMEOUT'));
		await sleeps.untilSlept(10);
		assert.equal(sleeps.waits.at(-1), 1_000, 'connected again: the next failure waits 1 s');
		await watch.close();
	});

	it('does not grow the wait for SESSION_BUSY or after a hand-over, and waits out a FLOOD_WAIT', async () => {
		const delays = new ReconnectDelays(1_000, 60_000);
		assert.equal(delays.afterFailure(error('TIMEOUT')), 1_000);
		assert.equal(delays.afterFailure(error('SESSION_BUSY')), 1_000, 'the attempt itself already waited the timeout');
		assert.equal(delays.afterFailure(error('TIMEOUT')), 2_000);
		assert.equal(delays.afterHandOver(), 1_000);
		assert.equal(delays.afterFailure(error('FLOOD_WAIT', { httpCode: 420, retryAfter: 30 })), 30_000);
		assert.equal(delays.afterFailure(error('TIMEOUT')), 8_000);
		delays.reset();
		assert.equal(delays.afterFailure(error('TIMEOUT')), 1_000);
	});

	it('tells who the session was handed over to, and reconnects after a pause without counting it as a failure', async () => {
		const links = new FakeLinks();
		const sleeps = new FakeSleeps();
		const { watch, recorder } = await watcher(links, sleeps);
		links.current.listener.retired('handed over to n8n process worker/2#1, which waits for this Telegram session');
		await sleeps.untilSlept(1);
		assert.equal(links.opened[0]?.closed, true, 'the handed-over link is closed before waiting');
		await sleeps.wake();
		assert.deepEqual(kinds(recorder), ['connected', 'disconnected: handed over to n8n process worker/2#1, which waits for this Telegram session; reconnecting in 1 s', 'connected']);
		await watch.close();
	});

	it('closes itself and reports the catalog error once for an unrecoverable failure, while connected or reconnecting', async () => {
		const links = new FakeLinks();
		const sleeps = new FakeSleeps();
		const { recorder } = await watcher(links, sleeps);
		links.current.listener.retired('SESSION_REVOKED', error('SESSION_REVOKED', { httpCode: 401 }));
		assert.equal(links.current.closed, true);
		assert.deepEqual(kinds(recorder), ['connected', 'failed']);
		assert.equal(sleeps.waits.length, 0, 'no retry');

		const again = new FakeLinks();
		const second = await watcher(again, sleeps);
		again.outcomes.push(error('AUTH_KEY_DUPLICATED', { httpCode: 406 }));
		again.current.listener.retired('TIMEOUT', error('TIMEOUT'));
		await sleeps.untilSlept(1);
		await sleeps.wake();
		assert.deepEqual(kinds(second.recorder).slice(-1), ['failed']);
		const failed = second.recorder.entries.at(-1);
		assert.equal(failed?.kind === 'failed' ? failed.error.code : undefined, 'AUTH_KEY_DUPLICATED');
		assert.equal(again.attempts, 2);
	});

	it('classifies errors by the catalog: connection trouble is retried, a bad credential or session is not', () => {
		for (const code of ['SERVER_UNREACHABLE', 'TIMEOUT', 'SESSION_BUSY', 'LEASE_STORE_UNREACHABLE', 'CONNECTION_CLOSED', 'FLOOD_WAIT', 'INTERNAL']) {
			assert.equal(isRecoverable(error(code)), true, code);
		}
		for (const code of ['SESSION_REVOKED', 'AUTH_KEY_UNREGISTERED', 'AUTH_KEY_DUPLICATED', 'AUTH_KEY_UNKNOWN', 'API_ID_INVALID', 'USER_DEACTIVATED_BAN', 'UNEXPECTED_ERROR']) {
			assert.equal(isRecoverable(error(code)), false, code);
		}
		assert.equal(isRecoverable(error('SOME_NEW_401', { httpCode: 401 })), false, 'an unknown 401 is the session');
	});

	it('rejects when the first connection fails, and stops waiting at once when closed mid-wait or mid-attempt', async () => {
		const failing = new FakeLinks();
		failing.outcomes.push(error('API_ID_INVALID', { httpCode: 400 }));
		const recorder = new WatchRecorder();
		await assert.rejects(startCallWatcher({ open: failing.open, events: recorder }), (thrown: unknown) => thrown instanceof TelegramError && thrown.code === 'API_ID_INVALID');
		assert.deepEqual(recorder.entries, []);

		const links = new FakeLinks();
		const sleeps = new FakeSleeps();
		const waiting = await watcher(links, sleeps);
		links.current.listener.retired('TIMEOUT', error('TIMEOUT'));
		await sleeps.untilSlept(1);
		await waiting.watch.close();
		assert.equal(links.attempts, 1, 'no attempt after close');

		const hanging = new FakeLinks();
		const attempt = await watcher(hanging, sleeps);
		hanging.outcomes.push('hang');
		hanging.current.listener.retired('TIMEOUT', error('TIMEOUT'));
		await sleeps.untilSlept(2);
		await sleeps.wake();
		assert.equal(hanging.attempts, 2, 'an attempt is on its way');
		await attempt.watch.close();
		assert.equal(attempt.recorder.count('failed'), 0);
		assert.equal(attempt.recorder.entries.at(-1)?.kind, 'disconnected');
	});

	it('opens nothing when its start is cancelled before it begins (an abort event that has fired never comes again)', async () => {
		const links = new FakeLinks();
		const recorder = new WatchRecorder();
		await assert.rejects(startCallWatcher({ open: links.open, events: recorder }, AbortSignal.abort()), CancelledError);
		assert.equal(links.attempts, 0);
		assert.deepEqual(recorder.entries, []);
	});

	it('ignores what an old link says after it was replaced, and a throwing callback does not stop the watch', async () => {
		const links = new FakeLinks();
		const sleeps = new FakeSleeps();
		const recorder = new WatchRecorder();
		let throwOnce = true;
		const events = {
			update: (update: CallUpdate) => {
				recorder.update(update);
				if (throwOnce) {
					throwOnce = false;
					throw new Error('a bug in the trigger');
				}
			},
			connected: () => recorder.connected(),
			disconnected: (reason: string) => recorder.disconnected(reason),
			failed: (failure: TelegramError) => recorder.failed(failure),
		};
		const watch = await startCallWatcher({ open: links.open, events, sleep: sleeps.sleep });
		const first = links.current;
		first.listener.update(UPDATE);
		first.listener.retired('handed over to n8n process worker/2#1, which waits for this Telegram session');
		await sleeps.untilSlept(1);
		await sleeps.wake();
		first.listener.update(UPDATE);
		first.listener.up();
		first.listener.retired('TIMEOUT', error('TIMEOUT'));
		assert.equal(links.opened.length, 2);
		assert.deepEqual(kinds(recorder), ['connected', 'update', 'disconnected: handed over to n8n process worker/2#1, which waits for this Telegram session; reconnecting in 1 s', 'connected']);
		links.current.listener.update(UPDATE);
		assert.equal(recorder.count('update'), 2, 'the new link\'s updates arrive');
		await watch.close();
	});
});
