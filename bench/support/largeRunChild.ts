/**
 * One fresh process per large run (largeRun.ts), so the process's RSS high-water mark (maxRSS) belongs to that
 * run alone. Started with --expose-gc: the baseline is taken after a full GC.
 */
import type { SandboxCredentials } from '../../sandbox';
import { serveOneJob } from './childProcess';
import { MemorySampler } from './memorySampler';
import type { EngineRun } from '../../test/harness';
import { closeNodeConnections, expectAllInvited, runNode } from './nodeRun';

export interface LargeRunInput {
	credentials: SandboxCredentials;
	/** A small chat for the warm-up execution (connects, compiles), with this many of `users` as members. */
	warmUpChat: string;
	warmUpUsers: number;
	chat: string;
	users: string[];
	batchSize: number;
}

export interface LargeRunOutput {
	ms: number;
	/** After the warm-up and a full GC: the package, n8n's engine, GramJS and one open connection. */
	baseline: { rss: number; heapUsed: number };
	peak: { rss: number; heapUsed: number; samples: number };
	/** process.resourceUsage().maxRSS at the end, in bytes: the whole process's high-water mark. */
	maxRss: number;
	/** Heap after full GCs at the end: */
	heap: {
		/** while the run's result (every output item) is still referenced; */
		retained: number;
		/** once the result is dropped, the connection still pooled (what stays in an n8n process after the execution); */
		pooled: number;
		/** once the pooled connection is closed too (and GramJS has let go of the client). */
		closed: number;
	};
	outputItems: number;
}

const SAMPLE_EVERY_MS = 10;

/** PING_INTERVAL in node_modules/telegram/client/updates.js. */
const GRAMJS_UPDATE_LOOP_SLEEP_MS = 9_000;

function collectGarbage(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('start this process with --expose-gc');
	gc();
}

interface MeasuredRun {
	ms: number;
	peak: LargeRunOutput['peak'];
	maxRss: number;
	heapRetained: number;
	outputItems: number;
}

/**
 * The run and its result live only in this function's frame: once it returns, nothing but the pooled
 * connection can keep them alive (a variable set to undefined in the caller may still be held by a V8 stack slot).
 */
async function measureRun(input: LargeRunInput): Promise<MeasuredRun> {
	const { credentials, users, batchSize } = input;
	const sampler = new MemorySampler(SAMPLE_EVERY_MS);
	const start = performance.now();
	const run: EngineRun = await runNode({ credentials, chat: input.chat, users, batchSize });
	const ms = performance.now() - start;
	const peak = sampler.stop();
	const maxRss = process.resourceUsage().maxRSS * 1024;
	expectAllInvited(run, users.length);
	collectGarbage();
	const heapRetained = process.memoryUsage().heapUsed;
	// Read after the GC, so the result (and its output items) is certainly still alive during it.
	return { ms, peak, maxRss, heapRetained, outputItems: run.outputs[0].length };
}

serveOneJob<LargeRunInput, LargeRunOutput>(async (input) => {
	const { credentials, users, batchSize } = input;
	const warmUp = users.slice(0, input.warmUpUsers);
	expectAllInvited(await runNode({ credentials, chat: input.warmUpChat, users: warmUp, batchSize }), warmUp.length);
	collectGarbage();
	const memory = process.memoryUsage();
	const measured = await measureRun(input);
	collectGarbage();
	const heapPooled = process.memoryUsage().heapUsed;
	await closeNodeConnections();
	// A destroyed GramJS client stays reachable until its update loop wakes from its 9 s sleep and sees it.
	await new Promise((resolve) => setTimeout(resolve, GRAMJS_UPDATE_LOOP_SLEEP_MS + 1_000));
	collectGarbage();
	const heapClosed = process.memoryUsage().heapUsed;
	return {
		ms: measured.ms,
		baseline: { rss: memory.rss, heapUsed: memory.heapUsed },
		peak: measured.peak,
		maxRss: measured.maxRss,
		heap: { retained: measured.heapRetained, pooled: heapPooled, closed: heapClosed },
		outputItems: measured.outputItems,
	};
});
