/**
 * `npm test`'s runner (after the build): compiles the TypeScript once, then runs every test/**\/*.test.ts but
 * test/e2e with Node's test runner, in a few shared processes, three at a time on two cores
 * (docs/decisions/0012-fast-test-runs.md).
 *
 * Compiling once instead of `node --import tsx` per file saves 0.3 to 1.2 s of CPU per file: tsx transforms every
 * module again in each process, through a loader thread. The compiled copy is esbuild's (the transform tsx itself
 * uses), one CommonJS file per source file in .cache/test-build/ (the same folder layout, so node_modules resolves
 * as from the source), with `__dirname`/`__filename` set to the source's, so paths a test builds from them point into
 * the repository as before. Stack traces point at the .ts files (inline source maps, --enable-source-maps).
 *
 * Sharing processes saves loading n8n-core and GramJS again for every file (about 2.5 s of CPU each): the files
 * are cut into groups (scripts/testGroups.cjs), each file inside a top-level `describe` named by its path. The
 * runner checks that every file it found reported, and fails the run if one did not.
 *
 *   node scripts/runTests.mjs                          every test file but test/e2e
 *   node scripts/runTests.mjs test/cli test/x.test.ts  the test files in these folders, or these files
 *   node scripts/runTests.mjs --shuffle=7              random groups in a random order (drawn from the seed)
 *   node scripts/runTests.mjs --test-name-pattern=QR   other options starting with "--" go to `node --test`
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

import { transform } from 'esbuild';

import testGroups from './testGroups.cjs';

const { asksForOwnProcess, groupEntry, groupFiles, shuffledGroups } = testGroups;

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, '.cache', 'test-build');
/** Everything a test may import: tsconfig.test.json's folders. */
const COMPILED = ['credentials', 'nodes', 'sandbox', 'cli', 'gramjs', 'test', 'bench', 'scripts'];
const SKIPPED = new Set(['node_modules', 'dist'].map((folder) => path.join(ROOT, folder)));
/** Compiled like the rest (the demo script imports its support), but its tests run with `npm run test:e2e`. */
const E2E = path.join(ROOT, 'test', 'e2e');
/** Each test file's time in the last run that had it, for the groups of the next (see groupFiles). */
const TIMES = path.join(ROOT, '.cache', 'test-times.json');
const LAST_TIMES = path.join(ROOT, '.cache', 'test-times-last.json');
/**
 * How many processes run at once: one more than the cores (3 on the 2-core machine), so the cores stay busy while
 * a file waits (reconnect pauses, expiring tokens, GramJS's ping interval).
 */
const CONCURRENCY = availableParallelism() + 1;
/** Two groups per worker: enough to even out the workers' ends, few enough that n8n-core loads in few processes. */
const GROUPS_PER_WORKER = 2;
/** The generated entry files, one per process (see writeGroup). */
const GROUPS = path.join(OUT, '.groups');

function filesUnder(folder) {
	if (SKIPPED.has(folder)) return [];
	const stat = statSync(folder, { throwIfNoEntry: false });
	if (stat === undefined) return [];
	if (!stat.isDirectory()) return [folder];
	return readdirSync(folder)
		.sort()
		.flatMap((name) => filesUnder(path.join(folder, name)));
}

const compiledPath = (source) => path.join(OUT, path.relative(ROOT, source)).replace(/\.ts$/, '.js');

async function compile() {
	const { compilerOptions } = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
	rmSync(OUT, { recursive: true, force: true });
	const sources = COMPILED.flatMap((folder) => filesUnder(path.join(ROOT, folder)));
	await Promise.all(
		sources.map(async (source) => {
			const target = compiledPath(source);
			mkdirSync(path.dirname(target), { recursive: true });
			// Data files next to the code (JSON a test imports, fixtures) resolve from the copy as from the source.
			if (!source.endsWith('.ts') || source.endsWith('.d.ts')) return copyFileSync(source, target);
			const { code } = await transform(readFileSync(source, 'utf8'), {
				loader: 'ts',
				format: 'cjs',
				target: 'node20',
				platform: 'node',
				tsconfigRaw: { compilerOptions },
				sourcefile: source,
				sourcemap: 'inline',
				sourcesContent: false,
				// import('./gramjs') becomes require(): the copy is CommonJS throughout, as tsc's dist/ is.
				supported: { 'dynamic-import': false },
				define: { __dirname: JSON.stringify(path.dirname(source)), __filename: JSON.stringify(source) },
			});
			writeFileSync(target, code);
		}),
	);
}

function testFiles(selected) {
	const roots = selected.length > 0 ? selected.map((entry) => path.resolve(entry)) : [path.join(ROOT, 'test')];
	const files = roots
		.flatMap((entry) => filesUnder(entry))
		.filter((file) => file.endsWith('.test.ts') && !file.startsWith(E2E + path.sep));
	if (files.length === 0) {
		process.stderr.write(`runTests: no *.test.ts files in ${selected.join(' ') || 'test/'} (test/e2e runs with npm run test:e2e).\n`);
		process.exit(2);
	}
	return [...new Set(files)];
}

function readTimes(file) {
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		return {};
	}
}

/** A file's time in the last run; new files get a guess that makes them count like a slow file. */
const timeOf = (times, file) => times[path.relative(ROOT, file)] ?? UNKNOWN_MS;
const UNKNOWN_MS = 5000;
const needsOwnProcess = (file) => asksForOwnProcess(readFileSync(file, 'utf8'));

/** Writes the entry file of one process (testGroups.cjs groupEntry) and returns its path. */
function writeGroup(index, group) {
	const entry = path.join(GROUPS, `group-${index + 1}.test.js`);
	writeFileSync(entry, groupEntry(group.map((file) => path.relative(ROOT, file)), group.map(compiledPath)));
	return entry;
}

const args = process.argv.slice(2);
// --shuffle=SEED is the runner's own: random groups in a random order, to show that no test depends on which files
// share its process or run before it. Every other option starting with "--" goes to `node --test`.
const shuffleSeed = args.find((arg) => arg.startsWith('--shuffle='))?.slice('--shuffle='.length);
const options = args.filter((arg) => arg.startsWith('--') && !arg.startsWith('--shuffle='));
// A reporter of one's own replaces Node's default and the times (Node pairs reporters with destinations).
const ownReporter = options.some((option) => option.startsWith('--test-reporter'));
const times = readTimes(TIMES);
const files = testFiles(args.filter((arg) => !arg.startsWith('--')));
try {
	await compile();
} catch (error) {
	// esbuild names the file, line and problem; the type check (npx tsc -p tsconfig.test.json) says more.
	process.stderr.write(`runTests: could not compile the tests: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
}
mkdirSync(GROUPS, { recursive: true });
const count = CONCURRENCY * GROUPS_PER_WORKER;
const groups =
	shuffleSeed === undefined
		? groupFiles(files, { count, timeOf: (file) => timeOf(times, file), alone: needsOwnProcess })
		: shuffledGroups(files, { count, seed: shuffleSeed, alone: needsOwnProcess });
if (shuffleSeed !== undefined) process.stdout.write(`# runTests: --shuffle=${shuffleSeed}: ${groups.map((group) => group.length).join('+')} files in random groups\n`);
const entries = groups.map((group, index) => writeGroup(index, group));
rmSync(LAST_TIMES, { force: true });
const reporters = ownReporter
	? []
	: [
			// Node's own default reporter, plus the file times for the next run's order.
			`--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
			'--test-reporter-destination=stdout',
			`--test-reporter=${path.join(ROOT, 'scripts', 'testTimesReporter.mjs')}`,
			`--test-reporter-destination=${LAST_TIMES}`,
		];
const child = spawn(process.execPath, ['--enable-source-maps', '--test', `--test-concurrency=${CONCURRENCY}`, ...reporters, ...options, ...entries], {
	stdio: 'inherit',
});
// Ctrl-C reaches the runner and its files directly (same process group); wait for them to end.
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => {
	const measured = readTimes(LAST_TIMES);
	// A run of some tests only (a name pattern) would make its files look fast to the next run's grouping.
	const partial = options.some((option) => option.startsWith('--test-name-pattern') || option === '--test-only');
	if (Object.keys(measured).length > 0 && !partial) writeFileSync(TIMES, JSON.stringify({ ...times, ...measured }, null, '\t') + '\n');
	// Every file found must have reported: a group whose process died early leaves its later files unrun.
	const missing = ownReporter ? [] : files.map((file) => path.relative(ROOT, file)).filter((file) => !(file in measured));
	if (missing.length > 0) {
		process.stderr.write(`runTests: ${files.length} test files found, ${files.length - missing.length} ran; these did not run:\n${missing.map((file) => `  ${file}\n`).join('')}`);
	} else if (!ownReporter) {
		process.stdout.write(`# runTests: ${files.length} test files found, ${files.length} ran, in ${groups.length} processes\n`);
	}
	const status = code ?? (signal === null ? 1 : 128);
	process.exit(status !== 0 ? status : missing.length > 0 ? 1 : 0);
});
