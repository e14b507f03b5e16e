/**
 * Exit codes and help output shared by every `tg-group-call` command, so scripts can rely on them:
 * 0 done, 1 the command failed, 2 a usage mistake (an unknown option, a bad value), 130 cancelled.
 * Help goes to stdout (it was asked for); mistakes go to stderr.
 */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Prints help that was asked for; returns the exit code. */
export function printHelp(text: string, stdout: NodeJS.WritableStream): number {
	stdout.write(text);
	return 0;
}

/** Prints one sentence about a usage mistake, and where to read the usage; returns the exit code. */
export function reportUsageMistake(command: string, sentence: string, stderr: NodeJS.WritableStream): number {
	stderr.write(`${command}: ${sentence} (see "${command} --help").\n`);
	return EXIT_USAGE;
}

/** parseArgs's own message names the option ("Unknown option '--x'"); keep it, without a trailing period. */
export function parseArgsMistake(error: unknown): string {
	return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}
