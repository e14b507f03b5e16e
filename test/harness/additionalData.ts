import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import {
	UnexpectedError,
	type ICredentialsHelper,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

const BASE_URL = 'http://localhost:5678';

function unsupported(feature: string): never {
	throw new UnexpectedError(`${feature} is not available in the in-process harness`);
}

/**
 * The per-execution services n8n's CLI would provide. Everything a single regular node needs is
 * real or inert; features of other node kinds (sub-workflows, task runners, agents) fail loudly.
 */
export function buildAdditionalData(options: {
	executionId: string;
	mode: WorkflowExecuteMode;
	workflowData: IWorkflowBase;
	credentialsHelper: ICredentialsHelper;
}): IWorkflowExecuteAdditionalData {
	const hooks = new ExecutionLifecycleHooks(options.mode, options.executionId, options.workflowData);
	return {
		executionId: options.executionId,
		workflowId: options.workflowData.id,
		hooks,
		credentialsHelper: options.credentialsHelper,
		externalSecretsProxy: new ExternalSecretsProxy(),
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: BASE_URL,
		formBaseUrl: `${BASE_URL}/form`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
		logAiEvent: () => {},
		executeWorkflow: async () => unsupported('Executing a sub-workflow'),
		getRunExecutionData: async () => unsupported('Reading another execution'),
		getRuntimeCredential: async () => unsupported('Runtime credentials'),
		startRunnerTask: async () => unsupported('The task runner (Code node)'),
	};
}
