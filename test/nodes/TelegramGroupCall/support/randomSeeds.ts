/**
 * Which seeds the random-world tests run (actions/runInvites.test.ts and inviteMatrix.sandbox.test.ts, both on
 * support/randomWorld.ts). The default sequence is fixed, so every run checks the same cases, and one seed
 * means the same world and items in both tests.
 * - TG_RANDOM_SEED=<n> replays that one case (pinned regression seeds are then skipped);
 * - TG_RANDOM_CASES=<n> runs the first n seeds of the sequence instead of DEFAULT_CASES.
 */
const DEFAULT_CASES = 40;
const FIRST_SEED = 20260101;

function numberFromEnv(name: string): number | undefined {
	const text = process.env[name];
	if (text === undefined || text === '') return undefined;
	const value = Number(text);
	if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not "${text}"`);
	return value;
}

/** The seeds to run: the one being replayed, or the start of the fixed sequence. */
export function randomSeeds(): number[] {
	const replay = numberFromEnv('TG_RANDOM_SEED');
	if (replay !== undefined) return [replay];
	const count = numberFromEnv('TG_RANDOM_CASES') ?? DEFAULT_CASES;
	return Array.from({ length: count }, (_, index) => FIRST_SEED + index);
}

/** Pinned seeds (cases that once caught a bug) run too, except while one seed is replayed. */
export function regressionSeeds(pinned: readonly number[]): number[] {
	return numberFromEnv('TG_RANDOM_SEED') === undefined ? [...pinned] : [];
}

/** What to put in front of the test command to replay this seed alone. */
export function replayHint(seed: number): string {
	return `TG_RANDOM_SEED=${seed}`;
}
