/**
 * A sandbox in its own process for the node benchmarks: the node (or the plain loop) and the sandbox then use
 * separate cores, and neither's CPU time shows up in the other's numbers. Started by remoteSandbox.ts with the
 * world's shape as argv[2] (JSON); answers commands over IPC.
 */
import { startSandbox } from '../../sandbox';
import { benchWorld, type BenchWorldSpec } from './benchWorld';
import type { SandboxCommand, SandboxReply, SandboxStats } from './sandboxProtocol';

async function main(): Promise<void> {
	const spec = JSON.parse(process.argv[2] ?? '{}') as BenchWorldSpec;
	const byMethod: Record<string, number> = {};
	const sandbox = await startSandbox({
		world: benchWorld(spec),
		port: 0,
		// Counted here rather than read from the request log, which keeps only the last 100,000 entries.
		onRequest: (entry) => {
			byMethod[entry.method] = (byMethod[entry.method] ?? 0) + 1;
		},
	});
	const stats = (): SandboxStats => {
		const cpu = process.cpuUsage();
		return {
			cpuMicros: cpu.user + cpu.system,
			byMethod: { ...byMethod },
			connections: sandbox.connectionsAccepted,
			invitesApplied: sandbox.world.inviteLog().length,
		};
	};
	const send = (reply: SandboxReply): void => {
		process.send?.(reply);
	};
	process.on('message', (message) => {
		const command = message as SandboxCommand;
		switch (command.type) {
			case 'stats':
				send({ type: 'stats', stats: stats() });
				return;
			case 'latency':
				sandbox.setBehaviour({ latencyMs: command.ms });
				send({ type: 'done' });
				return;
			case 'stop':
				void sandbox.stop().finally(() => process.send?.({ type: 'done' } satisfies SandboxReply, () => process.exit(0)));
				return;
		}
	});
	// Never outlive the benchmark process, even when it dies without saying "stop".
	process.once('disconnect', () => void sandbox.stop().finally(() => process.exit(0)));
	send({ type: 'ready', credentials: sandbox.credentials(), port: sandbox.port });
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
