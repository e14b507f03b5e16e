import type { CallState, WorldCall, WorldRecording } from '../worldFile';
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
	'joinMuted',
	'canChangeJoinMuted',
	'inviteHash',
	'recording',
];
const RECORDING_FIELDS = ['startDate', 'title', 'video', 'videoPortrait'];
const INVITE_HASH = /^[0-9a-f]{1,32}$/;
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
	const joinMuted = fields.flag('joinMuted');
	const canChangeJoinMuted = fields.flag('canChangeJoinMuted');
	const inviteHash = fields.text('inviteHash', { pattern: INVITE_HASH, expect: 'lowercase hex of 1 to 32 digits, e.g. "9f3a0c"' });
	const recording = fields.has('recording') ? parseRecording(fields.raw('recording'), fields.at('recording'), issues) : undefined;
	if (state !== undefined && state !== 'active' && fields.has('recording')) {
		fields.problem('recording', `only an active call can be recorded: remove it, or set state to "active" (state is "${state}")`);
	}
	if (id === undefined || accessHash === undefined || state === undefined) return undefined;
	return {
		id,
		accessHash,
		state,
		...compact({ title, scheduleDate }),
		participants,
		invited,
		joinedAs,
		...compact({ participantDetails, listenersHidden, joinMuted, canChangeJoinMuted, inviteHash, recording }),
	};
}

function parseRecording(value: unknown, path: string, issues: Issues): WorldRecording | undefined {
	const fields = Fields.of(value, path, issues, RECORDING_FIELDS, "the call's recording");
	if (fields === undefined) return undefined;
	const startDate = fields.integer('startDate', { min: 1, max: INT32_MAX, required: true });
	const title = fields.text('title', { maxLength: 64, expect: 'a non-empty string of at most 64 characters' });
	const video = fields.flag('video') ?? false;
	const videoPortrait = fields.flag('videoPortrait');
	if (!video && videoPortrait !== undefined) fields.problem('videoPortrait', 'only a video recording has an orientation: remove it, or set video to true');
	if (startDate === undefined) return undefined;
	return { startDate, ...compact({ title }), video, ...compact({ videoPortrait }) };
}
