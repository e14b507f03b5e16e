import { benchChatUsername, benchUserIds } from './support/benchWorld';
import { describeRequests, measure, type Measurement } from './support/measure';
import { closeNodeConnections, expectAllInvited, runNode } from './support/nodeRun';
import { RemoteSandbox } from './support/remoteSandbox';
import type { Section } from './support/report';
import { fmt, median, spread } from './support/stats';

export interface BatchLatencySizes {
	users: number;
	/** Each round runs batch size 1 once and batch size 10 once, in alternating order. */
	rounds: number;
	latencyMs: number;
}

const BATCH_SIZES = [1, 10] as const;

/**
 * What batching buys when every request costs a round trip. The sandbox adds `latencyMs` before every
 * answer (the world's behaviour.latencyMs), which stands in for the distance to Telegram.
 */
export async function measureBatchLatency(sizes: BatchLatencySizes): Promise<Section> {
	const runs = 2 * sizes.rounds + 1;
	const sandbox = await RemoteSandbox.start({ users: sizes.users, chats: Array.from({ length: runs }, () => sizes.users) });
	const credentials = sandbox.credentials;
	const users = benchUserIds(sizes.users);
	let chatIndex = 0;
	const runOnce = async (batchSize: number): Promise<Measurement> => {
		const chat = benchChatUsername(chatIndex++);
		return await measure(sandbox, async () => expectAllInvited(await runNode({ credentials, chat, users, batchSize }), users.length));
	};
	try {
		// Warm-up without latency, not recorded: connects and compiles the code paths.
		await runOnce(10);
		await sandbox.setLatency(sizes.latencyMs);
		const results = new Map<number, Measurement[]>(BATCH_SIZES.map((size) => [size, []]));
		for (let round = 0; round < sizes.rounds; round++) {
			const order = round % 2 === 0 ? BATCH_SIZES : [...BATCH_SIZES].reverse();
			for (const batchSize of order) results.get(batchSize)?.push(await runOnce(batchSize));
		}
		return report(sizes, results);
	} finally {
		await closeNodeConnections();
		await sandbox.stop();
	}
}

function report(sizes: BatchLatencySizes, results: Map<number, Measurement[]>): Section {
	const totals = (batchSize: number): number[] => (results.get(batchSize) ?? []).map((run) => run.wallMs);
	const speedUp = median(totals(1)) / median(totals(10));
	const rows = BATCH_SIZES.map((batchSize) => {
		const runs = results.get(batchSize) ?? [];
		const requests = runs[0]?.sandbox.requests ?? 0;
		return [
			String(batchSize),
			spread(totals(batchSize)),
			fmt(median(totals(batchSize)) / sizes.users, 2),
			String(requests),
			fmt(requests * sizes.latencyMs),
			describeRequests(runs[0]?.sandbox.byMethod ?? {}),
		];
	});
	return {
		title: `Batch size 10 vs 1 at ${sizes.latencyMs} ms per request (${fmt(sizes.users)} users, ${sizes.rounds} rounds)`,
		how:
			`The node in n8n's engine invites ${fmt(sizes.users)} users (numeric ids) to a call named by its chat's @username, over an ` +
			`already open connection, with the sandbox answering every request ${sizes.latencyMs} ms late (behaviour.latencyMs, switched on ` +
			'at run time) — a stand-in for the round trip to Telegram. Each run has a chat and call of its own. Rounds alternate the order ' +
			'of the two batch sizes; times are the median (min–max) of the rounds. "Latency floor" is requests × latency: the time the ' +
			'round trips alone take, since the node sends its requests one after another.',
		tables: [
			{
				head: ['batch size', 'run ms, median (min–max)', 'ms per user', 'requests', 'latency floor ms', 'requests by method'],
				rows,
			},
		],
		targets: [],
		notes: [`Batch size 10 finishes ${fmt(speedUp, 1)}× faster than batch size 1 here.`],
	};
}
