/** Small statistics and number formatting for the benchmark tables. */

export function median(values: readonly number[]): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function min(values: readonly number[]): number {
	return Math.min(...values);
}

export function max(values: readonly number[]): number {
	return Math.max(...values);
}

/** A number with `digits` decimals and thin grouping, e.g. 12 345.6 → "12,345.6". */
export function fmt(value: number, digits = 0): string {
	if (!Number.isFinite(value)) return 'n/a';
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function mib(bytes: number): string {
	return `${fmt(bytes / 2 ** 20, 1)} MiB`;
}

export function percent(ratio: number, digits = 1): string {
	const value = ratio * 100;
	return `${value >= 0 ? '+' : ''}${fmt(value, digits)} %`;
}

/** "median (min–max)", the spread shown next to each median. */
export function spread(values: readonly number[], digits = 0): string {
	return `${fmt(median(values), digits)} (${fmt(min(values), digits)}–${fmt(max(values), digits)})`;
}
