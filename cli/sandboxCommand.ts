import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { parseArgs } from 'node:util';

import { DEFAULT_SANDBOX_PORT, loadWorldFile, startSandbox, type Sandbox } from '../sandbox';
import type { CliIo } from './cliIo';
import { ControlEndpoint, DEFAULT_CONTROL_PORT } from './drive/controlEndpoint';
import { EXIT_FAILED, parseArgsMistake, printHelp, reportUsageMistake } from './usage';

const COMMAND = 'tg-group-call sandbox';

const USAGE = `Usage: tg-group-call sandbox [--world FILE] [--host H] [--port P] [--log FILE] [--control P]

Runs a local Telegram stand-in (MTProto over TCP) and prints one JSON line on stdout once listening:
{"server":"H:P","apiId":N,"apiHash":"…","session":"…"}, the values for an n8n "Telegram MTProto API" credential.

  --world FILE  a scenario file (docs/sandbox-world.md); default: the built-in demo world
  --host H      address to listen on (default 127.0.0.1)
  --port P      port to listen on (default ${DEFAULT_SANDBOX_PORT}; 0 = any free port)
  --log FILE    append every request as a JSON line to FILE (login codes and passwords redacted)
  --control P   also listen on 127.0.0.1:P (${DEFAULT_CONTROL_PORT} is what sandbox-drive expects; 0 = any free port) for
                "tg-group-call sandbox-drive": people join and leave calls, an admin starts and ends them, …

Exit codes: 0 stopped with Ctrl-C or SIGTERM, 1 could not start (world file, port in use), 2 usage mistake.
`;

/**
 * `tg-group-call sandbox`: prints one JSON line with the credential values once listening, then serves
 * until SIGINT/SIGTERM. Human messages go to stderr so stdout stays machine-readable. Everything that can fail
 * (options, the log file, the port) is checked before the JSON line: a script reading it may trust the sandbox.
 */
export async function runSandboxCommand(args: string[], io: Pick<CliIo, 'stdout' | 'stderr' | 'stopRequested'>): Promise<number> {
	let values;
	try {
		({ values } = parseArgs({
			args,
			options: {
				world: { type: 'string' },
				host: { type: 'string', default: '127.0.0.1' },
				port: { type: 'string', default: String(DEFAULT_SANDBOX_PORT) },
				log: { type: 'string' },
				control: { type: 'string' },
				help: { type: 'boolean', short: 'h', default: false },
			},
			strict: true,
			allowPositionals: false,
		}));
	} catch (error) {
		return reportUsageMistake(COMMAND, parseArgsMistake(error), io.stderr);
	}
	if (values.help) return printHelp(USAGE, io.stdout);
	const port = /^\d+$/.test(values.port.trim()) ? Number(values.port) : NaN;
	if (!Number.isInteger(port) || port > 65535) {
		return reportUsageMistake(COMMAND, `--port must be a whole number from 0 to 65535 (got "${values.port}")`, io.stderr);
	}
	const controlPort = values.control === undefined ? undefined : /^\d+$/.test(values.control.trim()) ? Number(values.control) : NaN;
	if (controlPort !== undefined && (!Number.isInteger(controlPort) || controlPort > 65535)) {
		return reportUsageMistake(COMMAND, `--control must be a whole number from 0 to 65535 (got "${values.control}")`, io.stderr);
	}
	const world = values.world === undefined ? undefined : loadWorldFile(values.world);
	let logFile: WriteStream | undefined;
	if (values.log !== undefined) {
		const opened = openLogFile(values.log, io.stderr);
		if (typeof opened === 'string') return reportUsageMistake(COMMAND, opened, io.stderr);
		logFile = opened;
	}
	let sandbox: Sandbox;
	try {
		sandbox = await startSandbox({
			world,
			host: values.host,
			port,
			onRequest: logFile === undefined ? undefined : (entry) => void (logFile.writable && logFile.write(JSON.stringify(entry) + '\n')),
			onEvent: (event) => io.stderr.write(`[sandbox] connection ${event.connectionId}: ${event.kind}: ${event.message}\n`),
		});
	} catch (error) {
		logFile?.end();
		const reason = listenFailure(error, values.host, port);
		if (reason === undefined) throw error;
		io.stderr.write(`${COMMAND}: ${reason}\n`);
		return EXIT_FAILED;
	}
	let control: ControlEndpoint | undefined;
	if (controlPort !== undefined) {
		try {
			control = await ControlEndpoint.open(sandbox, controlPort, (line) => io.stderr.write(`[sandbox] ${line}\n`));
		} catch (error) {
			await sandbox.stop();
			logFile?.end();
			const reason = listenFailure(error, '127.0.0.1', controlPort);
			if (reason === undefined) throw error;
			io.stderr.write(`${COMMAND}: --control: ${reason.replace('--port', '--control')}\n`);
			return EXIT_FAILED;
		}
	}
	io.stdout.write(JSON.stringify(sandbox.credentials()) + '\n');
	io.stderr.write(
		`Telegram sandbox listening on ${sandbox.address} (world: ${values.world ?? 'built-in demo'}).\n` +
			'Paste the values above into an n8n "Telegram MTProto API" credential. Stop with Ctrl-C.\n' +
			(control === undefined ? '' : `Drive it by hand: tg-group-call sandbox-drive --control ${control.address} calls (or --help)\n`),
	);
	await io.stopRequested();
	await control?.close();
	await sandbox.stop();
	await new Promise<void>((resolve) => (logFile === undefined || !logFile.writable ? resolve() : logFile.end(resolve)));
	return 0;
}

/** Opens the request log now, so a bad path is said before the sandbox claims to be ready; else says why not. */
function openLogFile(path: string, stderr: NodeJS.WritableStream): WriteStream | string {
	let fd: number;
	try {
		fd = openSync(path, 'a', 0o600);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why =
			code === 'ENOENT' ? 'its folder does not exist' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'no permission' : code ?? 'unknown error';
		return `--log ${path} cannot be written (${why}); give a file in a folder you can write to`;
	}
	const stream = createWriteStream(path, { fd });
	// A later failure (disk full) must not crash a running sandbox: say so once and keep serving.
	let reported = false;
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (reported) return;
		reported = true;
		stderr.write(`${COMMAND}: writing the request log to ${path} failed (${error.code ?? error.message}); requests are no longer logged.\n`);
	});
	return stream;
}

/** A sentence for the ways listening fails because of the host or port chosen; undefined for anything else. */
function listenFailure(error: unknown, host: string, port: number): string | undefined {
	switch ((error as NodeJS.ErrnoException | undefined)?.code) {
		case 'EADDRINUSE':
			return `port ${port} is in use on ${host}; pick another with --port (0 picks a free one).`;
		case 'EACCES':
			return `not allowed to listen on port ${port} (ports below 1024 need privileges); pick another with --port.`;
		case 'EADDRNOTAVAIL':
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `cannot listen on ${host}: it is not an address of this machine; check --host.`;
		default:
			return undefined;
	}
}
