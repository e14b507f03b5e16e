import { parseCallReference } from '../../../helpers/parseCallReference';
import { parseUserTokens } from '../../../helpers/parseUserTokens';
import type { PlannedCall } from './types';

export interface ItemParameters {
	itemIndex: number;
	call: unknown;
	users: unknown;
}

/**
 * Groups every user token of every item by call reference, in input order. The same reference in several
 * items is one group (resolved once); an invalid reference stays with its own item so its reason is exact.
 */
export function planInvites(items: readonly ItemParameters[]): PlannedCall[] {
	const calls = new Map<string, PlannedCall>();
	for (const item of items) {
		const reference = parseCallReference(item.call);
		const key = reference.ok ? reference.reference.key : `invalid:${item.itemIndex}`;
		let planned = calls.get(key);
		if (!planned) {
			planned = { key, reference, users: [] };
			calls.set(key, planned);
		}
		parseUserTokens(item.users).forEach((token, tokenIndex) => {
			planned.users.push({ itemIndex: item.itemIndex, tokenIndex, token });
		});
	}
	return [...calls.values()];
}
