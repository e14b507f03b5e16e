import type { CallState, WorldCall } from '../worldFile';
import { compact } from './compact';
import { Fields } from './fields';
import { INT32_MAX } from './formats';
import type { Issues } from './issues';
import { parseUserIdList } from './parseIdList';
import { parseParticipantDetails } from './parseParticipants';
import { ACCESS_HASH } from './rules';

const CALL_FIELDS = [
	'id',
	'accessHash',
	'state',
	'title',
	'scheduleDate',
	'participants',
	'participantDetails',
	'listenersHidden',
	'invited',
	'joinedAs',
];
const CALL_STATES: readonly CallState[] = ['active', 'scheduled', 'ended'];
const JOINED_AS = ['self', 'channel'] as const;

export function parseCall(value: unknown, path: string, issues: Issues, knownUserIds: ReadonlySet<string>): WorldCall | undefined {
	const fields = Fields.of(value, path, issues, CALL_FIELDS, 'the chat\'s group call');
	if (fields === undefined) return undefined;
	const id = fields.decimalId('id', { required: true, nonZero: true, what: "the call's id", example: '3001' });
	const accessHash = fields.decimalId('accessHash', { ...ACCESS_HASH, required: true, example: '9001' });
	const state = fields.oneOf('state', CALL_STATES, { required: true });
	const title = fields.text('title', { maxLength: 64, expect: 'a non-empty string of at most 64 characters' });
	const scheduleDate = fields.integer('scheduleDate', { min: 1, max: INT32_MAX });
	if (state === 'scheduled' && !fields.has('scheduleDate')) {
		fields.problem('scheduleDate', 'is required for a scheduled call: add the start time in Unix seconds, e.g. 2000000000');
	}
	if (state !== undefined && state !== 'scheduled' && fields.has('scheduleDate')) {
		fields.problem('scheduleDate', `only a scheduled call has one: remove it, or set state to "scheduled" (state is "${state}")`);
	}
	const participants = parseUserIdList(fields.array('participants'), fields.at('participants'), issues, knownUserIds);
	if (state !== undefined && state !== 'active' && participants.length > 0) {
		fields.problem('participants', `only an active call has participants: make the list [] or set state to "active" (state is "${state}")`);
	}
	const participantDetails = parseParticipantDetails(fields.raw('participantDetails'), fields.at('participantDetails'), issues, participants);
	const listenersHidden = fields.flag('listenersHidden');
	const invited = parseUserIdList(fields.array('invited'), fields.at('invited'), issues, knownUserIds);
	const joinedAs = fields.oneOf('joinedAs', JOINED_AS) ?? 'self';
	if (id === undefined || accessHash === undefined || state === undefined) return undefined;
	return { id, accessHash, state, ...compact({ title, scheduleDate }), participants, invited, joinedAs, ...compact({ participantDetails, listenersHidden }) };
}
