/**
 * A `node --test` reporter for scripts/runTests.mjs: how long each test file's tests took (the sum of its top-level
 * tests), as one JSON object { "<compiled file>": ms } written at the end. runTests.mjs starts the slowest files
 * first next time, so a file that mostly waits (timeouts, reconnects) does not end the run on one busy core.
 */
export default async function* testTimes(source) {
	const times = {};
	for await (const event of source) {
		if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.file !== undefined) {
			times[event.data.file] = (times[event.data.file] ?? 0) + (event.data.details?.duration_ms ?? 0);
		}
	}
	yield JSON.stringify(times);
}
