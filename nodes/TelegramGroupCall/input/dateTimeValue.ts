import { describeValue, OptionValueError } from './optionValues';

/** Below this, a number is Unix seconds; from it on, milliseconds (1e11 s is the year 5138, 1e11 ms is 1973). */
const MILLISECONDS_FROM = 1e11;

/** ISO 8601 as n8n's date picker and most APIs write it; the zone is optional (then the workflow's time zone). */
const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/iu;

const EXAMPLE = 'an ISO 8601 date and time such as 2026-12-24T18:00:00Z (or without the zone: in the workflow\'s time zone), a Unix timestamp, or a date from an expression';

/** A Luxon DateTime, as n8n's expressions give ($now, DateTime.fromISO(...)): read without importing Luxon. */
interface DateTimeLike {
	toMillis(): number;
	isValid?: boolean;
}

function isDateTimeLike(value: unknown): value is DateTimeLike {
	return typeof value === 'object' && value !== null && typeof (value as { toMillis?: unknown }).toMillis === 'function';
}

/**
 * A point in time from an n8n dateTime parameter, as milliseconds since the epoch. Values arrive as the
 * editor's ISO text (no zone: the workflow's `timeZone`), Luxon DateTimes and JS Dates from expressions, Unix
 * seconds or milliseconds from sheets and webhooks. Anything else, or nothing, is refused naming the field.
 */
export function readDateTime(value: unknown, displayName: string, timeZone: string): number {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		throw new OptionValueError(`"${displayName}" is empty: give ${EXAMPLE}.`);
	}
	const milliseconds = toMilliseconds(value, timeZone);
	if (milliseconds === undefined || !Number.isFinite(milliseconds)) {
		throw new OptionValueError(`"${displayName}" must be ${EXAMPLE}, but it is ${describeValue(value)}.`);
	}
	return milliseconds;
}

function toMilliseconds(value: unknown, timeZone: string): number | undefined {
	if (value instanceof Date) return value.getTime();
	if (isDateTimeLike(value)) return value.isValid === false ? undefined : value.toMillis();
	if (typeof value === 'number') return fromNumber(value);
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^\d+(?:\.\d+)?$/u.test(text)) return fromNumber(Number(text));
	return fromIso(text, timeZone);
}

function fromNumber(value: number): number | undefined {
	if (!Number.isFinite(value) || value < 0) return undefined;
	return value < MILLISECONDS_FROM ? value * 1000 : value;
}

function fromIso(text: string, timeZone: string): number | undefined {
	const match = ISO_DATE_TIME.exec(text);
	if (!match) return undefined;
	const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? '0'));
	const fraction = Number(`0.${match[7] ?? '0'}`) * 1000;
	const wall = Date.UTC(year, month - 1, day, hour, minute, second) + fraction;
	// Date.UTC rolls 2026-02-30 over to March: refuse dates that do not exist instead.
	const check = new Date(wall);
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
	const zone = match[8];
	if (zone === undefined) return wallTimeToUtc(wall, timeZone);
	if (zone.toUpperCase() === 'Z') return wall;
	const digits = zone.replace(':', '');
	const offsetMinutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0');
	return wall - (zone.startsWith('-') ? -1 : 1) * offsetMinutes * 60_000;
}

/** The instant a wall-clock time in `timeZone` names (an unknown zone counts as UTC). */
function wallTimeToUtc(wall: number, timeZone: string): number {
	const guess = wall - zoneOffset(wall, timeZone);
	return wall - zoneOffset(guess, timeZone);
}

/** How far ahead of UTC the zone's clocks are at this instant, in milliseconds. */
function zoneOffset(instant: number, timeZone: string): number {
	let parts: Intl.DateTimeFormatPart[];
	try {
		parts = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		}).formatToParts(new Date(instant));
	} catch {
		return 0;
	}
	const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((candidate) => candidate.type === type)?.value);
	const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}
