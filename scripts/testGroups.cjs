/**
 * Which test files share a process in `npm test` (scripts/runTests.mjs, docs/decisions/0012-fast-test-runs.md).
 * CommonJS, so the runner (ESM) and a test (compiled to CommonJS) both load it as it is.
 *
 * Starting a process that loads n8n-core and GramJS costs about 2.5 s of CPU, more than most test files need
 * for their tests, so files run in a few shared processes: each file inside its own top-level `describe` named by
 * the file, one file after the other (see groupEntry).
 */
'use strict';

/**
 * A test file that changes process-wide state it cannot put back says so in a comment, with the reason, and runs
 * in a process of its own: `// runTests: own process, because …`.
 */
const OWN_PROCESS = /^\s*(\/\/|\*)\s*runTests: own process\b/m;

/** Whether a test file's source asks for a process of its own (see OWN_PROCESS). */
function asksForOwnProcess(source) {
	return OWN_PROCESS.test(source);
}

/**
 * The files cut into at most `count` groups, in path order, so that files of one folder (and what they load:
 * n8n-core, GramJS, the sandbox) share a process; each group gets about the same share of the files' times
 * (`timeOf(file)` in ms, the last run's). Files for which `alone(file)` is true get a group each. The groups come
 * slowest first, so the last ones to start are short and the workers end together.
 */
function groupFiles(files, { count, timeOf, alone }) {
	const [own, shared] = partition([...files].sort(), alone);
	const total = shared.reduce((sum, file) => sum + timeOf(file), 0);
	const cutsWanted = Math.min(shared.length, count) - 1;
	const groups = own.map((file) => [file]);
	let current = [];
	let done = 0;
	let cuts = 0;
	for (const file of shared) {
		current.push(file);
		done += timeOf(file);
		// Cut where the running total passes the next equal share.
		if (cuts < cutsWanted && done >= (total * (cuts + 1)) / (cutsWanted + 1)) {
			groups.push(current);
			current = [];
			cuts++;
		}
	}
	if (current.length > 0) groups.push(current);
	const groupTime = (group) => group.reduce((sum, file) => sum + timeOf(file), 0);
	return groups.sort((a, b) => groupTime(b) - groupTime(a));
}

/**
 * The files in an order drawn from `seed`, dealt into `count` groups (files for which `alone(file)` is true get a
 * group each): which files share a process, and which run before which, change with the seed. Shows that no
 * test depends on either (`node scripts/runTests.mjs --shuffle=SEED`).
 */
function shuffledGroups(files, { count, seed, alone }) {
	const random = seededRandom(seed);
	const [own, shared] = partition([...files], alone);
	for (let index = shared.length - 1; index > 0; index--) {
		const other = Math.floor(random() * (index + 1));
		[shared[index], shared[other]] = [shared[other], shared[index]];
	}
	const dealt = Math.min(shared.length, count);
	const groups = Array.from({ length: dealt }, (_, group) => shared.filter((_, index) => index % dealt === group));
	return [...own.map((file) => [file]), ...groups];
}

/**
 * The entry file of one process: each test file inside its own top-level `describe` named `names[i]`, which
 * `require`s `modules[i]`. So a file's top-level hooks (`afterEach`, `after`) stay its own, a failure's path
 * starts with the file's name, and the times reporter can time and count each file. The files run one after the
 * other; module state (n8n-core and GramJS loaded, the harness's package cache) carries over between them, as it
 * does between the tests of one file.
 */
function groupEntry(names, modules) {
	const lines = names.map((name, index) => `describe(${JSON.stringify(name)}, () => require(${JSON.stringify(modules[index])}));`);
	return ["'use strict';", "const { describe } = require('node:test');", ...lines, ''].join('\n');
}

/** mulberry32 seeded by a string: the same seed gives the same order on every machine. */
function seededRandom(seed) {
	let state = [...String(seed)].reduce((hash, char) => (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0, 7);
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = Math.imul(state ^ (state >>> 15), state | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
	};
}

function partition(items, predicate) {
	return [items.filter((item) => predicate(item)), items.filter((item) => !predicate(item))];
}

module.exports = { asksForOwnProcess, groupFiles, shuffledGroups, groupEntry };
