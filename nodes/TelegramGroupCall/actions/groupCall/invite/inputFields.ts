import { deepCopy, type IDataObject } from 'n8n-workflow';

import type { InputFieldsSelection } from './types';

/**
 * Every key a result item can have, on either output. An input field with one of these names is never copied:
 * the result's own value must not be shadowed, and an input's `message`, `status` or `maybeInvitedByThisRun`
 * must never pass for the node's word about this user.
 */
export const RESULT_FIELDS: ReadonlySet<string> = new Set([
	'user',
	'userId',
	'username',
	'callId',
	'status',
	'code',
	'httpCode',
	'message',
	'retryAfter',
	'maybeInvitedByThisRun',
]);

/**
 * The input item's fields a result carries ("Include Input Fields"), next to the result's own fields: flat, so a
 * sheet's `row_number` can be matched as it is, and copied, so later nodes changing one result change nothing
 * else. A selected field the item does not have is left out, as an empty cell would be.
 */
export function inputFieldsFor(input: IDataObject | undefined, selection: InputFieldsSelection): IDataObject {
	if (selection.mode === 'none' || input === undefined) return {};
	const names = selection.mode === 'all' ? Object.keys(input) : selection.names;
	const picked: IDataObject = {};
	for (const name of names) {
		if (RESULT_FIELDS.has(name) || !Object.prototype.hasOwnProperty.call(input, name)) continue;
		const value = input[name];
		picked[name] = value !== null && typeof value === 'object' ? deepCopy(value) : value;
	}
	return picked;
}
