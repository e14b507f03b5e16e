/**
 * Ids given as JSON numbers: an expression like `{{ $json.id }}` hands over a JS number. Whole numbers up to
 * 2^53 are exact; anything else cannot name one Telegram user or chat, and the reason is worth saying.
 */
export function unusableIdNumber(value: number, what: 'user id' | 'chat id'): string | undefined {
	if (Number.isNaN(value)) return 'NaN is not a number (a calculation in the expression failed?); give the id as text';
	if (!Number.isFinite(value)) return `${String(value)} is no ${what}; give the id as text`;
	if (!Number.isInteger(value)) return `${String(value)} is not a whole number, so it is no ${what}`;
	if (!Number.isSafeInteger(value)) {
		return `${String(value)} is beyond ±2^53, where a JavaScript number has already lost digits, so it may name someone else; give ids as text`;
	}
	return undefined;
}
