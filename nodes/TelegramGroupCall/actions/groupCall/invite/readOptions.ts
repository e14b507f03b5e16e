import type { IDataObject } from 'n8n-workflow';

import {
	OptionValueError,
	readBooleanOption,
	readChoiceOption,
	readNameListOption,
	readWholeNumberOption,
	type ChoiceOptionSpec,
	type NumberOptionSpec,
	type OptionSpec,
} from '../../../input/optionValues';
import type { InputFieldsSelection, InviteOptions } from './types';

/** The options' labels, defaults and ranges, as the editor shows them (a test keeps the two in step). */
export const OPTION_SPECS = {
	addCallLinkToFailedUsers: { displayName: 'Add Call Link to Failed Users', default: false },
	alreadyInvitedCountsAsSuccess: { displayName: 'Already Invited Counts as Success', default: false },
	batchSize: { displayName: 'Batch Size', default: 1, min: 1, max: 10 },
	// Dry Run never falls back to "send": a value that is not clearly true or false stops the run.
	dryRun: {
		displayName: 'Dry Run',
		default: false,
		refusalNote: 'Nothing was sent: an unreadable Dry Run never counts as "invite for real".',
	},
	includeInputFields: { displayName: 'Include Input Fields', default: 'none', choices: ['none', 'all', 'selected'] },
	fieldsToInclude: { displayName: 'Fields to Include' },
	maxFloodWait: { displayName: 'Max Flood Wait (Seconds)', default: 60, min: 0, max: 86_400 },
	pauseMs: { displayName: 'Pause Between Requests (Ms)', default: 0, min: 0, max: 3_600_000 },
	// Reports put a PEER_FLOOD block at about a day (notes/telegram-group-calls.md), and asking sooner makes it worse.
	peerFloodCooldownHours: { displayName: 'Peer Flood Cool-Down (Hours)', default: 24, min: 0, max: 720 },
	skipUsersAlreadyInCall: { displayName: 'Skip Users Already in Call', default: false },
} as const satisfies {
	addCallLinkToFailedUsers: OptionSpec<boolean>;
	alreadyInvitedCountsAsSuccess: OptionSpec<boolean>;
	batchSize: NumberOptionSpec;
	dryRun: OptionSpec<boolean>;
	includeInputFields: ChoiceOptionSpec<InputFieldsSelection['mode']>;
	fieldsToInclude: Pick<OptionSpec<string[]>, 'displayName'>;
	maxFloodWait: NumberOptionSpec;
	pauseMs: NumberOptionSpec;
	peerFloodCooldownHours: NumberOptionSpec;
	skipUsersAlreadyInCall: OptionSpec<boolean>;
};

export interface RunOptions {
	invite: InviteOptions;
	inputFields: InputFieldsSelection;
}

export type RunOptionsResult = { ok: true; options: RunOptions } | { ok: false; itemIndex: number; message: string };

/**
 * Reads the options of every input item that can differ (`perItem`: some option is an expression) and requires
 * them to agree: they apply to the whole run, since one batch can hold users of several items. Reading only
 * the first item would let a later item's "Dry Run: true" be ignored and its users invited.
 */
export function readRunOptions(readRaw: (itemIndex: number) => IDataObject, itemCount: number, perItem: boolean): RunOptionsResult {
	let first: RunOptions | undefined;
	const itemsToRead = perItem ? Math.max(itemCount, 1) : 1;
	for (let itemIndex = 0; itemIndex < itemsToRead; itemIndex++) {
		let options: RunOptions;
		try {
			options = parseRunOptions(readRaw(itemIndex));
		} catch (error) {
			return { ok: false, itemIndex, message: error instanceof Error ? error.message : String(error) };
		}
		if (first === undefined) {
			first = options;
			continue;
		}
		const difference = firstDifference(first, options);
		if (difference !== undefined) {
			return {
				ok: false,
				itemIndex,
				message: `"${difference.displayName}" must be the same for every input item, because options apply to the whole run (one batch can hold users of several items): item 0 gives ${difference.first}, item ${itemIndex} gives ${difference.other}.`,
			};
		}
	}
	return { ok: true, options: first ?? parseRunOptions({}) };
}

/** One item's options collection → typed options; throws OptionValueError naming the first unreadable option. */
export function parseRunOptions(raw: IDataObject): RunOptions {
	return {
		invite: {
			batchSize: readWholeNumberOption(raw.batchSize, OPTION_SPECS.batchSize),
			pauseMs: readWholeNumberOption(raw.pauseMs, OPTION_SPECS.pauseMs),
			maxFloodWaitSeconds: readWholeNumberOption(raw.maxFloodWait, OPTION_SPECS.maxFloodWait),
			alreadyInvitedCountsAsSuccess: readBooleanOption(raw.alreadyInvitedCountsAsSuccess, OPTION_SPECS.alreadyInvitedCountsAsSuccess),
			skipUsersAlreadyInCall: readBooleanOption(raw.skipUsersAlreadyInCall, OPTION_SPECS.skipUsersAlreadyInCall),
			dryRun: readBooleanOption(raw.dryRun, OPTION_SPECS.dryRun),
			// Only when on, so that runs without the option see exactly the options they always did.
			...(readBooleanOption(raw.addCallLinkToFailedUsers, OPTION_SPECS.addCallLinkToFailedUsers) ? { addCallLinkToFailedUsers: true } : {}),
			peerFloodCooldownHours: readWholeNumberOption(raw.peerFloodCooldownHours, OPTION_SPECS.peerFloodCooldownHours),
		},
		inputFields: readInputFields(raw),
	};
}

function readInputFields(raw: IDataObject): InputFieldsSelection {
	const mode = readChoiceOption(raw.includeInputFields, OPTION_SPECS.includeInputFields);
	if (mode !== 'selected') return { mode };
	const names = readNameListOption(raw.fieldsToInclude, OPTION_SPECS.fieldsToInclude);
	if (names.length === 0) {
		throw new OptionValueError(
			`"${OPTION_SPECS.fieldsToInclude.displayName}" is empty, but "${OPTION_SPECS.includeInputFields.displayName}" is "selected": list the input fields to copy onto each result, e.g. row_number, email.`,
		);
	}
	return { mode, names };
}

interface Difference {
	displayName: string;
	first: string;
	other: string;
}

function firstDifference(first: RunOptions, other: RunOptions): Difference | undefined {
	const pairs: Array<[string, unknown, unknown]> = [
		[OPTION_SPECS.batchSize.displayName, first.invite.batchSize, other.invite.batchSize],
		[OPTION_SPECS.pauseMs.displayName, first.invite.pauseMs, other.invite.pauseMs],
		[OPTION_SPECS.maxFloodWait.displayName, first.invite.maxFloodWaitSeconds, other.invite.maxFloodWaitSeconds],
		[OPTION_SPECS.alreadyInvitedCountsAsSuccess.displayName, first.invite.alreadyInvitedCountsAsSuccess, other.invite.alreadyInvitedCountsAsSuccess],
		[OPTION_SPECS.skipUsersAlreadyInCall.displayName, first.invite.skipUsersAlreadyInCall, other.invite.skipUsersAlreadyInCall],
		[OPTION_SPECS.dryRun.displayName, first.invite.dryRun, other.invite.dryRun],
		[
			OPTION_SPECS.addCallLinkToFailedUsers.displayName,
			first.invite.addCallLinkToFailedUsers === true,
			other.invite.addCallLinkToFailedUsers === true,
		],
		[OPTION_SPECS.peerFloodCooldownHours.displayName, first.invite.peerFloodCooldownHours, other.invite.peerFloodCooldownHours],
		[OPTION_SPECS.includeInputFields.displayName, describeFields(first.inputFields), describeFields(other.inputFields)],
	];
	for (const [displayName, a, b] of pairs) {
		if (a !== b) return { displayName, first: String(a), other: String(b) };
	}
	return undefined;
}

function describeFields(selection: InputFieldsSelection): string {
	return selection.mode === 'selected' ? `"selected: ${selection.names.join(', ')}"` : `"${selection.mode}"`;
}
