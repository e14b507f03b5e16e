import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';

import { DEFAULT_SANDBOX_PORT, loadWorldFile, startSandbox } from '../sandbox';

const USAGE = `Usage: tg-group-call sandbox [--world FILE] [--host H] [--port P] [--log FILE]

Runs a local Telegram stand-in (MTProto over TCP) and prints one JSON line on stdout once listening:
{"server":"H:P","apiId":N,"apiHash":"…","session":"…"}, the values for an n8n "Telegram MTProto API" credential.

  --world FILE  a scenario file (docs/sandbox-world.md); default: the built-in demo world
  --host H      address to listen on (default 127.0.0.1)
  --port P      port to listen on (default ${DEFAULT_SANDBOX_PORT}; 0 = any free port)
  --log FILE    append every request as a JSON line to FILE
`;

/**
 * `tg-group-call sandbox`: prints one JSON line with the credential values once listening, then serves
 * until SIGINT/SIGTERM. Human messages go to stderr so stdout stays machine-readable.
 */
export async function runSandboxCommand(args: string[]): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			world: { type: 'string' },
			host: { type: 'string', default: '127.0.0.1' },
			port: { type: 'string', default: String(DEFAULT_SANDBOX_PORT) },
			log: { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
	});
	if (values.help) {
		process.stdout.write(USAGE);
		return 0;
	}
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		process.stderr.write(`tg-group-call sandbox: --port must be a whole number from 0 to 65535 (got "${values.port}").\n`);
		return 2;
	}
	const world = values.world === undefined ? undefined : loadWorldFile(values.world);
	const logFile = values.log === undefined ? undefined : createWriteStream(values.log, { flags: 'a', mode: 0o600 });
	const sandbox = await startSandbox({
		world,
		host: values.host,
		port,
		onRequest: logFile === undefined ? undefined : (entry) => logFile.write(JSON.stringify(entry) + '\n'),
		onEvent: (event) => process.stderr.write(`[sandbox] connection ${event.connectionId}: ${event.kind}: ${event.message}\n`),
	});
	process.stdout.write(JSON.stringify(sandbox.credentials()) + '\n');
	process.stderr.write(
		`Telegram sandbox listening on ${sandbox.address} (world: ${values.world ?? 'built-in demo'}).\n` +
			'Paste the values above into an n8n "Telegram MTProto API" credential. Stop with Ctrl-C.\n',
	);
	await new Promise<void>((resolve) => {
		process.once('SIGINT', resolve);
		process.once('SIGTERM', resolve);
	});
	await sandbox.stop();
	await new Promise<void>((resolve) => (logFile === undefined ? resolve() : logFile.end(resolve)));
	return 0;
}
