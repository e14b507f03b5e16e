import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';

import type { Api } from 'telegram';

import type { LoginOptions } from './loginOptions';

/** "Olivia Ops (@ops_owner, +15550001000, user id 1000)": who the session belongs to. */
export function describeAccount(user: Api.User): string {
	const name = [user.firstName, user.lastName].filter((part) => part !== undefined && part !== '').join(' ') || 'an account without a name';
	const details = [user.username ? `@${user.username}` : undefined, user.phone ? `+${user.phone}` : undefined, `user id ${user.id.toString()}`];
	return `${name} (${details.filter((detail) => detail !== undefined).join(', ')})`;
}

/** Writes the session readable by the owner only, also when the file existed with wider permissions. */
export function writeSessionFile(path: string, session: string): void {
	const fd = openSync(path, 'w', 0o600);
	try {
		// Before any byte is written: an existing file keeps its old mode through open().
		fchmodSync(fd, 0o600);
		writeSync(fd, session + '\n');
	} finally {
		closeSync(fd);
	}
}

/** The text for stdout: who logged in and the credential's values. The API hash is never repeated. */
export function resultText(user: Api.User, session: string, options: LoginOptions): string {
	const rows: [string, string][] = [
		['API ID', String(options.apiId)],
		['API Hash', 'the 32-character hash you entered (not shown again)'],
		['Session', options.out === undefined ? session : `saved to ${options.out} (readable only by you)`],
	];
	if (options.server !== undefined) rows.push(['Server', `${options.server.host}:${options.server.port}`]);
	return [
		`Logged in as ${describeAccount(user)}.`,
		'',
		'Paste these into an n8n credential of type "Telegram MTProto API":',
		...rows.map(([label, value]) => `  ${label.padEnd(9)} ${value}`),
		'',
		'The session is a full login to this account: keep it secret. End it any time in Telegram: Settings → Devices.',
		'',
	].join('\n');
}
