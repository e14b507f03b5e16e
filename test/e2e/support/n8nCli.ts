// n8n's command line on a user folder: import credentials and workflows, publish, execute.
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { IConnections, INode, IWorkflowSettings } from 'n8n-workflow';
import { runToCompletion, tail, type CompletedProcess } from './managedProcess';
import { locateN8nInstallation } from './n8nInstallation';
import { n8nEnvironment, type N8nUserFolder } from './n8nUserFolder';
import { findExecutedRun, type ExecutedRun } from './runJson';

export interface CredentialToImport {
	readonly id: string;
	readonly name: string;
	readonly type: string;
	/** Plain values: n8n encrypts them with the folder's key on import. */
	readonly data: Record<string, unknown>;
}

export interface WorkflowToImport {
	readonly id: string;
	readonly name: string;
	readonly nodes: INode[];
	readonly connections: IConnections;
	readonly settings?: IWorkflowSettings;
	readonly active?: boolean;
}

export interface CliOptions {
	readonly env?: Record<string, string>;
	readonly timeoutMs?: number;
}

/** Runs `n8n <args>` on Node 24 for `folder`; resolves whatever the exit code. */
export async function runN8nCli(folder: N8nUserFolder, args: readonly string[], options: CliOptions = {}): Promise<CompletedProcess> {
	const { nodeBin, n8nBin } = locateN8nInstallation();
	return runToCompletion(`n8n ${args[0]}`, nodeBin, [n8nBin, ...args], {
		cwd: folder.path,
		env: await n8nEnvironment(folder, options.env),
		timeoutMs: options.timeoutMs ?? 180_000,
	});
}

async function runOrThrow(folder: N8nUserFolder, args: readonly string[], options?: CliOptions): Promise<CompletedProcess> {
	const result = await runN8nCli(folder, args, options);
	if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} failed with exit ${result.code}:\n${tail(result.output)}`);
	return result;
}

function writeImportFile(folder: N8nUserFolder, content: unknown): string {
	const directory = join(folder.path, 'imports');
	mkdirSync(directory, { recursive: true });
	const file = join(directory, `${randomUUID()}.json`);
	writeFileSync(file, JSON.stringify(content, null, 2));
	return file;
}

export async function importCredentials(folder: N8nUserFolder, credentials: readonly CredentialToImport[]): Promise<void> {
	await runOrThrow(folder, ['import:credentials', `--input=${writeImportFile(folder, credentials)}`]);
}

/** Imports workflows with the ids they carry. */
export async function importWorkflow(folder: N8nUserFolder, workflows: WorkflowToImport | readonly WorkflowToImport[]): Promise<void> {
	const list = Array.isArray(workflows) ? workflows : [workflows];
	await runOrThrow(folder, ['import:workflow', `--input=${writeImportFile(folder, list)}`]);
}

/** Makes a workflow's triggers (webhooks) live the next time n8n starts. */
export async function publishWorkflow(folder: N8nUserFolder, workflowId: string): Promise<void> {
	await runOrThrow(folder, ['publish:workflow', `--id=${workflowId}`]);
}

export interface CliExecution {
	/** 0 when the execution succeeded, 1 when it failed (the run is still reported). */
	readonly exitCode: number | null;
	readonly run: ExecutedRun;
	readonly output: string;
}

/** `n8n execute --id=… --rawOutput`: runs the workflow from its trigger and returns the parsed run. */
export async function executeWorkflow(folder: N8nUserFolder, workflowId: string, options?: CliOptions): Promise<CliExecution> {
	const result = await runN8nCli(folder, ['execute', `--id=${workflowId}`, '--rawOutput'], options);
	const run = findExecutedRun(result.stdout);
	if (!run) throw new Error(`n8n execute printed no run (exit ${result.code}):\n${tail(result.output)}`);
	return { exitCode: result.code, run, output: result.output };
}
