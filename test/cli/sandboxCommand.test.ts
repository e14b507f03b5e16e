import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createServer } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';

import { runCli } from '../../cli/main';
import { plainClient, withTimeout } from '../sandbox/support/plainClient';
import type { SandboxCredentials } from '../../sandbox';
import { deferred } from '../support/deferred';
import { BIN } from './support/runBin';
import { runInProcess } from './support/runInProcess';

function runBin(args: string[]): ChildProcessWithoutNullStreams {
	return spawn(process.execPath, [BIN, ...args], { stdio: 'pipe' });
}

/** Users run it as themselves; when the tests run as root, drop to "nobody" so an unprivileged run is what is tested. */
function runBinUnprivileged(args: string[]): ChildProcessWithoutNullStreams {
	if (process.getuid?.() !== 0) return runBin(args);
	return spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, BIN, ...args], { stdio: 'pipe' });
}

function firstStdoutLine(child: ChildProcessWithoutNullStreams): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		const lines = createInterface({ input: child.stdout });
		lines.once('line', resolvePromise);
		child.once('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
	});
}

/** Listens on `port` and closes again: undefined if that worked, else the error (EADDRINUSE while it is taken). */
function tryListening(port: number): Promise<NodeJS.ErrnoException | undefined> {
	return new Promise((resolvePromise) => {
		const server = createServer();
		server.once('error', (error: NodeJS.ErrnoException) => resolvePromise(error));
		server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(undefined)));
	});
}

const exitOf = (child: ChildProcessWithoutNullStreams): Promise<number | null> =>
	new Promise((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));

// The first two run the built bin (serving until a signal, as another user); the rest run the command in-process.
describe('tg-group-call sandbox', () => {
	it('prints the credential values as one JSON line, serves GramJS, logs requests, and stops on SIGTERM', async (t) => {
		const folder = mkdtempSync(join(tmpdir(), 'tg-sandbox-cli-'));
		const logPath = join(folder, 'requests.jsonl');
		const child = runBin(['sandbox', '--port', '0', '--log', logPath]);
		t.after(() => child.kill('SIGKILL'));
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

		const printed = JSON.parse(await withTimeout(firstStdoutLine(child), 15_000, 'JSON line')) as SandboxCredentials;
		assert.deepEqual(Object.keys(printed).sort(), ['apiHash', 'apiId', 'server', 'session']);
		const port = Number(printed.server.split(':')[1]);
		assert.ok(port > 0);

		const client = plainClient(printed.session, printed.apiId, printed.apiHash, port);
		await withTimeout(client.connect(), 5000, 'connect');
		const me = await withTimeout(client.getMe(), 5000, 'getMe');
		assert.ok(me.id);
		await client.destroy();

		const exited = exitOf(child);
		child.kill('SIGTERM');
		assert.equal(await withTimeout(exited, 5000, 'exit after SIGTERM'), 0);
		const logged = readFileSync(logPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { method: string });
		assert.ok(logged.some((entry) => entry.method === 'users.getUsers'));
		assert.ok(!readFileSync(logPath, 'utf8').includes(printed.apiHash), 'the API hash never reaches the log');
		assert.match(stderr, /listening on 127\.0\.0\.1:/);
	});

	it('runs as an unprivileged user and serves GramJS', async (t) => {
		const child = runBinUnprivileged(['sandbox', '--port', '0']);
		t.after(() => child.kill('SIGKILL'));
		const printed = JSON.parse(await withTimeout(firstStdoutLine(child), 15_000, 'JSON line')) as SandboxCredentials;
		// setpriv execs node in place, so the pid is the sandbox's own.
		const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
		assert.notEqual(uid, '0', 'the sandbox must not run as root here');

		const client = plainClient(printed.session, printed.apiId, printed.apiHash, Number(printed.server.split(':')[1]));
		t.after(() => client.destroy());
		await withTimeout(client.connect(), 5000, 'connect');
		assert.equal((await withTimeout(client.getMe(), 5000, 'getMe')).id.toString(), '1000');
	});

	it('in-process: prints the JSON line on its stdout, serves until asked to stop, then frees the port and exits 0', async (t) => {
		const stop = deferred<void>();
		const firstLine = deferred<string>();
		let stdout = '';
		const output = new Writable({
			write: (chunk: Buffer | string, _encoding, callback) => {
				stdout += chunk.toString();
				if (stdout.includes('\n')) firstLine.resolve(stdout.slice(0, stdout.indexOf('\n')));
				callback();
			},
		});
		const messages = new Writable({ write: (_chunk, _encoding, callback) => callback() });
		const finished = runCli(['sandbox', '--port', '0'], { stdin: new PassThrough(), stdout: output, stderr: messages, env: {}, stopRequested: () => stop.promise });
		t.after(async () => {
			stop.resolve();
			await withTimeout(finished, 5000, 'the sandbox command to end');
		});

		const printed = JSON.parse(await withTimeout(firstLine.promise, 15_000, 'JSON line')) as SandboxCredentials;
		const port = Number(printed.server.split(':')[1]);
		assert.equal((await tryListening(port))?.code, 'EADDRINUSE', 'the sandbox listens until it is asked to stop');
		stop.resolve();
		assert.equal(await withTimeout(finished, 5000, 'exit after the stop'), 0);
		assert.equal(await tryListening(port), undefined, 'the port is free again');
	});

	it('explains its options with --help', async () => {
		const result = await runInProcess(['sandbox', '--help']);
		assert.equal(result.code, 0, result.stderr);
		for (const option of ['--world FILE', '--host H', '--port P', '--log FILE']) assert.ok(result.stdout.includes(option), option);
	});

	it('exits non-zero naming the problem in a bad world file', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'tg-sandbox-cli-'));
		const worldPath = join(folder, 'world.json');
		writeFileSync(worldPath, JSON.stringify({ version: 1, apiId: 1, apiHash: 'nothex', me: {}, users: [], chats: [] }));
		const result = await runInProcess(['sandbox', '--world', worldPath, '--port', '0']);
		assert.notEqual(result.code, 0);
		assert.equal(result.stdout, '');
		assert.match(result.stderr, /apiHash/);
		assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
	});

	it('refuses a --log file it cannot write before saying it is ready: exit 2, no JSON line', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'tg-sandbox-cli-'));
		for (const [path, why] of [
			[join(folder, 'missing-folder', 'requests.jsonl'), /folder does not exist/],
			[folder, /is a folder/],
		] as const) {
			const result = await runInProcess(['sandbox', '--port', '0', '--log', path]);
			assert.equal(result.code, 2, result.stderr);
			assert.equal(result.stdout, '', 'the ready line was printed although the log cannot be written');
			assert.ok(result.stderr.includes(`--log ${path} cannot be written`), result.stderr);
			assert.match(result.stderr, why);
			assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
		}
	});

	it('says the port is in use and how to pick another, without a stack trace', async (t) => {
		const taken = createServer();
		await new Promise<void>((resolvePromise) => taken.listen(0, '127.0.0.1', resolvePromise));
		t.after(() => new Promise<void>((resolvePromise) => taken.close(() => resolvePromise())));
		const address = taken.address();
		assert.ok(address !== null && typeof address === 'object');
		const result = await runInProcess(['sandbox', '--port', String(address.port)]);
		assert.equal(result.code, 1, result.stderr);
		assert.equal(result.stdout, '');
		assert.match(result.stderr, new RegExp(`port ${address.port} is in use on 127\\.0\\.0\\.1; pick another with --port`));
		assert.doesNotMatch(result.stderr, /EADDRINUSE|\n\s+at /);
	});

	it('says when --host is not an address of this machine, without a stack trace', async () => {
		// 192.0.2.1 is TEST-NET-1 (RFC 5737): never a local address.
		const result = await runInProcess(['sandbox', '--host', '192.0.2.1', '--port', '0']);
		assert.equal(result.code, 1, result.stderr);
		assert.equal(result.stdout, '');
		assert.match(result.stderr, /cannot listen on 192\.0\.2\.1: it is not an address of this machine; check --host/);
		assert.doesNotMatch(result.stderr, /EADDRNOTAVAIL|\n\s+at /);
	});
});
