// Workflows made only of n8n's built-in nodes, for proving the e2e machinery itself.
import type { INode } from 'n8n-workflow';
import type { WorkflowToImport } from './n8nCli';

let nextPosition = 0;

export function workflowNode(
	name: string,
	type: string,
	typeVersion: number,
	parameters: INode['parameters'],
	extra: Partial<INode> = {},
): INode {
	nextPosition += 220;
	return { id: `${name.toLowerCase().replace(/\W+/g, '-')}-node`, name, type, typeVersion, position: [nextPosition, 0], parameters, ...extra };
}

function setFields(name: string, fields: Record<string, string>): INode {
	const assignments = Object.entries(fields).map(([field, value], index) => ({ id: `${name}-${index}`, name: field, value, type: 'string' }));
	return workflowNode(name, 'n8n-nodes-base.set', 3.4, { assignments: { assignments }, options: {} });
}

/** Manual Trigger → Set (an expression) → No Operation. */
export const manualSetWorkflow: WorkflowToImport = {
	id: 'e2eSmokeManual01',
	name: 'E2E smoke: manual',
	nodes: [
		workflowNode('Manual', 'n8n-nodes-base.manualTrigger', 1, {}),
		setFields('Greet', { greeting: '={{ "hello " + (6 * 7) }}' }),
		workflowNode('Done', 'n8n-nodes-base.noOp', 1, {}),
	],
	connections: {
		Manual: { main: [[{ node: 'Greet', type: 'main', index: 0 }]] },
		Greet: { main: [[{ node: 'Done', type: 'main', index: 0 }]] },
	},
};

/** Manual Trigger → Stop and Error: an execution that fails on purpose. */
export const failingWorkflow: WorkflowToImport = {
	id: 'e2eSmokeFailing1',
	name: 'E2E smoke: failing',
	nodes: [
		workflowNode('Manual', 'n8n-nodes-base.manualTrigger', 1, {}),
		workflowNode('Fail', 'n8n-nodes-base.stopAndError', 1, { errorMessage: 'deliberate {smoke} failure' }),
	],
	connections: { Manual: { main: [[{ node: 'Fail', type: 'main', index: 0 }]] } },
};

export const SMOKE_WEBHOOK_PATH = 'e2e-smoke';

/**
 * POST /webhook/e2e-smoke → Set: answers with the body's `who` and the TG_E2E_ROLE environment variable of
 * the process that ran the execution (main or worker), so a test can tell where it ran.
 */
export const roleReportingWebhookWorkflow: WorkflowToImport = {
	id: 'e2eSmokeWebhook1',
	name: 'E2E smoke: webhook',
	nodes: [
		workflowNode(
			'Webhook',
			'n8n-nodes-base.webhook',
			2,
			{ httpMethod: 'POST', path: SMOKE_WEBHOOK_PATH, responseMode: 'lastNode', options: {} },
			{ webhookId: '3f9a5a52-7a1c-4a53-9d55-5a0b6e2e0001' },
		),
		setFields('Report', { ranOn: '={{ $env.TG_E2E_ROLE }}', who: '={{ $json.body.who }}' }),
	],
	connections: { Webhook: { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
};
