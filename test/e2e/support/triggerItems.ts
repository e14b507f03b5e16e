// The items a trigger gave, read back from the executions it started in a running n8n: one execution may carry
// several items (events that arrived together), so tests wait for items, not for a number of executions.
import { isFinished, listExecutions, readExecution, type StoredExecution } from './n8nExecutions';
import type { N8nRestClient } from './n8nRest';
import { nodeOutputJson } from './runJson';
import { waitFor } from './waitFor';

/** One item of the trigger (issue 12's shape), as a node after it saw it. */
export interface TriggerItem {
	readonly event: string;
	readonly at: string;
	readonly chat: { readonly id: string; readonly title: string | null; readonly username: string | null };
	readonly call: { readonly id: string; readonly accessHash: string; readonly title: string | null; readonly state: string; readonly participantsCount: number | null };
	readonly user?: { readonly id: string; readonly [key: string]: unknown };
	readonly duration?: number;
	readonly [key: string]: unknown;
}

export interface ItemOfExecution {
	readonly executionId: string;
	readonly mode: string;
	readonly status: string;
	readonly item: TriggerItem;
}

export interface ItemWait {
	/** The node whose output items are read (the trigger, or a node that passes its fields on). */
	readonly nodeName: string;
	/** Only executions after this id (a mark taken before the test drove anything). */
	readonly afterId?: string;
	/** Waits until this holds for the items so far (every execution finished). */
	readonly until: (items: readonly ItemOfExecution[]) => boolean;
	readonly what: string;
	readonly timeoutMs: number;
}

function describeItems(items: readonly ItemOfExecution[]): string {
	if (items.length === 0) return 'no items';
	return items.map(({ executionId, item }) => `#${executionId} ${item.event}${item.user ? ` ${item.user.id}` : ''} (call ${item.call?.id})`).join(', ');
}

export async function waitForTriggerItems(client: N8nRestClient, workflowId: string, wait: ItemWait): Promise<ItemOfExecution[]> {
	const read = new Map<string, StoredExecution>();
	return await waitFor(
		async () => {
			const executions = (await listExecutions(client, workflowId)).filter((execution) => wait.afterId === undefined || Number(execution.id) > Number(wait.afterId));
			const unfinished = executions.filter((execution) => !isFinished(execution));
			for (const execution of executions) {
				if (isFinished(execution) && !read.has(execution.id)) read.set(execution.id, await readExecution(client, execution.id));
			}
			const items = executions
				.filter((execution) => read.has(execution.id))
				.flatMap((summary) => {
					const execution = read.get(summary.id)!;
					return nodeOutputJson(execution.run, wait.nodeName).map((json) => ({
						executionId: execution.id,
						mode: execution.mode,
						status: execution.status,
						item: json as unknown as TriggerItem,
					}));
				});
			const seen = `${describeItems(items)}${unfinished.length > 0 ? `; ${unfinished.length} execution(s) not finished` : ''}`;
			return unfinished.length === 0 && wait.until(items) ? { done: true as const, value: items } : { done: false as const, seen };
		},
		{ what: wait.what, timeoutMs: wait.timeoutMs },
	);
}

/** "event user" keys of the items about one call, for asserting exactly which events came, each once. */
export function eventKeys(items: readonly ItemOfExecution[], callId: string): string[] {
	return items
		.filter(({ item }) => item.call?.id === callId)
		.map(({ item }) => (item.user ? `${item.event} ${item.user.id}` : item.event))
		.sort();
}
