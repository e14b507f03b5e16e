// A fresh n8n user folder (its own SQLite database, settings and installed community packages) per test,
// and the environment every n8n process of that folder runs with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './freePort';
import { locateN8nInstallation } from './n8nInstallation';
import { installPackageInto, type InstalledPackage } from './packPackage';

/** Fixed so that the CLI, main and workers of one folder can all decrypt its credentials. */
export const E2E_ENCRYPTION_KEY = 'tg-group-call-e2e-encryption-key-not-a-secret';

export interface N8nUserFolder {
	readonly path: string;
	/** Set when the folder was created with `withPackage`. */
	readonly installedPackage?: InstalledPackage;
	remove(): void;
}

export interface UserFolderOptions {
	/** Install this package (packed from the built repository) as a community package. */
	readonly withPackage?: boolean;
}

const liveFolders = new Set<string>();
process.on('exit', () => {
	for (const path of liveFolders) rmSync(path, { recursive: true, force: true });
});

export function createN8nUserFolder(options: UserFolderOptions = {}): N8nUserFolder {
	locateN8nInstallation();
	const path = mkdtempSync(join(tmpdir(), 'tg-group-call-n8n-'));
	liveFolders.add(path);
	const installedPackage = options.withPackage ? installPackageInto(path) : undefined;
	return {
		path,
		installedPackage,
		remove: () => {
			rmSync(path, { recursive: true, force: true });
			liveFolders.delete(path);
		},
	};
}

// Settings from the outer shell must not leak into the n8n under test (e.g. a developer's own N8N_*).
const OUTER_SETTINGS = /^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|OFFLOAD_|GENERIC_TIMEZONE$|NODE_OPTIONS$|NODE_TEST_CONTEXT$|NODE_ENV$)/;

/** The environment of an n8n process for `folder`; `overrides` win. Picks a free task-broker port. */
export async function n8nEnvironment(folder: N8nUserFolder, overrides: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
	const { nodeBin } = locateN8nInstallation();
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !OUTER_SETTINGS.test(key)));
	return {
		...inherited,
		PATH: `${dirname(nodeBin)}:${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: folder.path,
		N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		// isolated-vm (the default expression engine) cannot be built here; see docs/real-n8n.md.
		N8N_EXPRESSION_ENGINE: 'legacy',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		// No runner processes: they only serve Code nodes, and the internal Python runner cannot start here
		// (a warning on every start). Pass N8N_RUNNERS_MODE=internal in overrides for a workflow with a Code node.
		N8N_RUNNERS_MODE: 'external',
		N8N_RUNNERS_AUTH_TOKEN: 'tg-group-call-e2e-runners',
		// Each process gets its own broker port: main, worker and CLI runs would otherwise all want 5679.
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		// Lets a test workflow read $env (e.g. which process ran it). Off by default in n8n only as a hardening.
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		// This package has runtime dependencies, so n8n counts it as unverified; state the current default.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		GENERIC_TIMEZONE: 'UTC',
		...overrides,
	};
}
