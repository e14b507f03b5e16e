import { readFileSync } from 'node:fs';

import { Fields } from './parse/fields';
import { API_HASH_PATTERN, INT32_MAX } from './parse/formats';
import { describe, Issues } from './parse/issues';
import { parseAccount } from './parse/parseAccount';
import { parseBehaviour } from './parse/parseBehaviour';
import { parseChats } from './parse/parseChats';
import { intendedUserId, parseUsers } from './parse/parseUsers';
import { checkMigrations } from './parse/migrations';
import { checkJoinedAsChats } from './parse/participantChats';
import { checkUniqueness } from './parse/uniqueness';
import { WorldFileError } from './worldFileError';
import type { WorldFile } from './worldFile';

export { WorldFileError } from './worldFileError';

const TOP_FIELDS = ['version', 'apiId', 'apiHash', 'me', 'users', 'chats', 'behaviour'];

/**
 * Validates a world (scenario) file and returns a new object with every default filled in.
 * Throws WorldFileError listing every problem, each as `field.path: what is wrong and what to do`.
 */
export function parseWorld(json: unknown, source?: string): WorldFile {
	const issues = new Issues();
	const world = readWorld(json, issues);
	if (issues.count > 0 || world === undefined) throw new WorldFileError(issues.list, source);
	return world;
}

/** Reads and validates a world file. Every failure is a WorldFileError whose message starts with the file name. */
export function loadWorldFile(path: string): WorldFile {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
		throw new WorldFileError([{ path: '', problem: `cannot read the world file (${reason})` }], path);
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw new WorldFileError([{ path: '', problem: `not valid JSON: ${describeJsonError(error as Error, text)}` }], path);
	}
	return parseWorld(json, path);
}

/** Adds the line and column to JSON.parse's "at position N", which is hard to find in a file by hand. */
function describeJsonError(error: Error, text: string): string {
	const position = /at position (\d+)/.exec(error.message);
	if (position === null) return error.message;
	const before = text.slice(0, Number(position[1]));
	const line = before.split('\n').length;
	const column = before.length - before.lastIndexOf('\n');
	return `${error.message} (line ${line}, column ${column})`;
}

function readWorld(json: unknown, issues: Issues): WorldFile | undefined {
	const fields = Fields.of(json, '', issues, TOP_FIELDS, 'a world file');
	if (fields === undefined) return undefined;
	if (fields.raw('version') !== 1) {
		const got = fields.has('version') ? ` (got ${describe(fields.raw('version'))})` : '';
		fields.problem('version', `must be 1, the world file version this sandbox reads${got}`);
	}
	const apiId = fields.integer('apiId', { required: true, min: 1, max: INT32_MAX });
	const apiHash = fields.text('apiHash', { required: true, pattern: API_HASH_PATTERN, expect: 'the API hash: 32 hexadecimal characters' });
	const me = parseAccount(fields.raw('me'), issues);
	const rawUsers = fields.array('users') ?? [];
	const users = parseUsers(rawUsers, issues);
	// Ids as their authors meant them, even when malformed, so a bad id is reported once, not at every reference.
	const knownUserIds = new Set<string>();
	[fields.raw('me'), ...rawUsers].forEach((raw) => {
		const id = intendedUserId(raw);
		if (id !== undefined) knownUserIds.add(id);
	});
	const chats = parseChats(fields.array('chats') ?? [], issues, knownUserIds);
	checkUniqueness(me, users, chats, issues);
	checkJoinedAsChats(chats, issues);
	checkMigrations(chats, issues);
	const behaviour = parseBehaviour(fields.raw('behaviour'), issues);
	if (apiId === undefined || apiHash === undefined || me === undefined || behaviour === undefined) return undefined;
	return { version: 1, apiId, apiHash, me, users: users.filter(isDefined), chats: chats.filter(isDefined), behaviour };
}

function isDefined<T>(value: T | undefined): value is T {
	return value !== undefined;
}
