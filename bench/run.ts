/**
 * `npm run bench`: every benchmark in one run, printed as Markdown and written into docs/benchmarks.md.
 * `npm run bench -- --quick` runs small sizes to try changes and writes nothing.
 * Benchmarks measure; they never assert timings (tests do not time anything either).
 */
import { measureBatchLatency, type BatchLatencySizes } from './batchLatency';
import { measureColdWarm, type ColdWarmSizes } from './coldWarm';
import { measureErrorAnswers, type ErrorAnswersSizes } from './errorAnswers';
import { measureGetParticipants, type GetParticipantsSizes } from './getParticipants';
import { measureLargeRun, type LargeRunSizes } from './largeRun';
import { measureLeaseHandOver, type LeaseHandOverSizes } from './leaseHandOver';
import { measureModuleLoad } from './moduleLoad';
import { measureNodeOverhead, type NodeOverheadSizes } from './nodeOverhead';
import { measureTriggerInN8n, TRIGGER_FULL, TRIGGER_QUICK, type TriggerInN8nSizes } from './triggerInN8n';
import { measureSandboxThroughput, sandboxThroughputSection, THROUGHPUT_FULL, THROUGHPUT_QUICK, type ThroughputSizes } from './sandboxThroughput';
import { measureWarmRerun, type WarmRerunSizes } from './warmRerun';
import { DOC_PATH, writeResults } from './support/benchDoc';
import { currentLoad, describeMachine } from './support/machine';
import { cpuSnapshot, otherLoadBetween } from './support/otherLoad';
import { renderResults, renderSummary, type RunSummary } from './support/renderResults';
import { renderSection, type Section } from './support/report';

interface Sizes {
	throughput: ThroughputSizes;
	overhead: NodeOverheadSizes;
	batch: BatchLatencySizes;
	coldWarm: ColdWarmSizes;
	moduleLoadProcesses: number;
	large: LargeRunSizes;
	errorAnswers: ErrorAnswersSizes;
	getParticipants: GetParticipantsSizes;
	warmRerun: WarmRerunSizes;
	leaseHandOver: LeaseHandOverSizes;
	trigger: TriggerInN8nSizes;
}

const FULL: Sizes = {
	throughput: THROUGHPUT_FULL,
	overhead: { users: 1000, rounds: 9 },
	batch: { users: 100, rounds: 3, latencyMs: 50 },
	coldWarm: { users: 10, processes: 5 },
	moduleLoadProcesses: 5,
	large: { users: 10_000, batchSizes: [1, 10] },
	errorAnswers: { users: 300, rounds: 3 },
	getParticipants: { participants: 5000, rounds: 5 },
	warmRerun: { users: 1000, rounds: 5, memoryUsers: 50_000 },
	leaseHandOver: { handOvers: 500 },
	trigger: TRIGGER_FULL,
};

const QUICK: Sizes = {
	throughput: THROUGHPUT_QUICK,
	overhead: { users: 100, rounds: 2 },
	batch: { users: 20, rounds: 1, latencyMs: 50 },
	coldWarm: { users: 5, processes: 2 },
	moduleLoadProcesses: 2,
	large: { users: 1000, batchSizes: [1, 10] },
	errorAnswers: { users: 50, rounds: 1 },
	getParticipants: { participants: 500, rounds: 2 },
	warmRerun: { users: 100, rounds: 2, memoryUsers: 10_000 },
	leaseHandOver: { handOvers: 50 },
	trigger: TRIGGER_QUICK,
};

/** The limit for the whole `npm run bench`. */
const TIME_LIMIT_MINUTES = 10;

async function main(): Promise<void> {
	const quick = process.argv.includes('--quick');
	const sizes = quick ? QUICK : FULL;
	const machine = describeMachine();
	const cpuBefore = cpuSnapshot();
	const started = performance.now();
	const sections: Section[] = [];
	const step = async (name: string, run: () => Promise<Section>): Promise<void> => {
		console.error(`[bench] ${name} …`);
		const stepStart = performance.now();
		const section = await run();
		console.error(`[bench] ${name}: ${((performance.now() - stepStart) / 1000).toFixed(1)} s`);
		console.log(`\n${renderSection(section)}\n`);
		sections.push(section);
	};

	await step('sandbox throughput', async () => sandboxThroughputSection(await measureSandboxThroughput(sizes.throughput), sizes.throughput));
	await step('node vs plain GramJS', () => measureNodeOverhead(sizes.overhead));
	await step('batch size under latency', () => measureBatchLatency(sizes.batch));
	await step('error answers vs successes', () => measureErrorAnswers(sizes.errorAnswers));
	await step('cold vs warm', () => measureColdWarm(sizes.coldWarm));
	await step('module load', () => measureModuleLoad(sizes.moduleLoadProcesses));
	await step('large run', () => measureLargeRun(sizes.large));
	await step('get participants', () => measureGetParticipants(sizes.getParticipants));
	await step('warm re-run by username', () => measureWarmRerun(sizes.warmRerun));
	await step('session lease hand-over', () => measureLeaseHandOver(sizes.leaseHandOver));
	await step('trigger in a real n8n', () => measureTriggerInN8n(sizes.trigger));

	const minutes = (performance.now() - started) / 60_000;
	const summary: RunSummary = {
		machine,
		sections,
		minutes,
		timeLimitMinutes: TIME_LIMIT_MINUTES,
		loadAtEnd: currentLoad(),
		otherLoad: otherLoadBetween(cpuBefore, cpuSnapshot(), machine.cores),
		quick,
	};
	// The sections were printed as they finished; the summary with the targets comes last.
	console.log(renderSummary(summary));
	if (quick) {
		console.error('[bench] --quick: docs/benchmarks.md left unchanged');
	} else {
		writeResults(renderResults(summary));
		console.error(`[bench] results written to ${DOC_PATH}`);
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
