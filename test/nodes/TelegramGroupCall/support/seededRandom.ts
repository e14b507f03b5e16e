/**
 * The seeded generator behind the random-world tests: mulberry32, small, and the same sequence for the same
 * seed on every machine, so a seed printed by a failing run replays the same case anywhere.
 */
export class SeededRandom {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	uint32(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + (this.uint32() % (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.uint32() / 0x1_0000_0000 < probability;
	}

	pick<T>(values: readonly T[]): T {
		return values[this.int(0, values.length - 1)];
	}

	subset<T>(values: readonly T[], probability: number): T[] {
		return values.filter(() => this.chance(probability));
	}

	/** 64 random bits as a bigint: such values must never pass through a JS number. */
	uint64(): bigint {
		return (BigInt(this.uint32()) << 32n) | BigInt(this.uint32());
	}
}
