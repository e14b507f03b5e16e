import { processIo, type CliIo } from './cliIo';
import { EXIT_FAILED, printHelp, reportUsageMistake } from './usage';

const USAGE = `Usage: tg-group-call <command> [options]

Commands:
  sandbox   Run a local Telegram stand-in (MTProto over TCP) for dry runs and tests.
            Options: --world FILE  --host H (127.0.0.1)  --port P (7447; 0 = any free port)  --log FILE  --control P
  sandbox-drive
            Make things happen in a running sandbox by hand (people join calls, an admin starts and ends them, …).
            Options: --control HOST:PORT (127.0.0.1:7448), then an action; "sandbox-drive --help" lists them.
  login     Log in to a Telegram account and print the session string for the n8n credential.
            Options: --api-id N  --api-hash H  --phone NUMBER | --qr  --server HOST:PORT  --out FILE
  help      Show this text.

"tg-group-call <command> --help" explains a command. Exit codes: 0 done, 1 failed, 2 usage mistake, 130 cancelled.
`;

/** `tg-group-call <argv>`; resolves with the exit code (0 done, 1 failed, 2 usage mistake, 130 cancelled). */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
	try {
		return await runCommand(argv, io);
	} catch (error) {
		io.stderr.write(`tg-group-call: ${error instanceof Error ? error.message : String(error)}\n`);
		return EXIT_FAILED;
	}
}

async function runCommand(argv: string[], io: CliIo): Promise<number> {
	const [command, ...rest] = argv;
	switch (command) {
		// Loaded per command: both load GramJS (~0.5 s), which help and usage mistakes do not need.
		case 'sandbox':
			return (await import('./sandboxCommand')).runSandboxCommand(rest, io);
		case 'sandbox-drive':
			return (await import('./sandboxDriveCommand')).runSandboxDriveCommand(rest, io);
		case 'login':
			return (await import('./loginCommand')).runLoginCommand(rest, { input: io.stdin, messages: io.stderr, result: io.stdout, env: io.env });
		case 'help':
		case '--help':
		case '-h':
			return printHelp(USAGE, io.stdout);
		case undefined:
			return reportUsageMistake('tg-group-call', 'give a command: sandbox, sandbox-drive or login', io.stderr);
		default:
			return reportUsageMistake('tg-group-call', `unknown command "${command}"; the commands are sandbox, sandbox-drive and login`, io.stderr);
	}
}
