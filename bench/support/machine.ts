import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

export interface Machine {
	cores: number;
	cpuModel: string;
	memoryGiB: number;
	node: string;
	kernel: string;
	startedAt: Date;
	/** 1-minute load average when the benchmarks started (the build just before adds to it). */
	loadAtStart: number;
}

/** What the numbers were measured on; the CPU model comes from /proc/cpuinfo (os.cpus() can shorten it). */
export function describeMachine(): Machine {
	return {
		cores: cpus().length,
		cpuModel: cpuModel(),
		memoryGiB: Math.round(totalmem() / 2 ** 30),
		node: process.version,
		kernel: release(),
		startedAt: new Date(),
		loadAtStart: loadavg()[0],
	};
}

export function currentLoad(): number {
	return loadavg()[0];
}

function cpuModel(): string {
	try {
		const line = readFileSync('/proc/cpuinfo', 'utf8')
			.split('\n')
			.find((candidate) => candidate.startsWith('model name'));
		const model = line?.split(':')[1]?.trim();
		if (model) return model;
	} catch {
		// Not Linux: fall back to what Node reports.
	}
	return cpus()[0]?.model ?? 'unknown';
}
