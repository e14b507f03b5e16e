// The demo's moving parts: the sandbox (in this process) with its control endpoint, a fresh n8n user folder with
// the packed package, the demo credential and both workflows imported into it (the trigger workflow published),
// the CLI run, and the editor with its owner account.
import { createServer } from 'node:net';
import { ControlEndpoint, DEFAULT_CONTROL_PORT } from '../../cli/drive/controlEndpoint';
import { startSandbox, type RequestLogEntry, type Sandbox } from '../../sandbox';
import {
	createN8nUserFolder,
	executeWorkflow,
	importCredentials,
	importWorkflow,
	N8nRestClient,
	publishWorkflow,
	startN8n,
	type CliExecution,
	type N8nMain,
	type N8nUserFolder,
} from '../../test/e2e/support/n8nProcess';
import { waitForPublished } from '../../test/e2e/support/n8nActivation';
import { demoCredential, demoTriggerWorkflow, demoWorkflow, DEMO_TRIGGER_WORKFLOW_ID, DEMO_WORKFLOW_ID } from './demoWorkflow';

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

/**
 * A fresh user folder with the package installed as n8n installs it, the credential and both workflows imported,
 * the trigger workflow published (active from the next `n8n start`).
 */
export async function prepareDemo(sandbox: Sandbox, say: (message: string) => void): Promise<N8nUserFolder> {
	say('Installing the packed package into a fresh n8n user folder…');
	const folder = createN8nUserFolder({ withPackage: true });
	say('Importing the sandbox credential and the two demo workflows, publishing the trigger workflow…');
	await importCredentials(folder, [demoCredential(sandbox.credentials())]);
	await importWorkflow(folder, [demoWorkflow(), demoTriggerWorkflow()]);
	await publishWorkflow(folder, DEMO_TRIGGER_WORKFLOW_ID);
	return folder;
}

/**
 * The sandbox's control endpoint (decision 0014), where `tg-group-call sandbox-drive` sends what a person makes
 * happen: on 7448, the CLI's default, so the printed command needs no --control; on a free port when 7448 is taken.
 */
export async function openDemoControl(sandbox: Sandbox, report: (line: string) => void): Promise<ControlEndpoint> {
	const port = (await isPortFree(DEFAULT_CONTROL_PORT)) ? DEFAULT_CONTROL_PORT : 0;
	return await ControlEndpoint.open(sandbox, port, report);
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
	/** Signed in as the demo owner. */
	readonly client: N8nRestClient;
	readonly workflowUrl: string;
	readonly triggerWorkflowUrl: string;
}

/** How long n8n may take, after it serves the editor, to activate the trigger workflow (connect, read the chat). */
const TRIGGER_ACTIVATION_TIMEOUT_MS = 60_000;

/**
 * `n8n start` on the user folder with the owner account created, so the printed sign-in works at once; resolves
 * once n8n has activated the trigger workflow (its trigger connected to the sandbox and read the watched chat).
 */
export async function startDemoEditor(folder: N8nUserFolder, port?: number): Promise<DemoEditor> {
	const chosenPort = port ?? ((await isPortFree(PREFERRED_EDITOR_PORT)) ? PREFERRED_EDITOR_PORT : undefined);
	// Internal task runners, so that a Code node added in the editor works too.
	const n8n = await startN8n(folder, { port: chosenPort, env: { N8N_RUNNERS_MODE: 'internal' } });
	const client = new N8nRestClient(n8n.url);
	try {
		await client.request('POST', '/rest/owner/setup', DEMO_OWNER);
		await waitForPublished(client, DEMO_TRIGGER_WORKFLOW_ID, TRIGGER_ACTIVATION_TIMEOUT_MS);
	} catch (error) {
		await n8n.stop();
		throw error;
	}
	// 127.0.0.1 rather than "localhost": n8n listens on IPv4 loopback only, and localhost may resolve to ::1.
	return { n8n, client, workflowUrl: `${n8n.url}/workflow/${DEMO_WORKFLOW_ID}`, triggerWorkflowUrl: `${n8n.url}/workflow/${DEMO_TRIGGER_WORKFLOW_ID}` };
}
