// `n8n execute --rawOutput` prints the run as pretty JSON on stdout, among log lines that may come
// before or after it (and may themselves contain braces). This finds the run document robustly.
import type { IRunData } from 'n8n-workflow';

/** The run as n8n serialises it (dates become strings, errors become plain objects). */
export interface ExecutedRun {
	readonly status?: string;
	readonly finished?: boolean;
	readonly mode?: string;
	readonly data: {
		readonly resultData: {
			readonly runData: IRunData;
			readonly lastNodeExecuted?: string;
			readonly error?: { readonly message: string; readonly [key: string]: unknown };
		};
	};
}

/** Length of the balanced JSON value starting at `start` (an opening brace/bracket), or -1. */
function balancedLength(text: string, start: number): number {
	let depth = 0;
	let inString = false;
	for (let index = start; index < text.length; index++) {
		const char = text[index];
		if (inString) {
			if (char === '\\') index++;
			else if (char === '"') inString = false;
			continue;
		}
		if (char === '"') inString = true;
		else if (char === '{' || char === '[') depth++;
		else if (char === '}' || char === ']') {
			depth--;
			if (depth === 0) return index - start + 1;
		}
	}
	return -1;
}

/** Every JSON object or array that starts at the beginning of a line and parses. */
export function jsonDocumentsIn(text: string): unknown[] {
	const documents: unknown[] = [];
	let searchFrom = 0;
	while (searchFrom < text.length) {
		const match = /^[{[]/m.exec(text.slice(searchFrom));
		if (!match) break;
		const start = searchFrom + match.index;
		const length = balancedLength(text, start);
		if (length > 0) {
			try {
				documents.push(JSON.parse(text.slice(start, start + length)));
				searchFrom = start + length;
				continue;
			} catch {
				// A log line that merely starts with a brace: keep looking after it.
			}
		}
		searchFrom = start + 1;
	}
	return documents;
}

function isExecutedRun(value: unknown): value is ExecutedRun {
	const data = (value as { data?: { resultData?: { runData?: unknown } } } | null)?.data;
	return typeof data?.resultData?.runData === 'object' && data.resultData.runData !== null;
}

export function findExecutedRun(stdout: string): ExecutedRun | undefined {
	return jsonDocumentsIn(stdout).filter(isExecutedRun).pop();
}

/** The json of the items a node sent out of one of its outputs in its last run (empty if none). */
export function nodeOutputJson(run: ExecutedRun, nodeName: string, outputIndex = 0): Array<Record<string, unknown>> {
	const taskRuns = run.data.resultData.runData[nodeName];
	if (!taskRuns || taskRuns.length === 0) {
		throw new Error(`node "${nodeName}" did not run; nodes that ran: ${Object.keys(run.data.resultData.runData).join(', ')}`);
	}
	const items = taskRuns[taskRuns.length - 1].data?.main?.[outputIndex] ?? [];
	return items.map((item) => item.json);
}
