import type { WorldParticipant } from '../worldFile';
import { compact } from './compact';
import { Fields } from './fields';
import { INT32_MAX } from './formats';
import { childPath, describe, isPlainObject, type Issues } from './issues';

const PARTICIPANT_FIELDS = [
	'muted',
	'canSelfUnmute',
	'raiseHandRating',
	'video',
	'presentation',
	'volume',
	'about',
	'date',
	'activeDate',
	'joinedAs',
];

/**
 * `participantDetails`: an object keyed by user id, each key one of the call's `participants`, each value the
 * entry's flags. `joinedAs` chat ids are checked against the chats later (parseWorld), when all are known.
 */
export function parseParticipantDetails(
	value: unknown,
	path: string,
	issues: Issues,
	participantIds: readonly string[],
): Record<string, WorldParticipant> | undefined {
	if (value === undefined) return undefined;
	if (!isPlainObject(value)) {
		issues.add(path, `must be an object keyed by user id, e.g. { "1001": { "muted": false } } (got ${describe(value)})`);
		return undefined;
	}
	const details: Record<string, WorldParticipant> = {};
	for (const [userId, entry] of Object.entries(value)) {
		const entryPath = childPath(path, userId);
		if (!participantIds.includes(userId)) {
			issues.add(entryPath, `user "${userId}" is not in this call's "participants": add the id there, or remove this entry`);
			continue;
		}
		const parsed = parseParticipant(entry, entryPath, issues);
		if (parsed !== undefined) details[userId] = parsed;
	}
	return details;
}

function parseParticipant(value: unknown, path: string, issues: Issues): WorldParticipant | undefined {
	const fields = Fields.of(value, path, issues, PARTICIPANT_FIELDS, "a participant's entry");
	if (fields === undefined) return undefined;
	const about = fields.text('about', { maxLength: 70, expect: 'a non-empty string of at most 70 characters (a bio)' });
	const joinedAs = fields.decimalId('joinedAs', { positive: true, what: 'a supergroup or channel id', example: '2002' });
	return compact({
		muted: fields.flag('muted'),
		canSelfUnmute: fields.flag('canSelfUnmute'),
		raiseHandRating: fields.integer('raiseHandRating', { min: 1, max: Number.MAX_SAFE_INTEGER }),
		video: fields.flag('video'),
		presentation: fields.flag('presentation'),
		volume: fields.integer('volume', { min: 1, max: 20_000 }),
		about,
		date: fields.integer('date', { min: 1, max: INT32_MAX }),
		activeDate: fields.integer('activeDate', { min: 1, max: INT32_MAX }),
		joinedAs,
	});
}
