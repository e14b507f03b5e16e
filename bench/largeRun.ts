import path from 'node:path';

import { benchChatUsername, benchUserIds } from './support/benchWorld';
import { runInChild } from './support/childProcess';
import type { LargeRunInput, LargeRunOutput } from './support/largeRunChild';
import { RemoteSandbox } from './support/remoteSandbox';
import { sandboxDelta } from './support/sandboxProtocol';
import type { Section } from './support/report';
import { fmt, mib } from './support/stats';

export interface LargeRunSizes {
	users: number;
	batchSizes: number[];
}

const WARM_UP_USERS = 10;

interface LargeRunResult {
	batchSize: number;
	output: LargeRunOutput;
	requests: number;
	sandboxCpuMs: number;
}

/** One execution inviting a very large list, for time and peak memory. */
export async function measureLargeRun(sizes: LargeRunSizes): Promise<Section> {
	// Per batch size two chats, each with a call: a small one for the warm-up, then one with every user as a member.
	const sandbox = await RemoteSandbox.start({ users: sizes.users, chats: sizes.batchSizes.flatMap(() => [WARM_UP_USERS, sizes.users]) });
	const users = benchUserIds(sizes.users);
	const results: LargeRunResult[] = [];
	try {
		for (const [index, batchSize] of sizes.batchSizes.entries()) {
			const input: LargeRunInput = {
				credentials: sandbox.credentials,
				warmUpChat: benchChatUsername(2 * index),
				warmUpUsers: WARM_UP_USERS,
				chat: benchChatUsername(2 * index + 1),
				users,
				batchSize,
			};
			const before = await sandbox.stats();
			const output = await runInChild<LargeRunInput, LargeRunOutput>(path.join(__dirname, 'support/largeRunChild.ts'), input, ['--expose-gc']);
			const delta = sandboxDelta(before, await sandbox.stats());
			results.push({ batchSize, output, requests: delta.requests, sandboxCpuMs: delta.cpuMicros / 1000 });
		}
	} finally {
		await sandbox.stop();
	}
	return report(sizes, results);
}

function report(sizes: LargeRunSizes, results: LargeRunResult[]): Section {
	const aboveBaseline = (output: LargeRunOutput, heap: number): string => mib(heap - output.baseline.heapUsed);
	return {
		title: `${fmt(sizes.users)} users in one execution`,
		how:
			`One execution of the node in n8n's engine invites ${fmt(sizes.users)} users (numeric ids, one input item holding them as an ` +
			'array, pause 0) to the call of a supergroup with all of them as members; the sandbox runs in its own process without ' +
			'added latency. Each batch size runs in a fresh process started with --expose-gc: a warm-up execution (10 users, another ' +
			'chat) opens the connection, then a full GC gives the baseline. Peak RSS and heap are sampled every 10 ms during the run; ' +
			'maxRSS is the process\'s high-water mark (process.resourceUsage) and includes loading n8n-core and GramJS. After the run, ' +
			'full GCs measure the heap kept above the baseline: while the result (all output items) is still referenced; once it is ' +
			'dropped with the connection still pooled (what an n8n process keeps after the execution); and once the connection is ' +
			'closed too (measured 10 s later: a destroyed GramJS client stays reachable until its update loop wakes up). The run counts ' +
			`only if all ${fmt(sizes.users)} users come out on Invited. Sandbox CPU and requests include the warm-up's.`,
		tables: [
			{
				head: ['batch size', 'seconds', 'µs per user', 'requests', 'sandbox busy'],
				rows: results.map(({ batchSize, output, requests, sandboxCpuMs }) => [
					String(batchSize),
					fmt(output.ms / 1000, 2),
					fmt((output.ms * 1000) / sizes.users, 0),
					fmt(requests),
					`${fmt((sandboxCpuMs / output.ms) * 100, 0)} %`,
				]),
			},
			{
				head: [
					'batch size',
					'RSS before',
					'RSS peak (sampled)',
					'maxRSS (process)',
					'heap before',
					'heap peak',
					'kept: output held',
					'kept: output dropped, connection pooled',
					'kept: connection closed',
				],
				rows: results.map(({ batchSize, output }) => [
					String(batchSize),
					mib(output.baseline.rss),
					mib(output.peak.rss),
					mib(output.maxRss),
					mib(output.baseline.heapUsed),
					mib(output.peak.heapUsed),
					aboveBaseline(output, output.heap.retained),
					aboveBaseline(output, output.heap.pooled),
					aboveBaseline(output, output.heap.closed),
				]),
			},
		],
		targets: [],
		notes: results.map(({ batchSize, output }) => {
			const perUser = (heap: number): string => `${fmt((heap - output.baseline.heapUsed) / sizes.users, 0)} bytes`;
			return (
				`Batch size ${batchSize}: heap kept per user ${perUser(output.heap.retained)} with the output held, ` +
				`${perUser(output.heap.pooled)} with only the connection pooled, ${perUser(output.heap.closed)} once it is closed.`
			);
		}),
	};
}
