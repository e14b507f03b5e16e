import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc counts CPU time in ticks of 1/100 s. */
const TICKS_PER_SECOND = 100;

export interface CpuSnapshot {
	at: number;
	/** Machine-wide busy time (user, nice, system, irq, softirq), all cores. */
	busyTicks: number;
	/** Time the hypervisor ran something else while this VM wanted the CPU. */
	stealTicks: number;
	/** This process and its finished children (every benchmark child has finished when a snapshot is taken). */
	ownTicks: number;
}

export interface OtherLoad {
	/** Average number of cores that processes other than this benchmark kept busy. */
	otherCores: number;
	/** Steal as a share of the time of all cores. */
	stealShare: number;
}

/**
 * What the rest of the machine did while the benchmark ran, from /proc/stat minus this process tree's own CPU
 * time: other engineers' test runs share the CPUs and make timings noisy. Undefined off Linux.
 */
export function cpuSnapshot(): CpuSnapshot | undefined {
	try {
		const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
		const [user, nice, system, , , irq, softirq, steal] = cpu;
		// /proc/self/stat: fields after the command's ")" start at field 3; utime, stime, cutime, cstime are 14–17.
		const self = readFileSync('/proc/self/stat', 'utf8');
		const fields = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
		const [utime, stime, cutime, cstime] = fields.slice(11, 15);
		return {
			at: performance.now(),
			busyTicks: user + nice + system + irq + softirq,
			stealTicks: steal,
			ownTicks: utime + stime + cutime + cstime,
		};
	} catch {
		return undefined;
	}
}

export function otherLoadBetween(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined, cores: number): OtherLoad | undefined {
	if (!before || !after) return undefined;
	const wallTicks = ((after.at - before.at) / 1000) * TICKS_PER_SECOND;
	if (wallTicks <= 0) return undefined;
	const otherTicks = after.busyTicks - before.busyTicks - (after.ownTicks - before.ownTicks);
	return {
		otherCores: Math.max(0, otherTicks / wallTicks),
		stealShare: (after.stealTicks - before.stealTicks) / (wallTicks * cores),
	};
}
