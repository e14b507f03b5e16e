// The demo's moving parts: the sandbox (in this process), a fresh n8n user folder with the packed package,
// the demo credential and workflow imported into it, the CLI run, and the editor with its owner account.
import { createServer } from 'node:net';
import { startSandbox, type RequestLogEntry, type Sandbox } from '../../sandbox';
import {
	createN8nUserFolder,
	executeWorkflow,
	importCredentials,
	importWorkflow,
	N8nRestClient,
	startN8n,
	type CliExecution,
	type N8nMain,
	type N8nUserFolder,
} from '../../test/e2e/support/n8nProcess';
import { demoCredential, demoWorkflow, DEMO_WORKFLOW_ID } from './demoWorkflow';

/** The editor's sign-in. A throwaway instance on 127.0.0.1, so a fixed, printed password is fine. */
export const DEMO_OWNER = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Sandbox-demo-1',
} as const;

/** n8n's usual port, so the URL looks familiar; another free one when it is taken. */
const PREFERRED_EDITOR_PORT = 5678;

export interface DemoSetup {
	readonly folder: N8nUserFolder;
	readonly sandbox: Sandbox;
}

export interface SandboxOptions {
	readonly port?: number;
	readonly onRequest?: (entry: RequestLogEntry) => void;
}

export async function startDemoSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await startSandbox({ port: options.port ?? 0, onRequest: options.onRequest });
}

/**
 * A new sandbox with a fresh built-in world on the port of `previous`, which is stopped. The session stays
 * valid (the sandbox derives it from the world), so the imported credential keeps working.
 */
export async function restartDemoSandbox(previous: Sandbox, options: Omit<SandboxOptions, 'port'> = {}): Promise<Sandbox> {
	const { port, session } = previous;
	await previous.stop();
	const next = await startDemoSandbox({ ...options, port });
	if (next.session !== session) {
		await next.stop();
		throw new Error('the restarted sandbox derived another session, so the imported credential would not fit it');
	}
	return next;
}

/** A fresh user folder with the package installed as n8n installs it, the credential and the workflow imported. */
export async function prepareDemo(sandbox: Sandbox, say: (message: string) => void): Promise<N8nUserFolder> {
	say('Installing the packed package into a fresh n8n user folder…');
	const folder = createN8nUserFolder({ withPackage: true });
	say('Importing the sandbox credential and the demo workflow…');
	await importCredentials(folder, [demoCredential(sandbox.credentials())]);
	await importWorkflow(folder, demoWorkflow());
	return folder;
}

export async function runDemoWorkflow(folder: N8nUserFolder): Promise<CliExecution> {
	return await executeWorkflow(folder, DEMO_WORKFLOW_ID);
}

function isPortFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

export interface DemoEditor {
	readonly n8n: N8nMain;
	readonly workflowUrl: string;
}

/** `n8n start` on the user folder with the owner account created, so the printed sign-in works at once. */
export async function startDemoEditor(folder: N8nUserFolder, port?: number): Promise<DemoEditor> {
	const chosenPort = port ?? ((await isPortFree(PREFERRED_EDITOR_PORT)) ? PREFERRED_EDITOR_PORT : undefined);
	// Internal task runners, so that a Code node added in the editor works too.
	const n8n = await startN8n(folder, { port: chosenPort, env: { N8N_RUNNERS_MODE: 'internal' } });
	try {
		await new N8nRestClient(n8n.url).request('POST', '/rest/owner/setup', DEMO_OWNER);
	} catch (error) {
		await n8n.stop();
		throw error;
	}
	// 127.0.0.1 rather than "localhost": n8n listens on IPv4 loopback only, and localhost may resolve to ::1.
	const workflowUrl = `${n8n.url}/workflow/${DEMO_WORKFLOW_ID}`;
	return { n8n, workflowUrl };
}
