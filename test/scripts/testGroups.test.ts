import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

/** scripts/testGroups.cjs: which test files npm test runs together in one process. */
interface TestGroups {
	asksForOwnProcess(source: string): boolean;
	groupFiles(files: string[], options: { count: number; timeOf(file: string): number; alone(file: string): boolean }): string[][];
	shuffledGroups(files: string[], options: { count: number; seed: string; alone(file: string): boolean }): string[][];
	groupEntry(names: string[], modules: string[]): string;
}

const { asksForOwnProcess, groupFiles, shuffledGroups, groupEntry } = createRequire(__filename)(
	path.resolve(__dirname, '../../scripts/testGroups.cjs'),
) as TestGroups;

const FILES = Array.from({ length: 40 }, (_, index) => `test/${['cli', 'nodes', 'sandbox'][index % 3]}/file${String(index).padStart(2, '0')}.test.ts`);
const TIMES = new Map(FILES.map((file, index) => [file, ((index * 7919) % 97) * 100 + 50]));
const timeOf = (file: string): number => TIMES.get(file) ?? 0;
const nobodyAlone = (): boolean => false;

/** Every file exactly once over all groups. */
function assertEachFileOnce(groups: string[][], files: string[]): void {
	assert.deepEqual(groups.flat().sort(), [...files].sort());
}

describe('test groups: which files share a process', () => {
	it('puts every file in exactly one group, at most the number asked for, each cut from the files in path order', () => {
		for (const count of [1, 2, 6, 40, 100]) {
			const groups = groupFiles(FILES, { count, timeOf, alone: nobodyAlone });
			assertEachFileOnce(groups, FILES);
			assert.ok(groups.length <= count && groups.length >= 1, `${groups.length} groups for ${count}`);
			// Contiguous: sorting the groups by their first file gives the files in path order.
			const byFirst = [...groups].sort((a, b) => a[0].localeCompare(b[0]));
			assert.deepEqual(byFirst.flat(), [...FILES].sort());
		}
	});

	it('gives the groups about equal shares of the last run\'s time, slowest first', () => {
		const groups = groupFiles(FILES, { count: 6, timeOf, alone: nobodyAlone });
		const times = groups.map((group) => group.reduce((sum, file) => sum + timeOf(file), 0));
		assert.deepEqual(times, [...times].sort((a, b) => b - a));
		const share = times.reduce((sum, time) => sum + time, 0) / 6;
		const slowestFile = Math.max(...FILES.map(timeOf));
		// A cut falls after the file that passes a share, so no group is more than one file past its share.
		for (const time of times) assert.ok(time <= share + slowestFile, `${time} against a share of ${share}`);
	});

	it('runs a file that asks for it in a process of its own', () => {
		const alone = (file: string): boolean => file.endsWith('file07.test.ts') || file.endsWith('file30.test.ts');
		for (const groups of [
			groupFiles(FILES, { count: 6, timeOf, alone }),
			shuffledGroups(FILES, { count: 6, seed: '3', alone }),
		]) {
			assertEachFileOnce(groups, FILES);
			for (const file of FILES.filter(alone)) assert.deepEqual(groups.find((group) => group.includes(file)), [file]);
		}
	});

	it('reads the own-process request from a comment at the start of a line', () => {
		assert.equal(asksForOwnProcess('// runTests: own process, because GramJS keeps a changed description\nimport x;'), true);
		assert.equal(asksForOwnProcess('/*\n * runTests: own process, because of a module-wide switch\n */'), true);
		assert.equal(asksForOwnProcess("const note = 'see runTests: own process';\n"), false);
		assert.equal(asksForOwnProcess('import { describe } from "node:test";\n'), false);
	});

	it('shuffles by the seed: the same seed, the same groups; another seed, other groups and order', () => {
		const first = shuffledGroups(FILES, { count: 6, seed: '7', alone: nobodyAlone });
		assertEachFileOnce(first, FILES);
		assert.equal(first.length, 6);
		assert.deepEqual(shuffledGroups(FILES, { count: 6, seed: '7', alone: nobodyAlone }), first);
		const second = shuffledGroups(FILES, { count: 6, seed: '8', alone: nobodyAlone });
		assertEachFileOnce(second, FILES);
		assert.notDeepEqual(second, first);
		assert.notDeepEqual(first.flat(), [...FILES].sort());
	});
});

describe('a group\'s entry file, run by node --test', () => {
	it('runs each file in a describe named by it, with its own top-level hooks, and names the file of a failure', (t) => {
		const folder = mkdtempSync(path.join(tmpdir(), 'test-groups-'));
		t.after(() => rmSync(folder, { recursive: true, force: true }));
		const write = (name: string, source: string): string => {
			const file = path.join(folder, name);
			writeFileSync(file, `'use strict';\nconst { it, afterEach } = require('node:test');\nconst assert = require('node:assert');\n${source}`);
			return file;
		};
		// A top-level afterEach outside its file's describe would also run after the other files' tests.
		const first = write('first.js', "afterEach(() => { globalThis.firstHooks = (globalThis.firstHooks ?? 0) + 1; });\nit('passes', () => {});\nit('passes too', () => {});\n");
		const second = write('second.js', "it('fails on purpose', () => assert.fail('the expected failure'));\n");
		const third = write('third.js', "it('sees the first file\\'s hook run after its own tests only', () => assert.equal(globalThis.firstHooks, 2));\n");
		const entry = path.join(folder, 'group.test.js');
		writeFileSync(entry, groupEntry(['test/first.test.ts', 'test/second.test.ts', 'test/third.test.ts'], [first, second, third]));

		let output = '';
		let status = 0;
		try {
			// Without NODE_TEST_CONTEXT (set for this file's own process), node --test runs and reports on its own.
			const env = { ...process.env, NODE_TEST_CONTEXT: undefined };
			output = execFileSync(process.execPath, ['--test', '--test-reporter=tap', entry], { encoding: 'utf8', env });
		} catch (error) {
			const failed = error as { status: number; stdout: string };
			status = failed.status;
			output = failed.stdout;
		}
		assert.equal(status, 1, output);
		assert.match(output, /^ok 1 - test\/first\.test\.ts$/m);
		assert.match(output, /^not ok 2 - test\/second\.test\.ts$/m);
		assert.match(output, /^ok 3 - test\/third\.test\.ts$/m);
		assert.match(output, /^ {4}not ok 1 - fails on purpose$/m);
		assert.match(output, /the expected failure/);
		assert.match(output, /^# pass 3$/m);
		assert.match(output, /^# fail 1$/m);
	});
});
