import path from 'node:path';

import type { ChildProcess } from 'node:child_process';

import type { SandboxCredentials } from '../../sandbox';
import type { BenchWorldSpec } from './benchWorld';
import { exited, firstMessage, forkTs } from './childProcess';
import type { SandboxCommand, SandboxReply, SandboxStats } from './sandboxProtocol';

/** The benchmark process's handle on a sandbox running in its own process (sandboxProcess.ts). */
export class RemoteSandbox {
	private constructor(
		private readonly child: ChildProcess,
		readonly credentials: SandboxCredentials,
		readonly port: number,
	) {}

	static async start(spec: BenchWorldSpec): Promise<RemoteSandbox> {
		const child = forkTs(path.join(__dirname, 'sandboxProcess.ts'), [JSON.stringify(spec)]);
		const ready = await firstMessage<SandboxReply>(child, 'sandbox process');
		if (ready.type !== 'ready') throw new Error(`sandbox process: expected "ready", got "${ready.type}"`);
		return new RemoteSandbox(child, ready.credentials, ready.port);
	}

	async stats(): Promise<SandboxStats> {
		const reply = await this.ask({ type: 'stats' });
		if (reply.type !== 'stats') throw new Error(`sandbox process: expected "stats", got "${reply.type}"`);
		return reply.stats;
	}

	/** The world's behaviour.latencyMs: added before every answer, a simulated round trip. */
	async setLatency(ms: number): Promise<void> {
		await this.ask({ type: 'latency', ms });
	}

	async stop(): Promise<void> {
		if (this.child.exitCode === null && this.child.signalCode === null) {
			await this.ask({ type: 'stop' }).catch(() => undefined);
			await exited(this.child);
		}
	}

	/** One command at a time: callers await each answer before the next command. */
	private async ask(command: SandboxCommand): Promise<SandboxReply> {
		const answer = firstMessage<SandboxReply>(this.child, 'sandbox process');
		this.child.send(command);
		return await answer;
	}
}
