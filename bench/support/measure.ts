import type { RemoteSandbox } from './remoteSandbox';
import { sandboxDelta, type SandboxDelta } from './sandboxProtocol';

export interface Measurement {
	wallMs: number;
	/** This process's CPU time during the run (user + system), µs: the client's cost alone, the sandbox runs elsewhere. */
	clientCpuMicros: number;
	sandbox: SandboxDelta;
}

/** Times `run` and records what it cost this process and the sandbox process. Sandbox snapshots are taken outside the timed part. */
export async function measure(sandbox: RemoteSandbox, run: () => Promise<void>): Promise<Measurement> {
	const before = await sandbox.stats();
	const cpu = process.cpuUsage();
	const start = performance.now();
	await run();
	const wallMs = performance.now() - start;
	const used = process.cpuUsage(cpu);
	const after = await sandbox.stats();
	return { wallMs, clientCpuMicros: used.user + used.system, sandbox: sandboxDelta(before, after) };
}

/** "contacts.resolveUsername 1, phone.inviteToGroupCall 500, …", sorted by method name. */
export function describeRequests(byMethod: Record<string, number>): string {
	return Object.entries(byMethod)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([method, count]) => `${method} ${count}`)
		.join(', ');
}
