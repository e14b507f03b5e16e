import { renderSection, type Section } from './report';

/** Who a comparison bench measures: the node in n8n's engine, or a plain GramJS script doing the same requests. */
export type Contender = 'node' | 'plain';

/**
 * Runs `runOnce` for each contender `rounds` times, alternating who goes first (that cancels drift — GC, other
 * load — that would favour one side). Each contender's results in order.
 */
export async function alternatingRounds<T>(rounds: number, runOnce: (contender: Contender) => Promise<T>): Promise<Record<Contender, T[]>> {
	const results: Record<Contender, T[]> = { node: [], plain: [] };
	for (let round = 0; round < rounds; round++) {
		const order: Contender[] = round % 2 === 0 ? ['node', 'plain'] : ['plain', 'node'];
		for (const contender of order) results[contender].push(await runOnce(contender));
	}
	return results;
}

/** One unrecorded run of each (the node's pooled connection opens, both code paths get compiled), then the rounds. */
export async function warmThenAlternate<T>(rounds: number, runOnce: (contender: Contender) => Promise<T>): Promise<Record<Contender, T[]>> {
	await runOnce('node');
	await runOnce('plain');
	return await alternatingRounds(rounds, runOnce);
}

/** A bench file run on its own (`tsx bench/x.ts [--quick]`): prints its section, exits 0, or 1 on failure. */
export function runAsScript(measureSection: (quick: boolean) => Promise<Section>): void {
	measureSection(process.argv.includes('--quick')).then(
		(section) => {
			console.log(renderSection(section));
			process.exit(0);
		},
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
