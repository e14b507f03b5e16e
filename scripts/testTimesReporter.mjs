/**
 * A `node --test` reporter for scripts/runTests.mjs: how long each test file took, as one JSON object
 * { "<test file, relative to the repository>": ms } written at the end. runTests.mjs runs several files in one
 * process, each inside a top-level `describe` named by the file (its path ends in `.test.ts`): that suite's time
 * is the file's. The runner balances its next groups by these times and checks that every file it found reported.
 */
export default async function* testTimes(source) {
	const times = {};
	for await (const event of source) {
		if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.name.endsWith('.test.ts')) {
			times[event.data.name] = (times[event.data.name] ?? 0) + Math.round(event.data.details?.duration_ms ?? 0);
		}
	}
	yield JSON.stringify(times);
}
