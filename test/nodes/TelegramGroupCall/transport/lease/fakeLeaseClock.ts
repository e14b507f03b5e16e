// A clock that only moves when a waiter sleeps, and renewal timers that run only when the test says so.
import { CancelledError } from '../../../../../nodes/TelegramGroupCall/errors/cancellation';

export interface FakeLeaseClock {
	now(): number;
	sleep(ms: number, signal: AbortSignal): Promise<void>;
	every(ms: number, task: () => void): () => void;
	advance(ms: number): void;
	/** Runs every renewal task once and lets their store calls settle. */
	renewAll(): Promise<void>;
	readonly activeTimers: number;
}

export function fakeLeaseClock(): FakeLeaseClock {
	let time = 1_000_000;
	const tasks = new Set<() => void>();
	return {
		now: () => time,
		sleep: async (ms, signal) => {
			if (signal.aborted) throw new CancelledError();
			time += ms;
			await new Promise<void>((resolve) => setImmediate(resolve));
			if (signal.aborted) throw new CancelledError();
		},
		every: (_ms, task) => {
			tasks.add(task);
			return () => tasks.delete(task);
		},
		advance: (ms) => {
			time += ms;
		},
		renewAll: async () => {
			for (const task of [...tasks]) task();
			await new Promise<void>((resolve) => setImmediate(resolve));
		},
		get activeTimers() {
			return tasks.size;
		},
	};
}
