// What the demo needs before it can start: a current build of the package and the cached real n8n.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { locateN8nInstallation, n8nInstallDir, N8N_VERSION } from '../../test/e2e/support/n8nInstallation';

export const REPOSITORY_ROOT = join(__dirname, '..', '..');

const SOURCE_FOLDERS = ['credentials', 'nodes', 'sandbox', 'cli'];
const SOURCE_FILE = /\.(ts|svg|png|json)$/;

function newestMtime(path: string): number {
	const stats = statSync(path);
	if (!stats.isDirectory()) return SOURCE_FILE.test(path) ? stats.mtimeMs : 0;
	return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/** The files n8n loads (package.json's "n8n" section); a build that lacks one, or predates a source, is stale. */
function isBuildCurrent(): boolean {
	const manifest = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as { n8n?: { nodes?: string[]; credentials?: string[] } };
	const built = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])].map((file) => join(REPOSITORY_ROOT, file));
	if (built.length === 0 || !built.every((file) => existsSync(file))) return false;
	const oldestBuilt = Math.min(...built.map((file) => statSync(file).mtimeMs));
	const newestSource = Math.max(
		...SOURCE_FOLDERS.map((folder) => join(REPOSITORY_ROOT, folder)).filter((path) => existsSync(path)).map(newestMtime),
		statSync(join(REPOSITORY_ROOT, 'tsconfig.json')).mtimeMs,
	);
	return oldestBuilt >= newestSource;
}

/** Returns whether it had to build. */
export function buildIfNeeded(say: (message: string) => void): boolean {
	if (isBuildCurrent()) return false;
	say('Building the package (npm run build)…');
	// The build's own output goes to stderr so that the demo's stdout stays the table.
	const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPOSITORY_ROOT, stdio: ['ignore', process.stderr, 'inherit'] });
	if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
	return true;
}

/**
 * What the first run costs, said before it starts. Measured on 2-core machines shared with other work: installing
 * n8n took 8-11 min (`npm install n8n` 6.7 and 8.6 min, the sqlite3 build 1.5 and 2.5 min), the whole first demo
 * 9.5 min. Undefined when n8n is already in the cache (a later run starts in seconds).
 */
export function firstRunNotice(): string | undefined {
	try {
		locateN8nInstallation();
		return undefined;
	} catch {
		return (
			`First run: n8n ${N8N_VERSION} is not in the cache yet (${n8nInstallDir()}). Installing it takes 8 to 11 minutes ` +
			'on a 2-core machine (npm install 7-9 min, ~2.9 GB; sqlite3 build 1.5-2.5 min), and the whole first run about 10 to 13 minutes (the demo itself 1 to 2 of them: two n8n runs). ' +
			'Later runs reuse the cache.'
		);
	}
}

/**
 * The installer checks the cache in a fraction of a second, or installs n8n (8 to 11 minutes, the first time)
 * with its progress on stderr. Its summary on stdout is not needed here.
 */
export function ensureN8nInstalled(): void {
	const installer = join(REPOSITORY_ROOT, 'scripts', 'install-n8n.mjs');
	const result = spawnSync(process.execPath, [installer, '--json', '--without-redis'], { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	if (result.status !== 0) throw new Error(`Installing n8n failed (exit ${result.status ?? result.signal}); see the messages above`);
}
