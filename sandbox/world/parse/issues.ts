import type { WorldFileIssue } from '../worldFileError';

/** Collects every problem found while validating, so one error can list them all. */
export class Issues {
	readonly list: WorldFileIssue[] = [];

	add(path: string, problem: string): void {
		this.list.push({ path, problem });
	}

	get count(): number {
		return this.list.length;
	}
}

export function childPath(path: string, key: string | number): string {
	if (typeof key === 'number') return `${path}[${key}]`;
	return path === '' ? key : `${path}.${key}`;
}

/** A short, quoted view of a wrong value for an error message. */
export function describe(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (typeof value === 'string') {
		const quoted = JSON.stringify(value);
		return quoted.length > 42 ? `${quoted.slice(0, 40)}…"` : quoted;
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return 'an array';
	return 'an object';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
