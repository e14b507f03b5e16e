import type { SandboxCredentials } from '../../sandbox';

/** What the benchmark process can ask of a sandbox process (sandboxProcess.ts). */
export type SandboxCommand = { type: 'stats' } | { type: 'latency'; ms: number } | { type: 'stop' };

export interface SandboxStats {
	/** The sandbox process's CPU time so far (user + system), µs. */
	cpuMicros: number;
	/** RPCs seen so far, per Telegram method name. */
	byMethod: Record<string, number>;
	connections: number;
	invitesApplied: number;
}

export type SandboxReply =
	| { type: 'ready'; credentials: SandboxCredentials; port: number }
	| { type: 'stats'; stats: SandboxStats }
	| { type: 'done' };

/** What happened in the sandbox between two snapshots. */
export interface SandboxDelta {
	cpuMicros: number;
	requests: number;
	byMethod: Record<string, number>;
	connections: number;
	invitesApplied: number;
}

export function sandboxDelta(before: SandboxStats, after: SandboxStats): SandboxDelta {
	const byMethod: Record<string, number> = {};
	for (const [method, count] of Object.entries(after.byMethod)) {
		const delta = count - (before.byMethod[method] ?? 0);
		if (delta > 0) byMethod[method] = delta;
	}
	return {
		cpuMicros: after.cpuMicros - before.cpuMicros,
		requests: Object.values(byMethod).reduce((sum, count) => sum + count, 0),
		byMethod,
		connections: after.connections - before.connections,
		invitesApplied: after.invitesApplied - before.invitesApplied,
	};
}
