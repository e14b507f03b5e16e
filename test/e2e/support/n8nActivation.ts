// Activating ("publishing") a workflow in a running n8n 2.41 through the REST API, as the editor's toggle does:
// POST /rest/workflows/:id/activate with the version to publish (the workflow's current versionId), and
// POST /rest/workflows/:id/deactivate. n8n answers once the workflow's triggers were added, so a trigger whose
// activation fails (its trigger() threw) fails here with n8n's message. In a stopped n8n, `publishWorkflow`
// (n8n publish:workflow) marks it instead, for the next start.
import type { N8nRestClient } from './n8nRest';

interface StoredWorkflow {
	readonly id: string;
	readonly versionId: string;
	readonly active: boolean;
	readonly activeVersionId?: string | null;
}

export function getWorkflow(client: N8nRestClient, workflowId: string): Promise<StoredWorkflow> {
	return client.request<StoredWorkflow>('GET', `/rest/workflows/${workflowId}`);
}

/** Publishes the workflow's current version: its triggers start listening in this n8n (the leader main). */
export async function activateWorkflow(client: N8nRestClient, workflowId: string): Promise<void> {
	const { versionId } = await getWorkflow(client, workflowId);
	const activated = await client.request<StoredWorkflow>('POST', `/rest/workflows/${workflowId}/activate`, { versionId });
	if (!activated.active) throw new Error(`n8n answered the activation of workflow ${workflowId} but it is not active`);
}

/** Unpublishes the workflow: n8n removes its triggers (their closeFunction runs) before answering. */
export async function deactivateWorkflow(client: N8nRestClient, workflowId: string): Promise<void> {
	const deactivated = await client.request<StoredWorkflow>('POST', `/rest/workflows/${workflowId}/deactivate`, {});
	if (deactivated.active) throw new Error(`n8n answered the deactivation of workflow ${workflowId} but it is still active`);
}
