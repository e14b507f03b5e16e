import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { repoRoot } from './support/childProcess';
import type { Section } from './support/report';
import { fmt, median, mib, spread } from './support/stats';

const run = promisify(execFile);

type Mode = 'node' | 'workflow' | 'gramjs';

interface ProbeResult {
	ms: number;
	rssBytes: number;
	heapBytes: number;
	modules: number;
	gramjsModules: number;
}

const LABELS: Record<Mode, string> = {
	node: 'node + credential (n8n-workflow already loaded, as in n8n)',
	workflow: 'node + credential, n8n-workflow included',
	gramjs: 'GramJS (`telegram`) alone, for comparison',
};

/**
 * What loading the node costs n8n at startup, in fresh processes. n8n loads every installed node when it starts,
 * so GramJS must stay unloaded until an execution needs it.
 */
export async function measureModuleLoad(processes: number): Promise<Section> {
	const modes: Mode[] = ['node', 'workflow', 'gramjs'];
	const results = new Map<Mode, ProbeResult[]>(modes.map((mode) => [mode, []]));
	// Interleaved, so that a burst of load on the machine does not land on one mode only.
	for (let index = 0; index < processes; index++) {
		for (const mode of modes) results.get(mode)?.push(await probe(mode));
	}
	const of = (mode: Mode): ProbeResult[] => results.get(mode) ?? [];
	const rows = modes.map((mode) => {
		const probes = of(mode);
		return [
			LABELS[mode],
			spread(probes.map((result) => result.ms), 1),
			mib(median(probes.map((result) => result.rssBytes))),
			mib(median(probes.map((result) => result.heapBytes))),
			fmt(median(probes.map((result) => result.modules))),
			fmt(Math.max(...probes.map((result) => result.gramjsModules))),
		];
	});
	const gramjsLoaded = [...of('node'), ...of('workflow')].some((result) => result.gramjsModules > 0);
	return {
		title: `Loading the node module (${processes} fresh processes per row)`,
		how:
			'A fresh `node --expose-gc` process (bench/support/loadProbe.cjs, without tsx) requires the compiled node and credential ' +
			'from dist/ and instantiates both, which is what n8n does at startup to read their descriptions. Wall time is from just ' +
			'before the first require to just after the instances exist; RSS and heap are deltas between snapshots taken after a full ' +
			'GC before and after. "GramJS modules" counts files of node_modules/telegram in the module cache afterwards.',
		tables: [{ head: ['what is loaded', 'ms, median (min–max)', 'RSS delta', 'heap delta', 'modules', 'GramJS modules'], rows }],
		targets: [
			{
				what: 'GramJS loaded by loading the node',
				target: 'never (lazy import)',
				measured: gramjsLoaded ? 'loaded' : 'not loaded',
				met: !gramjsLoaded,
			},
		],
	};
}

async function probe(mode: Mode): Promise<ProbeResult> {
	const script = path.join(__dirname, 'support/loadProbe.cjs');
	const { stdout } = await run(process.execPath, ['--expose-gc', script, mode, repoRoot], { cwd: repoRoot });
	return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ProbeResult;
}
