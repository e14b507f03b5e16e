/**
 * The built `tg-group-call` bin, as users run it (`npm test` builds first): it hands its arguments and streams
 * to `runCli` and exits with its code. The other CLI tests run `runCli` in-process (usage.test.ts has every
 * usage case); these show that the bin does the same, down to loading each command only when it runs.
 * Serving until a signal and logins in a real terminal are in sandboxCommand.test.ts and the login tests.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { runToEnd } from './support/runBin';

describe('the tg-group-call bin', () => {
	it('prints help on stdout and exits 0', async () => {
		const result = await runToEnd(['--help']);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /Usage: tg-group-call <command>/);
		assert.equal(result.stderr, '');
	});

	it('exits 2 on a usage mistake, with one sentence on stderr', async () => {
		const result = await runToEnd(['launch']);
		assert.equal(result.code, 2, result.stderr);
		assert.equal(result.stdout, '');
		assert.equal(result.stderr, 'tg-group-call: unknown command "launch"; the commands are sandbox, sandbox-drive and login (see "tg-group-call --help").\n');
	});

	it('loads the login command when it runs, and exits with its code', async () => {
		const result = await runToEnd(['login', '--bogus']);
		assert.equal(result.code, 2, result.stderr);
		assert.equal(result.stdout, '');
		assert.match(result.stderr, /^Login failed: Unknown option '--bogus'/);
	});

	it('loads the sandbox command when it runs, and exits 1 naming an unexpected problem without a stack trace', async () => {
		const worldPath = join(mkdtempSync(join(tmpdir(), 'tg-bin-')), 'world.json');
		writeFileSync(worldPath, JSON.stringify({ version: 1, apiId: 1, apiHash: 'nothex', me: {}, users: [], chats: [] }));
		const result = await runToEnd(['sandbox', '--world', worldPath, '--port', '0']);
		assert.equal(result.code, 1, result.stderr);
		assert.equal(result.stdout, '');
		assert.match(result.stderr, /^tg-group-call: .*world\.json: .*problems in the world file/);
		assert.match(result.stderr, /apiHash/);
		assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
	});
});
