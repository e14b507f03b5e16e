#!/usr/bin/env node
import { runLoginCommand } from './loginCommand';
import { runSandboxCommand } from './sandboxCommand';

const USAGE = `Usage: tg-group-call <command> [options]

Commands:
  sandbox   Run a local Telegram stand-in (MTProto over TCP) for dry runs and tests.
            Options: --world FILE  --host H (127.0.0.1)  --port P (7447; 0 = any free port)  --log FILE
  login     Log in to a Telegram account and print the session string for the n8n credential.
            Options: --api-id N  --api-hash H  --phone NUMBER | --qr  --server HOST:PORT  --out FILE
  help      Show this text.
`;

async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	switch (command) {
		case 'sandbox':
			return runSandboxCommand(rest);
		case 'login':
			return runLoginCommand(rest);
		case undefined:
		case 'help':
		case '--help':
		case '-h':
			process.stderr.write(USAGE);
			return command === undefined ? 1 : 0;
		default:
			process.stderr.write(`tg-group-call: unknown command "${command}".\n\n${USAGE}`);
			return 1;
	}
}

main(process.argv.slice(2)).then(
	(code) => {
		if (code !== 0) process.exit(code);
	},
	(error: unknown) => {
		process.stderr.write(`tg-group-call: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
