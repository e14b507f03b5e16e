/**
 * A sandbox (built-in world) in its own process, from this checkout or from an older one (a `git worktree` of a
 * commit), for the throughput benchmark: argv[2] is JSON `{ root, codec? }`. Every sandbox measured runs this way,
 * alone in its process, so its process.cpuUsage() is the sandbox's alone, whichever code it runs.
 */
import path from 'node:path';

export interface TreeSandboxStart {
	/** The checkout whose sandbox/ to run. */
	root: string;
	/** Today's codec seam (decision 0007); an older checkout without the seam is started without it. */
	codec?: 'fast' | 'gramjs';
}

interface TreeSandbox {
	port: number;
	credentials(): { session: string; apiId: number; apiHash: string };
	stop(): Promise<void>;
}

export type TreeSandboxCommand = { type: 'cpu' } | { type: 'stop' };
export type TreeSandboxReply =
	| { type: 'ready'; port: number; session: string; apiId: number; apiHash: string }
	| { type: 'cpu'; micros: number };

async function main(): Promise<void> {
	const start = JSON.parse(process.argv[2] ?? '{}') as TreeSandboxStart;
	// The checkout's own entry point: its server, codec and crypto. Only node_modules (GramJS) is shared.
	const entry = path.join(start.root, 'sandbox/index.ts');
	const { startSandbox } = (await import(entry)) as { startSandbox(options: { port: number; codec?: string }): Promise<TreeSandbox> };
	const sandbox = await startSandbox(start.codec === undefined ? { port: 0 } : { port: 0, codec: start.codec });
	const send = (reply: TreeSandboxReply): void => void process.send?.(reply);
	process.on('message', (message) => {
		const command = message as TreeSandboxCommand;
		if (command.type === 'cpu') {
			const cpu = process.cpuUsage();
			send({ type: 'cpu', micros: cpu.user + cpu.system });
			return;
		}
		void sandbox.stop().finally(() => process.exit(0));
	});
	// Never outlive the benchmark, even when it dies without saying "stop".
	process.once('disconnect', () => void sandbox.stop().finally(() => process.exit(0)));
	send({ type: 'ready', port: sandbox.port, ...sandbox.credentials() });
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
