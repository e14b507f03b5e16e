// The e2e toolkit in one import: a real n8n (CLI, main, worker) on a fresh user folder, Redis for queue
// mode, and the REST calls the editor makes. Every process started here is killed when the test ends.
export { locateN8nInstallation, N8N_VERSION, type N8nInstallation } from './n8nInstallation';
export { createN8nUserFolder, n8nEnvironment, E2E_ENCRYPTION_KEY, type N8nUserFolder, type UserFolderOptions } from './n8nUserFolder';
export {
	runN8nCli,
	importCredentials,
	importWorkflow,
	publishWorkflow,
	executeWorkflow,
	type CliExecution,
	type CredentialToImport,
	type WorkflowToImport,
} from './n8nCli';
export { startN8n, startWorker, type N8nMain, type N8nWorker, type N8nProcessOptions } from './n8nServer';
export { startRedis, type RedisServer } from './redis';
export { ownerSetup, testCredential, fetchNodeTypes, N8nRestClient, N8nRestError, E2E_OWNER, type CredentialTestResult, type CredentialUnderTest } from './n8nRest';
export { findExecutedRun, nodeOutputJson, type ExecutedRun } from './runJson';
export { packRepository, installPackageInto, PACKAGE_NAME, type InstalledPackage } from './packPackage';
export { activateWorkflow, deactivateWorkflow, getWorkflow, waitForPublished } from './n8nActivation';
export { listExecutions, readExecution, waitForExecutions, lastExecutionId, isFinished, type ExecutionSummary, type StoredExecution } from './n8nExecutions';
export { waitForTriggerItems, eventKeys, type TriggerItem, type ItemOfExecution } from './triggerItems';
export { waitFor, waitUntil } from './waitFor';
