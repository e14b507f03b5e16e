import path from 'node:path';

import { startSandbox } from '../sandbox';
import { exited, firstMessage, forkTs } from './support/childProcess';
import type { HammerCommand, HammerReply, HammerStart } from './support/hammer';
import type { Section } from './support/report';
import { fmt, median, spread } from './support/stats';

export interface SandboxThroughput {
	concurrency: number;
	requests: number;
	wallPerSecond: number;
	/** Requests per second of the sandbox's own CPU time (user + system): one core's capacity. */
	perServerCpuSecond: number;
	serverCpuMicrosPerRequest: number;
	userMicrosPerRequest: number;
	systemMicrosPerRequest: number;
}

export interface ThroughputSizes {
	/** [concurrency, requests] pairs. */
	levels: Array<[number, number]>;
	warmUpRequests: number;
	/** Each level is measured this many times, the levels interleaved: other load on the machine shows as spread. */
	repeats: number;
}

const TARGET_PER_CPU_SECOND = 5_000;

/**
 * The sandbox's cost per simple request (tests and benchmarks must not be bound by it). The sandbox runs in this process, which does nothing else
 * meanwhile; the GramJS client runs in another process, so process.cpuUsage() deltas here are the server's alone.
 */
export async function measureSandboxThroughput(sizes: ThroughputSizes): Promise<SandboxThroughput[][]> {
	const sandbox = await startSandbox({ port: 0 });
	const credentials = sandbox.credentials();
	const start: HammerStart = { session: credentials.session, apiId: credentials.apiId, apiHash: credentials.apiHash, port: sandbox.port };
	const client = forkTs(path.join(__dirname, 'support/hammer.ts'), [JSON.stringify(start)]);
	const ask = async (command: HammerCommand): Promise<HammerReply> => {
		const reply = firstMessage<HammerReply>(client, 'hammer');
		client.send(command);
		return await reply;
	};
	try {
		await firstMessage<HammerReply>(client, 'hammer');
		// Warm-up: JIT on both sides; not what is measured.
		await ask({ type: 'job', count: sizes.warmUpRequests, concurrency: 16 });
		const results: SandboxThroughput[][] = sizes.levels.map(() => []);
		for (let repeat = 0; repeat < sizes.repeats; repeat++) {
			for (const [index, [concurrency, count]] of sizes.levels.entries()) {
				const cpuBefore = process.cpuUsage();
				const reply = await ask({ type: 'job', count, concurrency });
				const cpu = process.cpuUsage(cpuBefore);
				if (reply.type !== 'done') throw new Error(`hammer: expected "done", got "${reply.type}"`);
				const cpuMicros = cpu.user + cpu.system;
				results[index].push({
					concurrency,
					requests: reply.requests,
					wallPerSecond: reply.requests / (reply.ms / 1000),
					perServerCpuSecond: reply.requests / (cpuMicros / 1e6),
					serverCpuMicrosPerRequest: cpuMicros / reply.requests,
					userMicrosPerRequest: cpu.user / reply.requests,
					systemMicrosPerRequest: cpu.system / reply.requests,
				});
			}
		}
		return results;
	} finally {
		if (client.connected) client.send({ type: 'stop' } satisfies HammerCommand);
		await exited(client);
		await sandbox.stop();
	}
}

export function sandboxThroughputSection(levels: SandboxThroughput[][], sizes: ThroughputSizes): Section {
	const summaries = levels.map((samples) => {
		const of = (pick: (sample: SandboxThroughput) => number): number => median(samples.map(pick));
		return {
			concurrency: samples[0]?.concurrency ?? 0,
			requests: samples[0]?.requests ?? 0,
			wallPerSecond: of((sample) => sample.wallPerSecond),
			perCpuSecond: samples.map((sample) => sample.perServerCpuSecond),
			cpuMicros: of((sample) => sample.serverCpuMicrosPerRequest),
			userMicros: of((sample) => sample.userMicrosPerRequest),
			systemMicros: of((sample) => sample.systemMicrosPerRequest),
		};
	});
	return {
		title: 'Sandbox: simple requests per sandbox CPU-second',
		how:
			'The sandbox (built-in world) runs in the benchmark process, which does nothing else meanwhile; a GramJS client in another ' +
			'process (bench/support/hammer.ts) connects once, sends ' +
			`${fmt(sizes.warmUpRequests)} warm-up requests, then for each row users.getUsers([inputUserSelf]) with that many requests in ` +
			'flight. The sandbox\'s CPU time is the process.cpuUsage() delta (user + system) of this process over exactly those ' +
			'requests (the client says when it is done; process start and connect are outside). Requests per CPU-second is what one ' +
			`core could serve. Each row is measured ${sizes.repeats} times, the rows interleaved: median (min–max); the target is ` +
			'judged on the median. The node sends its requests one at a time, so the "1 in flight" row is the one that applies to it.',
		tables: [
			{
				head: [
					'in flight',
					'requests × times',
					'wall req/s',
					'req per sandbox CPU-second, median (min–max)',
					'sandbox CPU µs/request',
					'of which user / system µs',
				],
				rows: summaries.map((summary) => [
					String(summary.concurrency),
					`${fmt(summary.requests)} × ${sizes.repeats}`,
					fmt(summary.wallPerSecond),
					spread(summary.perCpuSecond),
					fmt(summary.cpuMicros),
					`${fmt(summary.userMicros)} / ${fmt(summary.systemMicros)}`,
				]),
			},
		],
		targets: summaries.map((summary) => ({
			what: `sandbox capacity, ${summary.concurrency} in flight,`,
			target: `over ${fmt(TARGET_PER_CPU_SECOND)} req per CPU-second`,
			measured: fmt(median(summary.perCpuSecond)),
			met: median(summary.perCpuSecond) > TARGET_PER_CPU_SECOND,
		})),
	};
}
