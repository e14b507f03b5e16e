/**
 * Phone numbers as people write them: `+1 555 000 1001`, `+44 (0)20 7946 0958`, `0044 20 7946 0958`,
 * `+7 (495) 123-45-67`, `+49 30/1234567`. Spaces inside a phone are part of it, so the Users splitter asks
 * here where a phone starts and how far it goes: a fragment of a phone must never become a user id.
 */

/** Digits, and the punctuation people put between them: dashes (also Unicode dashes and minus), dots, brackets, slashes. */
const PHONE_CHARS = '\\d\\-\\u2010-\\u2015\\u2212.()/';
const PHONE_WORD = new RegExp(`^[${PHONE_CHARS}]+$`);
const NEGATIVE_NUMBER = /^-\d+$/;

/** E.164: at most 15 digits with the country code. Fewer than 5 is no reachable number. */
const MIN_DIGITS = 5;
const MAX_DIGITS = 15;

export type PhoneParse = { ok: true; digits: string } | { ok: false; reason: string };

/**
 * A word that begins a phone number: `+…` or `00…` (international), or a national form that is no user id:
 * a leading 0, a bracketed area code, or digits with dashes/dots/slashes (a bare number is a user id, and a
 * negative one a chat id, so neither starts a phone).
 */
export function startsPhone(word: string): boolean {
	if (word.startsWith('+')) return word.length === 1 || PHONE_WORD.test(word.slice(1));
	if (!PHONE_WORD.test(word) || !/\d/.test(word)) return false;
	if (/^\d+$/.test(word)) return /^0\d/.test(word);
	return !NEGATIVE_NUMBER.test(word);
}

/** A word that continues a phone started before it: digits and phone punctuation only (a new `+` starts another). */
export function continuesPhone(word: string): boolean {
	return PHONE_WORD.test(word);
}

/** The whole entry is one phone number, possibly written with spaces. */
export function isPhoneShaped(entry: string): boolean {
	const words = entry.split(/\s+/).filter((word) => word.length > 0);
	return words.length > 0 && startsPhone(words[0]) && words.slice(1).every(continuesPhone);
}

/** The digits Telegram looks a phone up by (country code first), or why this is not a usable phone number. */
export function parsePhone(entry: string): PhoneParse {
	let body: string;
	if (entry.startsWith('+')) body = entry.slice(1);
	else if (entry.startsWith('00')) body = entry.slice(2);
	else {
		return {
			ok: false,
			reason: 'a phone number needs the international prefix: + and the country code, e.g. +1 555 000 1001 (a number with spaces or punctuation is not a user id)',
		};
	}
	// "(0)" is the national trunk prefix some countries show after the country code: it is not dialled from abroad.
	const digits = body.replace(/\(0\)/g, '').replace(/\D/g, '');
	if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) {
		const spaced = /\s/.test(entry.trim());
		return {
			ok: false,
			reason: `a phone number is + and the country code followed by ${MIN_DIGITS} to ${MAX_DIGITS} digits in all${
				spaced ? '; digits after a phone belong to it, so put a comma or a new line between a phone number and the next entry' : ''
			}`,
		};
	}
	return { ok: true, digits };
}
