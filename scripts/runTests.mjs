/**
 * `npm test`'s runner (after the build): compiles the TypeScript once, then runs every test/**\/*.test.ts but
 * test/e2e with Node's test runner, three files at a time on two cores, one process per file (docs/decisions/0012-fast-test-runs.md).
 *
 * Compiling once instead of `node --import tsx` per file saves 0.3 to 1.2 s of CPU per file: tsx transforms every
 * module again in each process, through a loader thread. The compiled copy is esbuild's (the transform tsx itself
 * uses), one CommonJS file per source file in .cache/test-build/ (the same folder layout, so node_modules resolves
 * as from the source), with `__dirname`/`__filename` set to the source's, so paths a test builds from them point into
 * the repository as before. Stack traces point at the .ts files (inline source maps, --enable-source-maps).
 *
 *   node scripts/runTests.mjs                          every test file but test/e2e
 *   node scripts/runTests.mjs test/cli test/x.test.ts  the test files in these folders, or these files
 *   node scripts/runTests.mjs --test-name-pattern=QR   options starting with "--" go to `node --test`
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

import { transform } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, '.cache', 'test-build');
/** Everything a test may import: tsconfig.test.json's folders. */
const COMPILED = ['credentials', 'nodes', 'sandbox', 'cli', 'gramjs', 'test', 'bench', 'scripts'];
const SKIPPED = new Set(['node_modules', 'dist'].map((folder) => path.join(ROOT, folder)));
/** Compiled like the rest (the demo script imports its support), but its tests run with `npm run test:e2e`. */
const E2E = path.join(ROOT, 'test', 'e2e');
/** Each test file's time in the last run that had it, for the order of the next (see slowestFirst). */
const TIMES = path.join(ROOT, '.cache', 'test-times.json');
const LAST_TIMES = path.join(ROOT, '.cache', 'test-times-last.json');
/**
 * How many test files run at once: one more than the cores (3 on the 2-core machine), so the cores stay busy while
 * a file waits (reconnect pauses, expiring tokens, GramJS's ping interval); every file runs in its own process.
 */
const CONCURRENCY = availableParallelism() + 1;

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

/**
 * The slowest files of the last run first (files without a time, new ones, before them): the run then ends with
 * short files on both cores instead of one long file on one. Only the order of whole files changes; each file
 * runs in its own process, so no test depends on it.
 */
function slowestFirst(files, times) {
	const time = (file) => times[path.relative(ROOT, file)] ?? Infinity;
	return [...files].sort((a, b) => time(b) - time(a));
}

const args = process.argv.slice(2);
const options = args.filter((arg) => arg.startsWith('--'));
// A reporter of one's own replaces Node's default and the times (Node pairs reporters with destinations).
const ownReporter = options.some((option) => option.startsWith('--test-reporter'));
const times = readTimes(TIMES);
const files = slowestFirst(testFiles(args.filter((arg) => !arg.startsWith('--'))), times);
try {
	await compile();
} catch (error) {
	// esbuild names the file, line and problem; the type check (npx tsc -p tsconfig.test.json) says more.
	process.stderr.write(`runTests: could not compile the tests: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
}
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
const child = spawn(
	process.execPath,
	['--enable-source-maps', '--test', `--test-concurrency=${CONCURRENCY}`, ...reporters, ...options, ...files.map(compiledPath)],
	{ stdio: 'inherit' },
);
// Ctrl-C reaches the runner and its files directly (same process group); wait for them to end.
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => {
	// Files are named by their source (the source maps), or by their compiled copy.
	const sourceOf = (file) => (file.startsWith(OUT + path.sep) ? path.relative(OUT, file).replace(/\.js$/, '.ts') : path.relative(ROOT, file));
	const measured = Object.entries(readTimes(LAST_TIMES)).map(([file, ms]) => [sourceOf(file), Math.round(ms)]);
	if (measured.length > 0) writeFileSync(TIMES, JSON.stringify({ ...times, ...Object.fromEntries(measured) }, null, '\t') + '\n');
	process.exit(code ?? (signal === null ? 1 : 128));
});
