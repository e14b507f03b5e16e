import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { abortableSleep } from '../../helpers/cancellation';
import { settle } from '../../helpers/settle';
import { isTelegramError, openTelegramSession } from '../../transport';
import {
	accountFailure,
	asTelegramError,
	buildOutputs,
	cancelledError,
	parameterError,
	unexpectedError,
} from './invite/outputItems';
import { planInvites, type ItemParameters } from './invite/planInvites';
import { runInvites, type RunReport } from './invite/runInvites';
import type { InviteOptions, RunEnvironment } from './invite/types';

const properties: INodeProperties[] = [
	{
		displayName: 'Call',
		name: 'call',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The voice or video chat to invite to. A chat means the call running in it now; a call link works the same; "By ID" pins one call.',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a chat with a call…',
				typeOptions: { searchListMethod: 'searchCalls', searchable: true },
			},
			{
				displayName: 'By Chat or Link',
				name: 'chat',
				type: 'string',
				placeholder: '@my_group, https://t.me/my_group?videochat or -1001234567890',
				hint: '@username, a t.me link, a call link (?videochat, ?voicechat, ?livestream) or a numeric chat ID',
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '1234567890123:-987654321098765',
				hint: 'The call ID and access hash, as "<callId>:<accessHash>"',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*-?\\d+\\s*:\\s*-?\\d+\\s*$',
							errorMessage: 'Use "<callId>:<accessHash>", two integers separated by a colon',
						},
					},
				],
			},
		],
	},
	{
		displayName: 'Users',
		name: 'users',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: '@alice, bob, https://t.me/carol, 123456789, +15550001001',
		description:
			'Who to invite: @username, username, t.me link, numeric user ID or +phone (no spaces inside a phone number), separated by commas, spaces or new lines; or an array given by an expression',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Already Invited Counts as Success',
				name: 'alreadyInvitedCountsAsSuccess',
				type: 'boolean',
				default: false,
				description:
					'Whether users Telegram reports as already invited go to the Invited output (status "already_invited") instead of Failed',
			},
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 1,
				description:
					'Users per invite request. 1 gives exact per-user results like Telegram\'s mobile apps; up to 10 is faster (failed batches are retried one user at a time).',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to resolve and check the call (running, not just scheduled) and every user without inviting anyone (status "would_invite")',
			},
			{
				displayName: 'Max Flood Wait (Seconds)',
				name: 'maxFloodWait',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description:
					'When Telegram asks to wait (FLOOD_WAIT) up to this long, the node waits and retries; longer waits fail the remaining users of that call with retryAfter',
			},
			{
				displayName: 'Pause Between Requests (Ms)',
				name: 'pauseMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Time to wait between two invite requests, to stay well below Telegram\'s anti-spam limits',
			},
			{
				displayName: 'Skip Users Already in Call',
				name: 'skipUsersAlreadyInCall',
				type: 'boolean',
				default: false,
				description:
					'Whether to look up who is in the call first and not invite them (Invited output, status "already_in_call")',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupCall'], operation: ['inviteUsers'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const parameters: ItemParameters[] = [];
	const parameterErrors = new Map<number, Error>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			parameters.push({
				itemIndex,
				call: this.getNodeParameter('call', itemIndex, undefined, { extractValue: true }),
				users: this.getNodeParameter('users', itemIndex, ''),
			});
		} catch (error) {
			if (!continueOnFail) throw parameterError(this.getNode(), error, itemIndex);
			parameterErrors.set(itemIndex, error instanceof Error ? error : new Error(String(error)));
		}
	}
	const plan = planInvites(parameters);
	const plannedUsers = plan.flatMap((call) => call.users);
	let report: RunReport = { results: new Map() };
	if (plannedUsers.length > 0) {
		const outcome = await settle(async () => await inviteWithSession(this, plan, readOptions(this)));
		if (outcome.ok) {
			report = outcome.value;
		} else {
			const cancelled = cancelledError(this.getNode(), outcome.error);
			if (cancelled) throw cancelled;
			// Anything else (e.g. no credential selected) is reported like an account failure, so that a
			// continue mode never makes n8n pass the raw input out of Invited.
			if (!continueOnFail) throw unexpectedError(this.getNode(), outcome.error);
			report = { results: new Map(), failure: asTelegramError(outcome.error) };
		}
	}
	if (report.failure && !continueOnFail) throw accountFailure(this.getNode(), report.failure, plannedUsers, report);
	return buildOutputs(plannedUsers, report, parameterErrors);
}

async function inviteWithSession(
	context: IExecuteFunctions,
	plan: ReturnType<typeof planInvites>,
	options: InviteOptions,
): Promise<RunReport> {
	const signal = context.getExecutionCancelSignal();
	const credentials = await context.getCredentials('telegramMtprotoApi');
	const opened = await settle(async () => await openTelegramSession(credentials, signal));
	if (!opened.ok) {
		if (isTelegramError(opened.error)) return { results: new Map(), failure: opened.error };
		throw opened.error;
	}
	const session = opened.value;
	const environment: RunEnvironment = { logger: context.logger, signal, sleep: abortableSleep };
	try {
		return await runInvites(plan, session.gateway, options, environment);
	} finally {
		session.release();
	}
}

/** Options apply to the whole execution (batching crosses items), so they are read from the first item. */
function readOptions(context: IExecuteFunctions): InviteOptions {
	const raw = context.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		batchSize: clampInteger(raw.batchSize, 1, 10, 1),
		pauseMs: clampInteger(raw.pauseMs, 0, 3_600_000, 0),
		maxFloodWaitSeconds: clampInteger(raw.maxFloodWait, 0, 86_400, 60),
		alreadyInvitedCountsAsSuccess: raw.alreadyInvitedCountsAsSuccess === true,
		skipUsersAlreadyInCall: raw.skipUsersAlreadyInCall === true,
		dryRun: raw.dryRun === true,
	};
}

function clampInteger(value: unknown, min: number, max: number, fallback: number): number {
	const number = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
	if (!Number.isFinite(number)) return fallback;
	return Math.min(max, Math.max(min, Math.floor(number)));
}
