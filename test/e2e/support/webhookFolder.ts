// A fresh n8n user folder with the packed package, the sandbox's credential and a published webhook workflow:
// what a user has after installing the package and activating an invite workflow.
import type { SandboxCredentials } from '../../../sandbox';
import { sandboxCredential } from '../fixtures/inviteWorkflows';
import { createN8nUserFolder, importCredentials, importWorkflow, publishWorkflow, type N8nUserFolder, type WorkflowToImport } from './n8nProcess';

export async function folderWithPublishedWorkflow(credentials: SandboxCredentials, workflow: WorkflowToImport): Promise<N8nUserFolder> {
	const folder = createN8nUserFolder({ withPackage: true });
	await importCredentials(folder, [sandboxCredential(credentials)]);
	await importWorkflow(folder, workflow);
	await publishWorkflow(folder, workflow.id);
	return folder;
}
