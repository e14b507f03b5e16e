import type { IDataObject } from 'n8n-workflow';

import {
	describeValue,
	OptionValueError,
	readBooleanOption,
	readChoiceOption,
	type ChoiceOptionSpec,
	type OptionSpec,
} from '../../../input/optionValues';
import type { CallSettingsChange, RecordingChange } from '../../../transport';

/** Telegram's limit for a call's title (TDLib: 1–64 characters, a server-side limit); also a recording's. */
export const MAX_TITLE_LENGTH = 64;

export const UPDATE_FIELDS = 'Update Fields';

export const FIELD_SPECS = {
	title: { displayName: 'Title' },
	joinMuted: { displayName: 'Join Muted', default: false },
	resetInviteLink: { displayName: 'Reset Invite Link', default: false },
	recording: { displayName: 'Recording', default: 'unchanged', choices: ['unchanged', 'start', 'stop'] },
	recordingTitle: { displayName: 'Recording Title' },
	recordVideo: { displayName: 'Record Video', default: false },
	videoOrientation: { displayName: 'Video Orientation', default: 'landscape', choices: ['landscape', 'portrait'] },
} as const satisfies {
	title: { displayName: string };
	joinMuted: OptionSpec<boolean>;
	resetInviteLink: OptionSpec<boolean>;
	recording: ChoiceOptionSpec<'unchanged' | 'start' | 'stop'>;
	recordingTitle: { displayName: string };
	recordVideo: OptionSpec<boolean>;
	videoOrientation: ChoiceOptionSpec<'landscape' | 'portrait'>;
};

/** What one item asks to change, in the order the requests are sent: title, settings, recording. */
export interface UpdatePlan {
	title?: string;
	settings?: CallSettingsChange;
	recording?: RecordingChange;
}

/**
 * One item's "Update Fields" → the requests to send. Values may come from expressions with any type: texts
 * and numbers for titles, "true"/1/empty for switches. Empty means "not set", as a field never added.
 * Throws OptionValueError naming the field for what cannot be read, and naming the collection when nothing
 * is left to change.
 */
export function readUpdateFields(raw: IDataObject): UpdatePlan {
	const plan: UpdatePlan = {};
	const title = readTitle(raw.title, FIELD_SPECS.title.displayName);
	if (title !== undefined) plan.title = title;
	const joinMuted = isEmpty(raw.joinMuted) ? undefined : readBooleanOption(raw.joinMuted, FIELD_SPECS.joinMuted);
	const resetInviteLink = readBooleanOption(raw.resetInviteLink, FIELD_SPECS.resetInviteLink);
	if (joinMuted !== undefined || resetInviteLink) {
		plan.settings = { ...(joinMuted === undefined ? {} : { joinMuted }), ...(resetInviteLink ? { resetInviteLink } : {}) };
	}
	const recording = readRecording(raw);
	if (recording !== undefined) plan.recording = recording;
	if (plan.title === undefined && plan.settings === undefined && plan.recording === undefined) {
		throw new OptionValueError(
			`Nothing to update: add at least one field under "${UPDATE_FIELDS}" (Title, Join Muted, Reset Invite Link or Recording), or check that its expression gives a value.`,
		);
	}
	return plan;
}

function readRecording(raw: IDataObject): RecordingChange | undefined {
	const action = readChoiceOption(raw.recording, FIELD_SPECS.recording);
	const title = readTitle(raw.recordingTitle, FIELD_SPECS.recordingTitle.displayName);
	const video = isEmpty(raw.recordVideo) ? undefined : readBooleanOption(raw.recordVideo, FIELD_SPECS.recordVideo);
	const orientation = isEmpty(raw.videoOrientation) ? undefined : readChoiceOption(raw.videoOrientation, FIELD_SPECS.videoOrientation);
	if (action !== 'start') {
		const startOnly = [
			[FIELD_SPECS.recordingTitle.displayName, title],
			[FIELD_SPECS.recordVideo.displayName, video],
			[FIELD_SPECS.videoOrientation.displayName, orientation],
		].find(([, value]) => value !== undefined);
		if (startOnly !== undefined) {
			throw new OptionValueError(
				`"${startOnly[0]}" applies only when a recording starts: set "${FIELD_SPECS.recording.displayName}" to "start", or remove "${startOnly[0]}".`,
			);
		}
		return action === 'stop' ? { start: false } : undefined;
	}
	if (orientation !== undefined && video !== true) {
		throw new OptionValueError(
			`"${FIELD_SPECS.videoOrientation.displayName}" applies only to a video recording: turn on "${FIELD_SPECS.recordVideo.displayName}", or remove "${FIELD_SPECS.videoOrientation.displayName}".`,
		);
	}
	return {
		start: true,
		...(title === undefined ? {} : { title }),
		...(video === true ? { video: true, videoPortrait: orientation === 'portrait' } : {}),
	};
}

/**
 * A title as text (a number from a sheet is written as it reads), trimmed; undefined when empty. Longer than
 * Telegram allows is refused before anything is sent: Telegram would cut it or refuse it.
 * Counted in UTF-16 code units, as Telegram's servers count string lengths: an emoji counts as two.
 */
export function readTitle(value: unknown, displayName: string): string | undefined {
	if (isEmpty(value)) return undefined;
	if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
		throw new OptionValueError(`"${displayName}" must be text of 1 to ${MAX_TITLE_LENGTH} characters, but it is ${describeValue(value)}.`);
	}
	const title = String(value).trim();
	if (title.length > MAX_TITLE_LENGTH) {
		throw new OptionValueError(
			`"${displayName}" is ${title.length} characters long; Telegram allows at most ${MAX_TITLE_LENGTH} (emoji count as two). Shorten it.`,
		);
	}
	return title;
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
