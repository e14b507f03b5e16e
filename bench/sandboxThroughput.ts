import path from 'node:path';

import { startSandbox } from '../sandbox';
import { exited, firstMessage, forkTs } from './support/childProcess';
import type { HammerCommand, HammerReply, HammerStart } from './support/hammer';
import type { Section } from './support/report';
import { fmt, median, spread } from './support/stats';

export type SandboxCodec = 'fast' | 'gramjs';

export interface SandboxThroughput {
	codec: SandboxCodec;
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
	/** Each level is measured this many times, levels and codecs interleaved: other load on the machine shows as spread. */
	repeats: number;
	/** The sandbox's codecs to compare (sandbox/protocol/wireCodec.ts); the target is judged on the first. */
	codecs: SandboxCodec[];
}

const TARGET_PER_CPU_SECOND = 5_000;

interface Contender {
	codec: SandboxCodec;
	ask(command: HammerCommand): Promise<HammerReply>;
	stop(): Promise<void>;
}

/** A sandbox with one codec, and a GramJS client process connected to it. */
async function startContender(codec: SandboxCodec): Promise<Contender> {
	const sandbox = await startSandbox({ port: 0, codec });
	const credentials = sandbox.credentials();
	const start: HammerStart = { session: credentials.session, apiId: credentials.apiId, apiHash: credentials.apiHash, port: sandbox.port };
	const client = forkTs(path.join(__dirname, 'support/hammer.ts'), [JSON.stringify(start)]);
	const stop = async (): Promise<void> => {
		if (client.connected) client.send({ type: 'stop' } satisfies HammerCommand);
		await exited(client);
		await sandbox.stop();
	};
	try {
		await firstMessage<HammerReply>(client, 'hammer');
	} catch (error) {
		await stop();
		throw error;
	}
	const ask = async (command: HammerCommand): Promise<HammerReply> => {
		const reply = firstMessage<HammerReply>(client, 'hammer');
		client.send(command);
		return await reply;
	};
	return { codec, ask, stop };
}

/**
 * The sandbox's cost per simple request (tests and benchmarks must not be bound by it), per codec. The sandboxes
 * run in this process, which does nothing else meanwhile (the idle one only answers a ping every few seconds); the
 * GramJS clients run in other processes, so process.cpuUsage() deltas here are the measured sandbox's alone.
 * Results: [codec][level][repeat].
 */
export async function measureSandboxThroughput(sizes: ThroughputSizes): Promise<SandboxThroughput[][][]> {
	const contenders: Contender[] = [];
	try {
		for (const codec of sizes.codecs) contenders.push(await startContender(codec));
		// Warm-up: JIT on both sides; not what is measured. Also one request at a time, the path the first row takes
		// (without it V8 was still compiling that path during the first measured row).
		for (const contender of contenders) {
			await contender.ask({ type: 'job', count: sizes.warmUpRequests, concurrency: 16 });
			await contender.ask({ type: 'job', count: Math.ceil(sizes.warmUpRequests / 4), concurrency: 1 });
		}
		const results: SandboxThroughput[][][] = contenders.map(() => sizes.levels.map(() => []));
		for (let repeat = 0; repeat < sizes.repeats; repeat++) {
			for (const [index, [concurrency, count]] of sizes.levels.entries()) {
				// Alternating which codec goes first cancels drift that would favour one.
				const order = repeat % 2 === 0 ? contenders.entries() : [...contenders.entries()].reverse();
				for (const [codecIndex, contender] of order) {
					const cpuBefore = process.cpuUsage();
					const reply = await contender.ask({ type: 'job', count, concurrency });
					const cpu = process.cpuUsage(cpuBefore);
					if (reply.type !== 'done') throw new Error(`hammer: expected "done", got "${reply.type}"`);
					const cpuMicros = cpu.user + cpu.system;
					results[codecIndex][index].push({
						codec: contender.codec,
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
		}
		return results;
	} finally {
		for (const contender of contenders) await contender.stop();
	}
}

const CODEC_NAMES: Record<SandboxCodec, string> = {
	fast: 'fast (tlSerialize, tlRead)',
	gramjs: 'GramJS (getBytes, BinaryReader)',
};

export function sandboxThroughputSection(byCodec: SandboxThroughput[][][], sizes: ThroughputSizes): Section {
	const summaries = byCodec.flat().map((samples) => {
		const of = (pick: (sample: SandboxThroughput) => number): number => median(samples.map(pick));
		return {
			codec: samples[0]?.codec ?? 'fast',
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
			'One sandbox (built-in world) per codec runs in the benchmark process, which does nothing else meanwhile; a GramJS client in ' +
			'another process (bench/support/hammer.ts) connects to each once, sends ' +
			`${fmt(sizes.warmUpRequests)} warm-up requests (16 in flight, then a quarter as many one at a time), then for each row users.getUsers([inputUserSelf]) with that many requests in ` +
			'flight. The sandbox\'s CPU time is the process.cpuUsage() delta (user + system) of this process over exactly those ' +
			'requests (the client says when it is done; process start and connect are outside), V8\'s own threads (GC, compiling) ' +
			'included. Requests per CPU-second is what one ' +
			`core could serve. Each row is measured ${sizes.repeats} times, rows and codecs interleaved: median (min–max); the target ` +
			'is judged on the median, for the codec the sandbox runs with (fast; decision 0007). The node sends its requests one at a time, so the "1 in flight" row is the one that applies to it.',
		tables: [
			{
				head: [
					'codec',
					'in flight',
					'requests × times',
					'wall req/s',
					'req per sandbox CPU-second, median (min–max)',
					'sandbox CPU µs/request',
					'of which user / system µs',
				],
				rows: summaries.map((summary) => [
					CODEC_NAMES[summary.codec],
					String(summary.concurrency),
					`${fmt(summary.requests)} × ${sizes.repeats}`,
					fmt(summary.wallPerSecond),
					spread(summary.perCpuSecond),
					fmt(summary.cpuMicros),
					`${fmt(summary.userMicros)} / ${fmt(summary.systemMicros)}`,
				]),
			},
		],
		// The target applies to the codec the sandbox runs with (the first); the others are for comparison.
		targets: summaries.filter((summary) => summary.codec === sizes.codecs[0]).map((summary) => ({
			what: `sandbox capacity (${summary.codec} codec), ${summary.concurrency} in flight,`,
			target: `over ${fmt(TARGET_PER_CPU_SECOND)} req per CPU-second`,
			measured: fmt(median(summary.perCpuSecond)),
			met: median(summary.perCpuSecond) > TARGET_PER_CPU_SECOND,
		})),
	};
}
