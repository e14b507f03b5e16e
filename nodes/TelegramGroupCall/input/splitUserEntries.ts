import { continuesPhone, startsPhone } from './phoneNumbers';

/** Always between two entries: commas, semicolons, tabs and line breaks. */
const HARD_SEPARATORS = /[,;\t\n\r\v\f\u2028\u2029]+/;

/**
 * Splits one text of the Users parameter into entries, in order. Commas, semicolons and new lines always
 * separate; a space separates too, except inside a phone number: a word that starts a phone takes the
 * phone-like words after it (`+1 555 000 1001` is one entry), so a group of its digits is never read as an id.
 * An entry keeps the text as written, inner spaces included.
 */
export function splitUserEntries(text: string): string[] {
	const entries: string[] = [];
	for (const segment of text.split(HARD_SEPARATORS)) {
		const words = [...segment.matchAll(/\S+/g)];
		for (let index = 0; index < words.length; ) {
			const first = words[index];
			let last = first;
			index += 1;
			if (startsPhone(first[0])) {
				while (index < words.length && continuesPhone(words[index][0])) {
					last = words[index];
					index += 1;
				}
			}
			entries.push(segment.slice(first.index, last.index + last[0].length));
		}
	}
	return entries;
}
