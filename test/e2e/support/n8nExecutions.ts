// Reading a running n8n's executions through its REST API, as the editor's Executions tab does: the list of a
// workflow's executions (GET /rest/executions?filter=…) and one execution with its data
// (GET /rest/executions/:id, whose `data` n8n serialises with `flatted`, the format its own editor parses).
import { parse } from 'flatted';
import type { N8nRestClient } from './n8nRest';
import type { ExecutedRun } from './runJson';
import { waitFor } from './waitFor';

/** One row of the executions list. Dates are ISO strings as n8n sends them. */
export interface ExecutionSummary {
	readonly id: string;
	readonly workflowId: string;
	/** 'trigger' for an execution a trigger node started, 'webhook', 'manual', … */
	readonly mode: string;
	/** 'new' (queued), 'running', 'success', 'error', 'canceled', 'crashed', 'waiting' */
	readonly status: string;
	readonly createdAt: string;
	readonly startedAt: string | null;
	readonly stoppedAt: string | null;
}

/** An execution with its run data, readable with runJson's `nodeOutputJson`. */
export interface StoredExecution extends ExecutionSummary {
	readonly run: ExecutedRun;
}

const FINISHED = new Set(['success', 'error', 'canceled', 'crashed']);

export function isFinished(execution: ExecutionSummary): boolean {
	return FINISHED.has(execution.status);
}

/** The workflow's executions, oldest first (n8n lists newest first; at most 100, its page limit). */
export async function listExecutions(client: N8nRestClient, workflowId: string): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await client.request<{ results: Array<ExecutionSummary & { id: string | number }> }>('GET', `/rest/executions?filter=${filter}&limit=100`);
	return page.results.map((row) => ({ ...row, id: String(row.id) })).sort((a, b) => Number(a.id) - Number(b.id));
}

export async function readExecution(client: N8nRestClient, executionId: string): Promise<StoredExecution> {
	const stored = await client.request<ExecutionSummary & { id: string | number; data: string }>('GET', `/rest/executions/${executionId}`);
	// The serialised run: errors are plain objects by now, as in `n8n execute --rawOutput`.
	const data = parse(stored.data) as ExecutedRun['data'];
	const { data: _serialised, ...summary } = stored;
	return { ...summary, id: String(stored.id), run: { status: stored.status, mode: stored.mode, data } };
}

function describeExecutions(executions: readonly ExecutionSummary[]): string {
	return executions.length === 0 ? 'no executions' : executions.map((execution) => `#${execution.id} ${execution.mode} ${execution.status}`).join(', ');
}

export interface ExecutionWait {
	/** At least this many executions of the workflow, all finished (queued and running ones are waited for). */
	readonly count: number;
	readonly timeoutMs: number;
	/** Only executions after this id count (a test's earlier executions), default all. */
	readonly afterId?: string;
}

/**
 * Waits until the workflow has `count` finished executions (after `afterId`) and none still queued or running,
 * then reads each with its data, oldest first. Times out saying what it saw.
 */
export async function waitForExecutions(client: N8nRestClient, workflowId: string, wait: ExecutionWait): Promise<StoredExecution[]> {
	const finished = await waitFor(
		async () => {
			const executions = (await listExecutions(client, workflowId)).filter((execution) => wait.afterId === undefined || Number(execution.id) > Number(wait.afterId));
			const done = executions.length >= wait.count && executions.every(isFinished);
			return done ? { done: true as const, value: executions } : { done: false as const, seen: describeExecutions(executions) };
		},
		{ what: `${wait.count} finished execution(s) of workflow ${workflowId}${wait.afterId === undefined ? '' : ` after #${wait.afterId}`}`, timeoutMs: wait.timeoutMs },
	);
	return await Promise.all(finished.map(async (execution) => await readExecution(client, execution.id)));
}

/** The id of the workflow's newest execution, or undefined: a mark for `afterId`. */
export async function lastExecutionId(client: N8nRestClient, workflowId: string): Promise<string | undefined> {
	return (await listExecutions(client, workflowId)).at(-1)?.id;
}
