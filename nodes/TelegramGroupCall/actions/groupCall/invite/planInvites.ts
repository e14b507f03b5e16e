import { parseCallReference } from '../../../input/parseCallReference';
import { parseUserTokens } from '../../../input/parseUserTokens';
import type { ItemWithoutUsers, PlannedCall } from './types';

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

/** Items the plan holds no user of: each must still give one result, so no row silently disappears. */
export function findItemsWithoutUsers(items: readonly ItemParameters[], plan: readonly PlannedCall[]): ItemWithoutUsers[] {
	const withUsers = new Set<number>();
	for (const call of plan) for (const user of call.users) withUsers.add(user.itemIndex);
	return items
		.filter((item) => !withUsers.has(item.itemIndex))
		.map((item) => ({ itemIndex: item.itemIndex, reason: describeNoUsers(item.users) }));
}

function describeNoUsers(value: unknown): string {
	if (value === undefined) return 'the Users value is undefined (an expression naming a field this item does not have?)';
	if (value === null) return 'the Users value is null (an empty cell?)';
	if (value === '') return 'the Users field is empty';
	if (typeof value === 'string') return 'the Users text holds only spaces or separators';
	if (Array.isArray(value)) return value.length === 0 ? 'the Users value is an empty array' : 'the Users array holds only empty values';
	return 'the Users value holds no user';
}
