import type { Machine } from './machine';
import type { OtherLoad } from './otherLoad';
import { renderSection, renderTargetSummary, type Section } from './report';
import { fmt } from './stats';

export interface RunSummary {
	machine: Machine;
	sections: Section[];
	minutes: number;
	timeLimitMinutes: number;
	loadAtEnd: number;
	otherLoad: OtherLoad | undefined;
	quick: boolean;
}

/** The generated part of docs/benchmarks.md: how the run was made, on what, the targets, then every benchmark. */
export function renderResults(summary: RunSummary): string {
	return [renderSummary(summary), '', ...summary.sections.flatMap((section) => [renderSection(section), ''])].join('\n');
}

/** How the run was made, on what, and the targets: what the terminal shows last. */
export function renderSummary(summary: RunSummary): string {
	const { machine } = summary;
	const whole: Section = {
		title: '`npm run bench`',
		how: '',
		tables: [],
		targets: [
			{
				what: 'whole run',
				target: `under ${summary.timeLimitMinutes} minutes`,
				measured: `${fmt(summary.minutes, 1)} min`,
				met: summary.minutes < summary.timeLimitMinutes,
			},
		],
	};
	const lines = [
		'## Results of the last run',
		'',
		`- Command: \`npm run bench${summary.quick ? ' -- --quick' : ''}\` (\`npm run build && node --import tsx bench/run.ts\`); ` +
			`the benchmarks took ${fmt(summary.minutes, 1)} minutes after the build.`,
		`- Machine: ${machine.cores} cores, ${machine.cpuModel} (/proc/cpuinfo), ${machine.memoryGiB} GiB RAM, ` +
			`Node ${machine.node}, Linux ${machine.kernel}.`,
		`- Date: ${machine.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC.`,
		`- ${describeLoad(summary)}`,
		'',
		'### Targets',
		'',
		renderTargetSummary([...summary.sections, whole]),
	];
	return lines.join('\n');
}

function describeLoad(summary: RunSummary): string {
	const load = `1-minute load average ${fmt(summary.machine.loadAtStart, 2)} at the start, ${fmt(summary.loadAtEnd, 2)} at the end`;
	const other = summary.otherLoad;
	if (!other) return `${load}.`;
	const busy = other.otherCores >= 0.2;
	return (
		`${load}; other processes kept on average ${fmt(other.otherCores, 2)} of the ${summary.machine.cores} cores busy during ` +
		`the run (/proc/stat minus the benchmark's own processes), steal ${fmt(other.stealShare * 100, 1)} %` +
		(busy ? ' — **the machine was otherwise busy, so timings are noisier and slower than on an idle machine**.' : ' — the machine was otherwise idle.')
	);
}
