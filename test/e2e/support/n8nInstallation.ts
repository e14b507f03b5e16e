// Finds the real n8n that `npm run n8n:install` (scripts/install-n8n.mjs) put into the cache.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const N8N_VERSION = '2.41.1';
// Must match INSTALL_RECORD_FORMAT and the folder layout in scripts/install-n8n.mjs.
const INSTALL_RECORD_FORMAT = 1;

export interface N8nInstallation {
	readonly n8nVersion: string;
	/** e.g. "v24.21.0" */
	readonly nodeVersion: string;
	/** The Node 24 binary n8n runs on. */
	readonly nodeBin: string;
	/** n8n's bin script; run it as `nodeBin n8nBin <command>`. */
	readonly n8nBin: string;
	/** The node_modules folder holding n8n and its dependencies. */
	readonly nodeModules: string;
	readonly installDir: string;
}

export function n8nInstallDir(): string {
	const cacheRoot =
		process.env.TG_GROUP_CALL_CACHE ||
		join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'n8n-nodes-telegram-group-call');
	return join(cacheRoot, `n8n-${N8N_VERSION}`);
}

let located: N8nInstallation | undefined;

/** Throws, naming the command to run, when the cache holds no complete install. */
export function locateN8nInstallation(): N8nInstallation {
	if (located) return located;
	const installDir = n8nInstallDir();
	const recordPath = join(installDir, 'install.json');
	const notInstalled = (why: string) =>
		new Error(`The real n8n ${N8N_VERSION} for e2e tests is ${why} (${installDir}). Run: npm run n8n:install`);
	if (!existsSync(recordPath)) throw notInstalled('not installed');
	const record = JSON.parse(readFileSync(recordPath, 'utf8')) as Partial<N8nInstallation> & { format?: number };
	const { nodeVersion, nodeBin, n8nBin, nodeModules, n8nVersion } = record;
	if (
		record.format !== INSTALL_RECORD_FORMAT ||
		n8nVersion !== N8N_VERSION ||
		!nodeVersion ||
		!nodeBin ||
		!n8nBin ||
		!nodeModules ||
		!existsSync(nodeBin) ||
		!existsSync(n8nBin)
	) {
		throw notInstalled('incomplete or from another version');
	}
	located = { n8nVersion, nodeVersion, nodeBin, n8nBin, nodeModules, installDir };
	return located;
}
