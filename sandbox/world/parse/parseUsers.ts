import type { WorldUser } from '../worldFile';
import { compact } from './compact';
import { Fields } from './fields';
import { childPath, type Issues } from './issues';
import { ACCESS_HASH, NAME_RULE, PHONE_RULE, USERNAME_RULE, USER_ID } from './rules';

const USER_FIELDS = ['id', 'accessHash', 'firstName', 'lastName', 'username', 'phone', 'bot', 'deleted', 'inviteRestricted', 'joinsWhenInvited', 'contact'];

/** Returns one entry per element of the list (undefined where the element is unusable), so paths stay exact. */
export function parseUsers(list: readonly unknown[], issues: Issues): Array<WorldUser | undefined> {
	return list.map((value, index) => parseUser(value, childPath('users', index), issues));
}

function parseUser(value: unknown, path: string, issues: Issues): WorldUser | undefined {
	const fields = Fields.of(value, path, issues, USER_FIELDS, 'a user');
	if (fields === undefined) return undefined;
	const id = fields.decimalId('id', { ...USER_ID, required: true });
	const accessHash = fields.decimalId('accessHash', { ...ACCESS_HASH, required: true });
	const firstName = fields.text('firstName', { ...NAME_RULE, required: true });
	const user = compact({
		id,
		accessHash,
		firstName,
		lastName: fields.text('lastName', NAME_RULE),
		username: fields.text('username', USERNAME_RULE),
		phone: fields.text('phone', PHONE_RULE),
		bot: fields.flag('bot'),
		deleted: fields.flag('deleted'),
		inviteRestricted: fields.flag('inviteRestricted'),
		joinsWhenInvited: fields.flag('joinsWhenInvited'),
		contact: fields.flag('contact'),
	});
	if (user.bot === true && user.deleted === true) fields.problem('bot', 'a user cannot be both a bot and a deleted account: pick one');
	if (id === undefined || accessHash === undefined || firstName === undefined) return undefined;
	return { ...user, id, accessHash, firstName };
}

/** The id a malformed user entry was meant to have, so references to it do not add a second, misleading issue. */
export function intendedUserId(value: unknown): string | undefined {
	if (typeof value !== 'object' || value === null || !('id' in value)) return undefined;
	const id: unknown = value.id;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
