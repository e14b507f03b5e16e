/** Peak memory while something runs, sampled on a timer (the event loop turns often: the node awaits every request). */
export interface MemoryPeak {
	rss: number;
	heapUsed: number;
	/** Samples taken; with few, a short spike may have been missed (the process's maxRSS catches RSS spikes anyway). */
	samples: number;
}

export class MemorySampler {
	private readonly peak: MemoryPeak = { rss: 0, heapUsed: 0, samples: 0 };

	private readonly timer: NodeJS.Timeout;

	constructor(everyMs: number) {
		this.sample();
		this.timer = setInterval(() => this.sample(), everyMs);
	}

	stop(): MemoryPeak {
		clearInterval(this.timer);
		this.sample();
		return { ...this.peak };
	}

	private sample(): void {
		const memory = process.memoryUsage();
		this.peak.rss = Math.max(this.peak.rss, memory.rss);
		this.peak.heapUsed = Math.max(this.peak.heapUsed, memory.heapUsed);
		this.peak.samples++;
	}
}
