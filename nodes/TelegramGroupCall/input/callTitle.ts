import { describeValue, OptionValueError } from './optionValues';

/** Telegram's limit for a call's title (TDLib's MAX_TITLE_LENGTH, "server-side limit"). */
export const MAX_CALL_TITLE_LENGTH = 64;

/**
 * A call title as typed or computed: text, or a number or boolean from a sheet (read as its text). Runs of
 * white space, new lines included, become one space (a title is one line). Empty means "no title": Telegram
 * then shows the chat's title. Longer than 64 characters is refused, not cut, so no title is silently changed.
 */
export function readCallTitle(value: unknown, displayName = 'Title'): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean' && typeof value !== 'bigint') {
		throw new OptionValueError(`"${displayName}" must be text, but it is ${describeValue(value)}.`);
	}
	const title = String(value).replace(/\s+/gu, ' ').trim();
	if (title === '') return undefined;
	const length = [...title].length;
	if (length > MAX_CALL_TITLE_LENGTH) {
		throw new OptionValueError(
			`"${displayName}" can have at most ${MAX_CALL_TITLE_LENGTH} characters (Telegram's limit), but it has ${length}. Shorten it.`,
		);
	}
	return title;
}
