import { defaultAccountAccessHash } from '../derivedValues';
import type { WorldAccount } from '../worldFile';
import { compact } from './compact';
import { Fields } from './fields';
import type { Issues } from './issues';
import { ACCESS_HASH, LOGIN_CODE_RULE, NAME_RULE, PHONE_RULE, USERNAME_RULE, USER_ID } from './rules';

const ACCOUNT_FIELDS = ['id', 'accessHash', 'firstName', 'lastName', 'username', 'phone', 'loginCode', 'password', 'passwordHint'];

export function parseAccount(value: unknown, issues: Issues): WorldAccount | undefined {
	const fields = Fields.of(value, 'me', issues, ACCOUNT_FIELDS, 'the account the sandbox serves');
	if (fields === undefined) return undefined;
	const id = fields.decimalId('id', { ...USER_ID, required: true, what: "the account's user id", example: '1000' });
	const accessHash = fields.decimalId('accessHash', ACCESS_HASH);
	const firstName = fields.text('firstName', { ...NAME_RULE, required: true });
	const lastName = fields.text('lastName', NAME_RULE);
	const username = fields.text('username', USERNAME_RULE);
	const phone = fields.text('phone', { ...PHONE_RULE, required: true });
	const loginCode = fields.text('loginCode', LOGIN_CODE_RULE);
	const password = fields.text('password', { expect: 'a non-empty string (leave "password" out for an account without 2FA)' });
	const passwordHint = fields.text('passwordHint', { maxLength: 64, expect: 'a non-empty string of at most 64 characters' });
	if (fields.has('passwordHint') && !fields.has('password')) {
		fields.problem('passwordHint', 'a hint needs a 2FA password: add "password" or remove the hint');
	}
	if (id === undefined || firstName === undefined || phone === undefined) return undefined;
	return {
		id,
		accessHash: accessHash ?? defaultAccountAccessHash(id),
		firstName,
		...compact({ lastName, username }),
		phone,
		...compact({ loginCode, password, passwordHint }),
	};
}
