/**
 * n8n-style readers for option values. A value typed in the editor arrives with the option's type, but a value
 * from an expression keeps the expression's type: `{{ $json.dry }}` can give "true", "TRUE ", 1 or "1".
 * Unambiguous spellings are converted; anything else is refused with a sentence naming the option and the
 * values it takes. An empty value (empty text, null, undefined) means the option's default, as an option
 * that was never added would.
 */

/** An option value that cannot be read; the message names the option and says what it takes. */
export class OptionValueError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'OptionValueError';
	}
}

export interface OptionSpec<T> {
	/** The option's display name, as the person sees it in the editor. */
	displayName: string;
	default: T;
	/** Added to the refusal, e.g. what happened because of it. */
	refusalNote?: string;
}

export interface NumberOptionSpec extends OptionSpec<number> {
	min: number;
	max: number;
}

export interface ChoiceOptionSpec<T extends string> extends OptionSpec<T> {
	choices: readonly T[];
}

const TRUE_TEXT = new Set(['true', '1']);
const FALSE_TEXT = new Set(['false', '0']);

/** Plain decimal notation only: "0x10", "1e3" or "12abc" are not what a person means by a count. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export function readBooleanOption(value: unknown, spec: OptionSpec<boolean>): boolean {
	if (isEmpty(value)) return spec.default;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') {
		if (value === 1) return true;
		if (value === 0) return false;
	}
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (TRUE_TEXT.has(text)) return true;
		if (FALSE_TEXT.has(text)) return false;
	}
	const note = spec.refusalNote === undefined ? '' : ` ${spec.refusalNote}`;
	throw new OptionValueError(
		`"${spec.displayName}" must be true or false (also written "true"/"false" in any case, or 1/0), but it is ${describeValue(value)}.${note}`,
	);
}

/** A whole number within the option's range; out-of-range values are refused, not clamped. */
export function readWholeNumberOption(value: unknown, spec: NumberOptionSpec): number {
	if (isEmpty(value)) return spec.default;
	const number = toNumber(value);
	const range = `a whole number from ${formatNumber(spec.min)} to ${formatNumber(spec.max)}`;
	if (number === undefined || !Number.isFinite(number)) {
		throw new OptionValueError(`"${spec.displayName}" must be ${range}, but it is ${describeValue(value)}.`);
	}
	if (!Number.isInteger(number)) {
		throw new OptionValueError(`"${spec.displayName}" must be ${range}; ${formatNumber(number)} is not a whole number.`);
	}
	if (number < spec.min || number > spec.max) {
		throw new OptionValueError(`"${spec.displayName}" must be ${range}; ${formatNumber(number)} is out of that range.`);
	}
	return number;
}

/** One of a fixed list of values (an "options" parameter), compared case-insensitively. */
export function readChoiceOption<T extends string>(value: unknown, spec: ChoiceOptionSpec<T>): T {
	if (isEmpty(value)) return spec.default;
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		const choice = spec.choices.find((candidate) => candidate.toLowerCase() === text);
		if (choice !== undefined) return choice;
	}
	const choices = spec.choices.map((choice) => `"${choice}"`).join(', ');
	throw new OptionValueError(`"${spec.displayName}" must be one of ${choices}, but it is ${describeValue(value)}.`);
}

/** Names as a comma-separated text or an array of texts (from an expression); empty names are dropped. */
export function readNameListOption(value: unknown, spec: Pick<OptionSpec<string[]>, 'displayName'>): string[] {
	if (isEmpty(value)) return [];
	const parts = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
	if (parts === undefined || parts.some((part) => typeof part !== 'string')) {
		throw new OptionValueError(
			`"${spec.displayName}" must be a comma-separated list of field names (or an array of them), but it is ${describeValue(value)}.`,
		);
	}
	return (parts as string[]).map((part) => part.trim()).filter((part) => part.length > 0);
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && DECIMAL.test(value.trim())) return Number(value.trim());
	return undefined;
}

function formatNumber(value: number): string {
	return Number.isInteger(value) ? value.toLocaleString('en-US') : String(value);
}

/** What the value is, briefly: enough to find it in the workflow, never a whole document. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'undefined';
	if (value === null) return 'null';
	if (typeof value === 'string') return `the text ${JSON.stringify(shorten(value))}`;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
	if (Array.isArray(value)) return `an array of ${value.length} value(s)`;
	return `an ${typeof value}`;
}

function shorten(text: string): string {
	return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
