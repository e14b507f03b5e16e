import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc counts CPU time in ticks of 1/100 s. */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

export interface GroupUsage {
	/** User + system CPU seconds of the group's live processes so far. */
	cpuSeconds: number;
	/** Resident memory of the group's processes now, summed. */
	rssBytes: number;
	processes: number;
}

/**
 * CPU time and resident memory of every live process in a process group (an n8n started by the e2e toolkit leads
 * its own group, with whatever it spawns), from /proc. Linux only; a process that exits between the listing and
 * the read is skipped.
 */
export function groupUsage(pgid: number): GroupUsage {
	let ticks = 0;
	let pages = 0;
	let processes = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue;
		}
		// Fields after the command's ")" start at field 3 (state); pgrp is field 5, utime 14, stime 15, rss 24.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) !== pgid) continue;
		ticks += Number(fields[11]) + Number(fields[12]);
		pages += Number(fields[21]);
		processes += 1;
	}
	return { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: pages * PAGE_BYTES, processes };
}
