/** The pieces every benchmark returns, and how they become Markdown (for the terminal and docs/benchmarks.md). */

export interface Table {
	head: string[];
	rows: string[][];
}

export interface TargetCheck {
	/** What the target is about, e.g. "node overhead per user". */
	what: string;
	target: string;
	measured: string;
	met: boolean;
}

export interface Section {
	title: string;
	/** One short paragraph: what was measured and how. */
	how: string;
	tables: Table[];
	targets: TargetCheck[];
	notes?: string[];
}

export function renderTable(table: Table): string {
	const line = (cells: string[]): string => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
	return [line(table.head), line(table.head.map(() => '---')), ...table.rows.map(line)].join('\n');
}

export function renderSection(section: Section): string {
	const parts = [`### ${section.title}`, `How measured: ${section.how}`, ...section.tables.map(renderTable)];
	if (section.targets.length > 0) {
		parts.push(section.targets.map((target) => `- Target: ${target.what} ${target.target} — measured ${target.measured}: **${metText(target.met)}**`).join('\n'));
	}
	if (section.notes && section.notes.length > 0) parts.push(section.notes.map((note) => `- ${note}`).join('\n'));
	return parts.join('\n\n');
}

export function renderTargetSummary(sections: readonly Section[]): string {
	const rows = sections.flatMap((section) =>
		section.targets.map((target) => [section.title, `${target.what} ${target.target}`, target.measured, metText(target.met)]),
	);
	return renderTable({ head: ['benchmark', 'target', 'measured', 'met'], rows });
}

function metText(met: boolean): string {
	return met ? 'met' : 'NOT met';
}
