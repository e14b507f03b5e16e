// Activating ("publishing") a workflow in a running n8n 2.41 through the REST API, as the editor's toggle does:
// POST /rest/workflows/:id/activate with the version to publish (the workflow's current versionId), and
// POST /rest/workflows/:id/deactivate. n8n 2.41 publishes through an outbox (N8N_USE_WORKFLOW_PUBLICATION_SERVICE,
// on by default): the POST answers once the publication is queued, and a consumer adds the triggers moments later.
// So activation is done when GET /rest/workflows/:id/publication-status says "published" (every trigger
// activated, nothing in flight); a trigger whose trigger() threw shows there as failed, with n8n's message.
// In a stopped n8n, `publishWorkflow` (n8n publish:workflow) marks it instead, for the next start, whose
// reconciliation reports the triggers' status the same way.
import type { N8nRestClient } from './n8nRest';
import { waitFor } from './waitFor';

interface StoredWorkflow {
	readonly id: string;
	readonly versionId: string;
	readonly active: boolean;
	readonly activeVersionId?: string | null;
}

export function getWorkflow(client: N8nRestClient, workflowId: string): Promise<StoredWorkflow> {
	return client.request<StoredWorkflow>('GET', `/rest/workflows/${workflowId}`);
}

interface PublicationStatus {
	/** 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed' */
	readonly status: string;
	readonly pendingVersionId: string | null;
	readonly triggers: ReadonlyArray<{ readonly nodeId: string; readonly status: string; readonly errorMessage?: string | null }>;
}

const ACTIVATION_TIMEOUT_MS = 90_000;

/**
 * Waits until n8n reports the workflow's triggers live (they were added: their trigger() resolved). Rejects at once
 * when a trigger failed to activate, with n8n's message, and after `timeoutMs` saying what n8n reported last.
 */
export async function waitForPublished(client: N8nRestClient, workflowId: string, timeoutMs = ACTIVATION_TIMEOUT_MS): Promise<void> {
	await waitFor(
		async () => {
			const publication = await client.request<PublicationStatus>('GET', `/rest/workflows/${workflowId}/publication-status`);
			const failed = publication.triggers.filter((trigger) => trigger.status === 'failed');
			if (publication.pendingVersionId === null && failed.length > 0) {
				throw new Error(`n8n could not activate workflow ${workflowId}: ${failed.map((trigger) => `${trigger.nodeId}: ${trigger.errorMessage ?? 'failed'}`).join('; ')}`);
			}
			const live = publication.status === 'published' && publication.pendingVersionId === null && publication.triggers.length > 0;
			return live ? { done: true, value: undefined } : { done: false, seen: JSON.stringify(publication) };
		},
		{ what: `n8n to report workflow ${workflowId} published (its triggers activated)`, timeoutMs },
	);
}

/** Publishes the workflow's current version and waits until its triggers listen in this n8n (the leader main). */
export async function activateWorkflow(client: N8nRestClient, workflowId: string): Promise<void> {
	const { versionId } = await getWorkflow(client, workflowId);
	const activated = await client.request<StoredWorkflow>('POST', `/rest/workflows/${workflowId}/activate`, { versionId });
	if (!activated.active) throw new Error(`n8n answered the activation of workflow ${workflowId} but it is not active`);
	await waitForPublished(client, workflowId);
}

/**
 * Unpublishes the workflow. n8n removes its triggers (their closeFunction runs) through the same outbox, moments
 * after answering: this does not wait for that.
 */
export async function deactivateWorkflow(client: N8nRestClient, workflowId: string): Promise<void> {
	const deactivated = await client.request<StoredWorkflow>('POST', `/rest/workflows/${workflowId}/deactivate`, {});
	if (deactivated.active) throw new Error(`n8n answered the deactivation of workflow ${workflowId} but it is still active`);
}
