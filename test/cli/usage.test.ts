/**
 * Every command answers the same way: help that was asked for on stdout with exit 0; a usage mistake as one
 * sentence on stderr, nothing on stdout, exit 2, never a stack trace. Run in-process (`runCli`, what the bin
 * runs); bin.test.ts checks that the built bin prints and exits the same.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runInProcess } from './support/runInProcess';

const HELP: Array<{ args: string[]; shows: RegExp }> = [
	{ args: ['--help'], shows: /Usage: tg-group-call <command>/ },
	{ args: ['-h'], shows: /Usage: tg-group-call <command>/ },
	{ args: ['help'], shows: /Usage: tg-group-call <command>/ },
	{ args: ['sandbox', '--help'], shows: /Usage: tg-group-call sandbox/ },
	{ args: ['sandbox', '-h'], shows: /Usage: tg-group-call sandbox/ },
	{ args: ['login', '--help'], shows: /Usage: tg-group-call login/ },
	{ args: ['login', '-h'], shows: /Usage: tg-group-call login/ },
];

const MISTAKES: Array<{ args: string[]; says: RegExp }> = [
	{ args: [], says: /give a command/ },
	{ args: ['launch'], says: /unknown command "launch"/ },
	{ args: ['--bogus'], says: /unknown command "--bogus"/ },
	{ args: ['sandbox', '--bogus'], says: /--bogus/ },
	{ args: ['sandbox', 'extra'], says: /extra/ },
	{ args: ['sandbox', '--port'], says: /--port/ },
	{ args: ['sandbox', '--port', 'x7447'], says: /--port must be a whole number/ },
	{ args: ['sandbox', '--port', '70000'], says: /--port must be a whole number/ },
	{ args: ['login', '--bogus'], says: /--bogus/ },
	{ args: ['login', '--api-id'], says: /--api-id/ },
	{ args: ['login', '--qr', '--phone', '+15550001001'], says: /either --phone or --qr/ },
];

describe('tg-group-call usage, the same for every command', () => {
	for (const { args, shows } of HELP) {
		it(`"${args.join(' ')}" prints help on stdout and exits 0`, async () => {
			const result = await runInProcess(args);
			assert.equal(result.code, 0, result.stderr);
			assert.match(result.stdout, shows);
			assert.equal(result.stderr, '');
		});
	}

	for (const { args, says } of MISTAKES) {
		it(`"${args.join(' ')}" is a usage mistake: one sentence on stderr, exit 2`, async () => {
			const result = await runInProcess(args);
			assert.equal(result.code, 2, `exit ${result.code}; stderr: ${result.stderr}`);
			assert.equal(result.stdout, '');
			assert.match(result.stderr, says);
			assert.match(result.stderr, /--help/);
			assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
		});
	}

	it('never repeats a value given to --server: a session pasted there stays off the screen', async () => {
		const session = `1${Buffer.alloc(270, 7).toString('base64')}`;
		const result = await runInProcess(['login', '--server', session, '--api-id', '1', '--api-hash', 'a'.repeat(32)]);
		assert.equal(result.code, 2, result.stderr);
		assert.match(result.stderr, /--server must be "host:port"/);
		assert.ok(!result.stderr.includes(session.slice(0, 8)) && !result.stderr.includes(session.slice(-8)), result.stderr);
	});
});
