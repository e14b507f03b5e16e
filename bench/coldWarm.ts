import path from 'node:path';

import { benchChatUsername, benchUserIds } from './support/benchWorld';
import { runInChild } from './support/childProcess';
import type { ColdWarmInput, ColdWarmOutput } from './support/coldWarmChild';
import { RemoteSandbox } from './support/remoteSandbox';
import type { Section } from './support/report';
import { fmt, spread } from './support/stats';

export interface ColdWarmSizes {
	users: number;
	/** Fresh processes; each runs the four executions once. */
	processes: number;
}

const EXECUTIONS = 4;

/** The first execution in a process (empty pool, GramJS not loaded) vs one that reuses the pooled connection. */
export async function measureColdWarm(sizes: ColdWarmSizes): Promise<Section> {
	const sandbox = await RemoteSandbox.start({
		users: sizes.users,
		chats: Array.from({ length: sizes.processes * EXECUTIONS }, () => sizes.users),
	});
	const users = benchUserIds(sizes.users);
	const outputs: ColdWarmOutput[] = [];
	const connections: number[] = [];
	try {
		for (let index = 0; index < sizes.processes; index++) {
			const chat = (execution: number): string => benchChatUsername(index * EXECUTIONS + execution);
			const input: ColdWarmInput = { credentials: sandbox.credentials, chats: [chat(0), chat(1), chat(2), chat(3)], users };
			const before = await sandbox.stats();
			outputs.push(await runInChild<ColdWarmInput, ColdWarmOutput>(path.join(__dirname, 'support/coldWarmChild.ts'), input));
			connections.push((await sandbox.stats()).connections - before.connections);
		}
	} finally {
		await sandbox.stop();
	}
	return report(sizes, outputs, connections);
}

function report(sizes: ColdWarmSizes, outputs: ColdWarmOutput[], connections: number[]): Section {
	const column = (pick: (output: ColdWarmOutput) => number): number[] => outputs.map(pick);
	// Each cold execution is compared with the warm one right after it in the same process (same JIT state, nearly).
	const row = (label: string, pick: (output: ColdWarmOutput) => number, extra?: (output: ColdWarmOutput) => number): string[] => [
		label,
		spread(column(pick), 1),
		extra ? spread(column(extra), 1) : '',
	];
	const lazy = outputs.every((output) => output.gramjsModulesBeforeFirst === 0 && output.gramjsModulesAfterFirst > 0);
	return {
		title: `Cold vs warm execution (${fmt(sizes.users)} users, ${sizes.processes} fresh processes)`,
		how:
			`Each of ${sizes.processes} fresh processes loads the package through the harness and runs one execution with no users ` +
			'(which opens no connection: it only warms n8n\'s engine, as in an n8n that has been running), then four executions that ' +
			`each invite ${fmt(sizes.users)} users (numeric ids, batch size 1) to the call of a chat of their own: (1) the first in the ` +
			'process — GramJS not loaded yet, empty pool: import GramJS, TCP connect, initConnection, users.getUsers for the account; ' +
			'(2) the next one, reusing the pooled connection; (3) one after `closeAllTelegramConnections()` of the compiled transport ' +
			'— GramJS loaded, new connection; (4) warm again. The sandbox runs in its own process without added latency. Times are the ' +
			'median (min–max) over the processes; "extra" is the difference to the warm execution that follows, per process.',
		tables: [
			{
				head: ['execution', 'ms, median (min–max)', 'extra ms vs the next (warm) execution'],
				rows: [
					row('1. first in process (cold: GramJS import + connect)', (output) => output.firstMs, (output) => output.firstMs - output.warmMs),
					row('2. warm (pooled connection)', (output) => output.warmMs),
					row('3. after closeAllTelegramConnections (connect only)', (output) => output.reconnectMs, (output) => output.reconnectMs - output.warmAgainMs),
					row('4. warm again', (output) => output.warmAgainMs),
				],
			},
		],
		targets: [],
		notes: [
			`Connections the sandbox accepted per process: ${connections.join(', ')} (expected 2: executions 1 and 3).`,
			lazy
				? 'GramJS was not loaded before the first execution needed a connection, in every process.'
				: 'GramJS was already loaded before the first execution in some process: the lazy import does not hold.',
			'Execution 2 is warm for the connection but not yet for the JIT (the invite path runs for the second time); execution 4 is ' +
				'closer to a long-running n8n.',
		],
	};
}
