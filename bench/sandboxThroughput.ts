import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { exited, firstMessage, forkTs, repoRoot } from './support/childProcess';
import { runAsScript } from './support/contenders';
import type { HammerCommand, HammerReply, HammerStart } from './support/hammer';
import type { Section } from './support/report';
import { fmt, max, median, min, spread } from './support/stats';
import type { TreeSandboxCommand, TreeSandboxReply, TreeSandboxStart } from './support/treeSandboxProcess';

/**
 * The sandboxes compared: today's with its own TL codec (the one it runs with), today's with GramJS's codec
 * (decision 0007's reference), and the sandbox of the last commit whose full run met the target.
 */
export type SandboxContender = 'fast' | 'gramjs' | 'reference';

export interface SandboxThroughput {
	contender: SandboxContender;
	concurrency: number;
	requests: number;
	wallPerSecond: number;
	/** Requests per second of the sandbox's own CPU time (user + system): one core's capacity. */
	perServerCpuSecond: number;
	serverCpuMicrosPerRequest: number;
}

export interface ThroughputSizes {
	/** [concurrency, requests] pairs. */
	levels: Array<[number, number]>;
	warmUpRequests: number;
	/** Each level is measured this many times, levels and contenders interleaved: other load shows as spread. */
	repeats: number;
}

const TARGET_PER_CPU_SECOND = 5_000;

/**
 * The last commit whose full `npm run bench` met the target: 7,728 simple requests per sandbox CPU-second at one in
 * flight on 2026-11-30. Measured beside today's sandbox in the same run, it tells whether a missed target is the
 * code's doing or the machine's (decision 0007).
 */
export const REFERENCE_COMMIT = 'b458abadbff5cd1db3a50d2c64cbbd8db83ddcac';

/**
 * Today's sandbox may be this much slower than the reference before the code is blamed. One request in flight is
 * noisy (a round's throughput varies up to 2× on this VM), so the judgement is the median of many short paired
 * rounds (decision 0007).
 */
const REFERENCE_TOLERANCE = 0.05;

interface RunningContender {
	contender: SandboxContender;
	/** The sandbox process's CPU time so far, µs. */
	cpuMicros(): Promise<number>;
	job(count: number, concurrency: number): Promise<number>;
	stop(): Promise<void>;
}

/** A sandbox in its own process, and a GramJS client process connected to it. */
async function startContender(contender: SandboxContender, start: TreeSandboxStart): Promise<RunningContender> {
	const server = forkTs(path.join(__dirname, 'support/treeSandboxProcess.ts'), [JSON.stringify(start)]);
	let client: ReturnType<typeof forkTs> | undefined;
	const stop = async (): Promise<void> => {
		if (client?.connected === true) client.send({ type: 'stop' } satisfies HammerCommand);
		if (server.connected) server.send({ type: 'stop' } satisfies TreeSandboxCommand);
		await Promise.all([client === undefined ? undefined : exited(client), exited(server)]);
	};
	try {
		const ready = await firstMessage<TreeSandboxReply>(server, `${contender} sandbox`);
		if (ready.type !== 'ready') throw new Error(`${contender} sandbox: expected "ready", got "${ready.type}"`);
		const hammerStart: HammerStart = { session: ready.session, apiId: ready.apiId, apiHash: ready.apiHash, port: ready.port };
		client = forkTs(path.join(__dirname, 'support/hammer.ts'), [JSON.stringify(hammerStart)]);
		await firstMessage<HammerReply>(client, `${contender} client`);
	} catch (error) {
		await stop();
		throw error;
	}
	const connected = client;
	const cpuMicros = async (): Promise<number> => {
		const reply = firstMessage<TreeSandboxReply>(server, `${contender} sandbox`);
		server.send({ type: 'cpu' } satisfies TreeSandboxCommand);
		const answer = await reply;
		if (answer.type !== 'cpu') throw new Error(`${contender} sandbox: expected "cpu", got "${answer.type}"`);
		return answer.micros;
	};
	const job = async (count: number, concurrency: number): Promise<number> => {
		const reply = firstMessage<HammerReply>(connected, `${contender} client`);
		connected.send({ type: 'job', count, concurrency } satisfies HammerCommand);
		const answer = await reply;
		if (answer.type !== 'done') throw new Error(`${contender} client: expected "done", got "${answer.type}"`);
		return answer.ms;
	};
	return { contender, cpuMicros, job, stop };
}

/** A checkout of the reference commit sharing this one's node_modules, or why there is none (no git history). */
function checkOutReference(): { root: string; remove(): void } | { missing: string } {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-reference-'));
	try {
		execFileSync('git', ['worktree', 'add', '--detach', root, REFERENCE_COMMIT], { cwd: repoRoot, stdio: 'ignore' });
	} catch {
		fs.rmSync(root, { recursive: true, force: true });
		return { missing: `commit ${REFERENCE_COMMIT.slice(0, 7)} could not be checked out here (a copy without the git history?)` };
	}
	fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
	return {
		root,
		remove: () => execFileSync('git', ['worktree', 'remove', '--force', root], { cwd: repoRoot, stdio: 'ignore' }),
	};
}

export interface ThroughputResults {
	/** [contender][level][repeat]. */
	samples: SandboxThroughput[][][];
	/** Why the reference row is missing, when it is. */
	referenceMissing?: string;
}

/**
 * The sandbox's CPU per simple request (tests and benchmarks must not be bound by it). Each sandbox runs alone in
 * its own process with its own GramJS client process, so the sandbox process's CPU delta over a job is its alone.
 */
export async function measureSandboxThroughput(sizes: ThroughputSizes): Promise<ThroughputResults> {
	const reference = checkOutReference();
	const running: RunningContender[] = [];
	try {
		running.push(await startContender('fast', { root: repoRoot, codec: 'fast' }));
		running.push(await startContender('gramjs', { root: repoRoot, codec: 'gramjs' }));
		if ('root' in reference) running.push(await startContender('reference', { root: reference.root }));
		// Warm-up: JIT on both sides; not measured. Also one request at a time, the path the first row takes.
		for (const contender of running) {
			await contender.job(sizes.warmUpRequests, 16);
			await contender.job(Math.ceil(sizes.warmUpRequests / 4), 1);
		}
		const samples: SandboxThroughput[][][] = running.map(() => sizes.levels.map(() => []));
		for (let repeat = 0; repeat < sizes.repeats; repeat++) {
			for (const [level, [concurrency, count]] of sizes.levels.entries()) {
				// Each round starts with another contender: drift (GC, other load) then favours none.
				for (let turn = 0; turn < running.length; turn++) {
					const index = (repeat + turn) % running.length;
					const contender = running[index];
					const before = await contender.cpuMicros();
					const ms = await contender.job(count, concurrency);
					const cpuMicros = (await contender.cpuMicros()) - before;
					samples[index][level].push({
						contender: contender.contender,
						concurrency,
						requests: count,
						wallPerSecond: count / (ms / 1000),
						perServerCpuSecond: count / (cpuMicros / 1e6),
						serverCpuMicrosPerRequest: cpuMicros / count,
					});
				}
			}
		}
		return 'missing' in reference ? { samples, referenceMissing: reference.missing } : { samples };
	} finally {
		for (const contender of running) await contender.stop();
		if ('remove' in reference) reference.remove();
	}
}

const CONTENDER_NAMES: Record<SandboxContender, string> = {
	fast: "today's sandbox, own codec (tlSerialize, tlRead)",
	gramjs: "today's sandbox, GramJS's codec (getBytes, BinaryReader)",
	reference: `the sandbox of ${REFERENCE_COMMIT.slice(0, 7)} (met the target on 2026-11-30)`,
};

interface Summary {
	contender: SandboxContender;
	concurrency: number;
	requests: number;
	perCpuSecond: number[];
	wallPerSecond: number;
	cpuMicros: number;
}

/** Today's (fast) throughput over the reference's, round by round (both measured back to back). */
function pairedRatios(fast: Summary, reference: Summary): number[] {
	return fast.perCpuSecond.map((value, round) => value / reference.perCpuSecond[round]);
}

export function sandboxThroughputSection(results: ThroughputResults, sizes: ThroughputSizes): Section {
	const summaries: Summary[] = results.samples.flat().map((samples) => ({
		contender: samples[0]?.contender ?? 'fast',
		concurrency: samples[0]?.concurrency ?? 0,
		requests: samples[0]?.requests ?? 0,
		perCpuSecond: samples.map((sample) => sample.perServerCpuSecond),
		wallPerSecond: median(samples.map((sample) => sample.wallPerSecond)),
		cpuMicros: median(samples.map((sample) => sample.serverCpuMicrosPerRequest)),
	}));
	const fastRows = summaries.filter((summary) => summary.contender === 'fast');
	const referenceAt = (concurrency: number): Summary | undefined =>
		summaries.find((summary) => summary.contender === 'reference' && summary.concurrency === concurrency);
	const absolute = fastRows.map((summary) => ({
		what: `sandbox capacity (own codec), ${summary.concurrency} in flight,`,
		target: `over ${fmt(TARGET_PER_CPU_SECOND)} req per CPU-second`,
		measured: fmt(median(summary.perCpuSecond)),
		met: median(summary.perCpuSecond) > TARGET_PER_CPU_SECOND,
	}));
	const relative = fastRows.flatMap((summary) => {
		const reference = referenceAt(summary.concurrency);
		if (reference === undefined) return [];
		const ratios = pairedRatios(summary, reference);
		const ratio = median(ratios);
		return [
			{
				what: `sandbox capacity (own codec), ${summary.concurrency} in flight, against the sandbox that met the target (${REFERENCE_COMMIT.slice(0, 7)}), same run,`,
				target: `at least ${fmt((1 - REFERENCE_TOLERANCE) * 100)} % of it`,
				measured: `${fmt(ratio * 100)} % (rounds ${fmt(min(ratios) * 100)}–${fmt(max(ratios) * 100)} %)`,
				met: ratio >= 1 - REFERENCE_TOLERANCE,
			},
		];
	});
	return {
		title: 'Sandbox: simple requests per sandbox CPU-second',
		how:
			'Each sandbox (built-in world) runs alone in its own process (bench/support/treeSandboxProcess.ts), with a GramJS client in ' +
			'another process (bench/support/hammer.ts) that connects once, sends ' +
			`${fmt(sizes.warmUpRequests)} warm-up requests (16 in flight, then a quarter as many one at a time), then for each row users.getUsers([inputUserSelf]) with that many requests in ` +
			"flight. The sandbox's CPU time is its process's process.cpuUsage() delta (user + system) over exactly those requests, V8's own " +
			'threads (GC, compiling) included. Requests per CPU-second is what one core could serve. Three sandboxes: today\'s with its own ' +
			"TL codec (the one it runs with), today's with GramJS's codec (decision 0007's reference), and the sandbox of commit " +
			`${REFERENCE_COMMIT.slice(0, 7)}, checked out from git into a temporary worktree: the last code whose full run met the target. ` +
			`Each row is measured ${sizes.repeats} times, rows and sandboxes interleaved, each round starting with another sandbox: median (min–max). ` +
			'The node sends its requests one at a time, so the "1 in flight" row is the one that applies to it. The absolute target is judged on ' +
			"today's own codec; the comparison with the reference is the median of the per-round ratios (rounds run back to back), so that a " +
			'slower machine is not mistaken for slower code.',
		tables: [
			{
				head: ['sandbox', 'in flight', 'requests × times', 'wall req/s', 'req per sandbox CPU-second, median (min–max)', 'sandbox CPU µs/request'],
				rows: summaries.map((summary) => [
					CONTENDER_NAMES[summary.contender],
					String(summary.concurrency),
					`${fmt(summary.requests)} × ${sizes.repeats}`,
					fmt(summary.wallPerSecond),
					spread(summary.perCpuSecond),
					fmt(summary.cpuMicros),
				]),
			},
		],
		notes: results.referenceMissing === undefined ? [] : [`No reference row: ${results.referenceMissing}.`],
		targets: [...absolute, ...relative],
	};
}

export const THROUGHPUT_FULL: ThroughputSizes = { warmUpRequests: 2000, levels: [[1, 500], [16, 1250]], repeats: 20 };
export const THROUGHPUT_QUICK: ThroughputSizes = { warmUpRequests: 300, levels: [[1, 200], [16, 500]], repeats: 3 };

if (require.main === module) {
	runAsScript(async (quick) => {
		const sizes = quick ? THROUGHPUT_QUICK : THROUGHPUT_FULL;
		return sandboxThroughputSection(await measureSandboxThroughput(sizes), sizes);
	});
}
