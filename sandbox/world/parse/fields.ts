import { parseInt64 } from './formats';
import { childPath, describe, isPlainObject, type Issues } from './issues';

interface Presence {
	/** Absent → an issue ("is required"). Default false: absent → undefined, no issue. */
	required?: boolean;
}

export interface TextRule extends Presence {
	pattern?: RegExp;
	/** What a valid value looks like, in words: used in every message about this field. */
	expect?: string;
	maxLength?: number;
}

export interface IntegerRule extends Presence {
	min: number;
	max: number;
}

export interface IdRule extends Presence {
	/** Ids of users, chats: must be > 0. */
	positive?: boolean;
	/** Access hashes: 0 means "no access hash" to Telegram, so it is refused. */
	nonZero?: boolean;
	/** What the id is, for messages: "the user's id". */
	what: string;
	example: string;
}

/**
 * Reads the fields of one JSON object of a world file, recording an issue (with the field's path) for each
 * missing, unknown or malformed field. Readers return undefined for a bad or absent field.
 */
export class Fields {
	private constructor(
		readonly path: string,
		private readonly record: Readonly<Record<string, unknown>>,
		private readonly issues: Issues,
	) {}

	static of(value: unknown, path: string, issues: Issues, allowed: readonly string[], what: string): Fields | undefined {
		if (!isPlainObject(value)) {
			issues.add(path, `must be ${what} (an object), got ${describe(value)}`);
			return undefined;
		}
		for (const key of Object.keys(value)) {
			if (!allowed.includes(key)) {
				issues.add(childPath(path, key), `unknown field: remove it or fix its name (allowed here: ${allowed.join(', ')})`);
			}
		}
		return new Fields(path, value, issues);
	}

	has(key: string): boolean {
		return this.record[key] !== undefined;
	}

	raw(key: string): unknown {
		return this.record[key];
	}

	at(key: string): string {
		return childPath(this.path, key);
	}

	problem(key: string, problem: string): void {
		this.issues.add(this.at(key), problem);
	}

	text(key: string, rule: TextRule = {}): string | undefined {
		const expect = rule.expect ?? 'a non-empty string';
		const value = this.present(key, rule, expect);
		if (value === undefined) return undefined;
		const ok =
			typeof value === 'string' &&
			value.length > 0 &&
			(rule.pattern === undefined || rule.pattern.test(value)) &&
			(rule.maxLength === undefined || value.length <= rule.maxLength);
		if (!ok) return this.wrong(key, expect, value);
		return value as string;
	}

	integer(key: string, rule: IntegerRule): number | undefined {
		const expect = `a whole number from ${rule.min} to ${rule.max}`;
		const value = this.present(key, rule, expect);
		if (value === undefined) return undefined;
		if (typeof value !== 'number' || !Number.isInteger(value) || value < rule.min || value > rule.max) {
			return this.wrong(key, expect, value);
		}
		return value;
	}

	flag(key: string): boolean | undefined {
		const value = this.record[key];
		if (value === undefined) return undefined;
		if (typeof value !== 'boolean') return this.wrong(key, 'true or false', value);
		return value;
	}

	oneOf<T extends string>(key: string, values: readonly T[], rule: Presence = {}): T | undefined {
		const expect = listOfChoices(values);
		const value = this.present(key, rule, expect);
		if (value === undefined) return undefined;
		if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) return this.wrong(key, expect, value);
		return value as T;
	}

	decimalId(key: string, rule: IdRule): string | undefined {
		return checkDecimalId(this.record[key], this.at(key), this.issues, rule);
	}

	array(key: string, rule: Presence = {}): readonly unknown[] | undefined {
		const value = this.present(key, rule, 'a list ([...])');
		if (value === undefined) return undefined;
		if (!Array.isArray(value)) return this.wrong(key, 'a list ([...])', value);
		return value;
	}

	private present(key: string, rule: Presence, expect: string): unknown {
		const value = this.record[key];
		if (value === undefined && rule.required === true) this.issues.add(this.at(key), `is required: add ${expect}`);
		return value;
	}

	private wrong(key: string, expect: string, value: unknown): undefined {
		this.issues.add(this.at(key), `must be ${expect} (got ${describe(value)})`);
		return undefined;
	}
}

/** Checks one id or access hash wherever it appears (a field or a list element). */
export function checkDecimalId(value: unknown, path: string, issues: Issues, rule: IdRule): string | undefined {
	const expect = `${rule.what} as a decimal string such as "${rule.example}"`;
	if (value === undefined) {
		if (rule.required === true) issues.add(path, `is required: add ${expect}`);
		return undefined;
	}
	if (typeof value === 'number') {
		issues.add(path, `must be ${expect} (got the number ${value}: write it in quotes, 64-bit ids do not fit a JSON number)`);
		return undefined;
	}
	const parsed = typeof value === 'string' ? parseInt64(value) : undefined;
	if (parsed === undefined) {
		issues.add(path, `must be ${expect}, a signed 64-bit integer without leading zeros (got ${describe(value)})`);
		return undefined;
	}
	if (rule.positive === true && parsed <= 0n) {
		issues.add(path, `must be ${expect} greater than 0 (got ${describe(value)})`);
		return undefined;
	}
	if (rule.nonZero === true && parsed === 0n) {
		issues.add(path, `must not be "0": Telegram reads 0 as "no access hash" (use any other 64-bit integer)`);
		return undefined;
	}
	return value as string;
}

/** ["a","b","c"] → `"a", "b" or "c"`. */
export function listOfChoices(values: readonly string[]): string {
	const quoted = values.map((value) => `"${value}"`);
	return quoted.length < 2 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
