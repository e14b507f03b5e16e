// Puts this package into an n8n user folder the way n8n 2.41 itself installs a community package
// (CommunityPackagesService.downloadPackage): unpack the `npm pack` tarball into
// .n8n/nodes/node_modules/<name>, drop dev/peer/optional dependencies from its package.json, then
// `npm install` production dependencies inside the package folder. Dropping the peer dependency is what
// keeps a second n8n-workflow from shadowing n8n's own copy.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { locateN8nInstallation } from './n8nInstallation';

export const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..');

interface PackageJson {
	name: string;
	version: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
	[key: string]: unknown;
}

function readPackageJson(path: string): PackageJson {
	return JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
}

export const PACKAGE_NAME = readPackageJson(join(REPOSITORY_ROOT, 'package.json')).name;

const temporaryFolders: string[] = [];
process.on('exit', () => {
	for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
});

function temporaryFolder(prefix: string): string {
	const folder = mkdtempSync(join(tmpdir(), prefix));
	temporaryFolders.push(folder);
	return folder;
}

function assertBuilt(): void {
	const { n8n } = readPackageJson(join(REPOSITORY_ROOT, 'package.json'));
	const declared = [...(n8n?.nodes ?? []), ...(n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !existsSync(join(REPOSITORY_ROOT, file)));
	if (declared.length === 0 || missing.length > 0) {
		throw new Error(`The package is not built (missing: ${missing.join(', ') || 'an "n8n" section'}). Run: npm run build`);
	}
}

let tarball: string | undefined;

/** `npm pack` of the repository, made once per process (the repository must be built). */
export function packRepository(): string {
	if (tarball) return tarball;
	assertBuilt();
	const destination = temporaryFolder('tg-group-call-pack-');
	const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
		cwd: REPOSITORY_ROOT,
		encoding: 'utf8',
	});
	const [packed] = JSON.parse(output) as Array<{ filename: string }>;
	tarball = join(destination, packed.filename);
	return tarball;
}

export interface InstalledPackage {
	/** .n8n/nodes/node_modules/<name> inside the user folder */
	readonly packageDir: string;
	/** Top-level entries of the package's own node_modules (its production dependencies). */
	readonly dependencyNames: readonly string[];
}

function listDependencies(packageDir: string): string[] {
	const nodeModules = join(packageDir, 'node_modules');
	if (!existsSync(nodeModules)) return [];
	return readdirSync(nodeModules)
		.filter((entry) => !entry.startsWith('.'))
		.flatMap((entry) => (entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((scoped) => `${entry}/${scoped}`) : [entry]))
		.sort();
}

let template: string | undefined;

/** The installed `.n8n/nodes` folder, built once per process and copied into each user folder. */
function installedNodesTemplate(): string {
	if (template) return template;
	const packed = packRepository();
	const nodesDir = join(temporaryFolder('tg-group-call-nodes-'), 'nodes');
	const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', packed, '-C', packageDir, '--strip-components=1']);

	const packageJsonPath = join(packageDir, 'package.json');
	const kept = readPackageJson(packageJsonPath);
	delete kept.devDependencies;
	delete kept.peerDependencies;
	delete kept.optionalDependencies;
	writeFileSync(packageJsonPath, JSON.stringify(kept, null, 2));

	const { nodeBin } = locateN8nInstallation();
	execFileSync(
		'npm',
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
		{ cwd: packageDir, env: { ...process.env, PATH: `${dirname(nodeBin)}:${process.env.PATH ?? ''}` }, stdio: ['ignore', 'ignore', 'pipe'] },
	);
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: kept.version } }, null, 2),
	);
	template = nodesDir;
	return template;
}

/** Installs the packed package into `<userFolder>/.n8n/nodes`, as a user's n8n would. */
export function installPackageInto(userFolder: string): InstalledPackage {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	cpSync(installedNodesTemplate(), nodesDir, { recursive: true });
	const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	return { packageDir, dependencyNames: listDependencies(packageDir) };
}
