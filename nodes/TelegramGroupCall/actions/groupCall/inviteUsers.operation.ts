import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { abortableSleep } from '../../errors/cancellation';
import { settle } from '../../errors/settle';
import { OPTIONS_COLLECTION, readCollectionValue } from '../../parameters/collectionValue';
import { isTelegramError, openTelegramSession } from '../../transport';
import { addUpgradeHints } from './common/upgradeNotice';
import {
	accountFailure,
	asTelegramError,
	buildOutputs,
	cancelledError,
	parameterError,
	unexpectedError,
} from './invite/outputItems';
import { callLocator } from './common/callLocator';
import { optionsCollection } from './common/optionsCollection';
import { inputFieldsFor } from './invite/inputFields';
import { findItemsWithoutUsers, planInvites, type ItemParameters } from './invite/planInvites';
import { readRunOptions } from './invite/readOptions';
import { runInvites, type RunReport } from './invite/runInvites';
import type { InviteOptions, RunEnvironment } from './invite/types';

const properties: INodeProperties[] = [
	callLocator('The voice or video chat to invite to. A chat means the call running in it now; a call link works the same; "By ID" pins one call.'),
	{
		displayName: 'Users',
		name: 'users',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: '@alice, bob, https://t.me/carol, 123456789, +1 555 000 1001',
		description:
			'Who to invite: @username, username, t.me link, numeric user ID or phone number in international format (+ and country code; spaces, dashes and brackets inside are fine). Separate users with commas, semicolons, new lines or spaces; digits after a phone number belong to it, so put a comma or new line between a phone and a following ID. An expression may give an array.',
	},
	{
		displayName:
			'Each result is paired with the input item its user came from, so a later node reaches that row through it, e.g. $(\'Sheet\').item.json.row_number to update the row. The option "Include Input Fields" copies the row\'s fields onto each result instead.',
		name: 'pairingNotice',
		type: 'notice',
		default: '',
	},
	optionsCollection([
		{
			displayName: 'Add Call Link to Failed Users',
			name: 'addCallLinkToFailedUsers',
			type: 'boolean',
			default: false,
			description:
				'Whether users Telegram will not let this account invite (privacy settings, not a member of the chat, refused or left out without a reason) carry the call\'s link in "callLink" on the Failed output, so a next node can send it to them. Public chats only: in a private chat callLink is null, with a note why. The link is fetched once per call.',
		},
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
				'Whether to resolve and check the call (running, not just scheduled) and every user without inviting anyone (status "would_invite"). From an expression: true/false (any case) or 1/0; anything else stops the run.',
		},
		{
			displayName: 'Fields to Include',
			name: 'fieldsToInclude',
			type: 'string',
			default: '',
			placeholder: 'e.g. row_number, email',
			description: 'Comma-separated list of the input fields to copy onto each result',
			requiresDataPath: 'multiple',
			displayOptions: { show: { includeInputFields: ['selected'] } },
		},
		{
			displayName: 'Include Input Fields',
			name: 'includeInputFields',
			type: 'options',
			default: 'none',
			description:
				'Whether each result also carries fields of the input item it came from (e.g. row_number to write back to a sheet). The result\'s own fields (user, status, code, message, …) are never replaced.',
			options: [
				{ name: 'None', value: 'none', description: 'Results carry only their own fields' },
				{ name: 'All', value: 'all', description: 'Results also carry every field of their input item' },
				{ name: 'Selected', value: 'selected', description: 'Results also carry the fields listed in "Fields to Include"' },
			],
		},
		{
			displayName: 'Max Flood Wait (Seconds)',
			name: 'maxFloodWait',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 86400 },
			default: 60,
			description:
				'When Telegram asks to wait (FLOOD_WAIT) up to this long, the node waits and retries; longer waits fail the remaining users of that call with retryAfter',
		},
		{
			displayName: 'Pause Between Requests (Ms)',
			name: 'pauseMs',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600000 },
			default: 0,
			description:
				'Least time between two invite requests of this account, to stay well below Telegram\'s anti-spam limits. Holds across all executions of the account (and all workers in queue mode), not only within this run.',
		},
		{
			displayName: 'Peer Flood Cool-Down (Hours)',
			name: 'peerFloodCooldownHours',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 720 },
			default: 24,
			description:
				'After Telegram answers PEER_FLOOD (anti-spam limit on the account), later runs with this account invite nobody for this long and fail at once, saying until when, instead of asking Telegram again (which makes the limit worse). Remembered by this n8n process (in queue mode by every process, through n8n\'s Redis); 0 remembers nothing.',
		},
		{
			displayName: 'Skip Users Already in Call',
			name: 'skipUsersAlreadyInCall',
			type: 'boolean',
			default: false,
			description:
				'Whether to look up who is in the call first and not invite them (Invited output, status "already_in_call")',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupCall'], operation: ['inviteUsers'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const node = this.getNode();
	const read = readRunOptions(
		(itemIndex) => readCollectionValue(this.getNodeParameter('options', itemIndex, {}), OPTIONS_COLLECTION, { node, itemIndex }),
		items.length,
		containsExpression(node.parameters.options),
	);
	if (!read.ok) {
		const error = new NodeOperationError(node, read.message, {
			itemIndex: read.itemIndex,
			description: 'Options apply to the whole run, so nothing was sent for any item.',
		});
		if (!continueOnFail) throw error;
		const parameterErrors = new Map(items.map((_, itemIndex) => [itemIndex, error as Error]));
		return buildOutputs({ plannedUsers: [], report: { results: new Map() }, parameterErrors });
	}
	const options = read.options;
	const { parameters, parameterErrors } = readItemParameters(this, items.length, continueOnFail);
	const plan = planInvites(parameters);
	const plannedUsers = plan.flatMap((call) => call.users);
	let report: RunReport = { results: new Map() };
	if (plannedUsers.length > 0) {
		const outcome = await settle(async () => await inviteWithSession(this, plan, options.invite));
		if (outcome.ok) {
			report = outcome.value;
		} else {
			const cancelled = cancelledError(node, outcome.error);
			if (cancelled) throw cancelled;
			// Anything else (e.g. no credential selected) is reported like an account failure, so that a
			// continue mode never makes n8n pass the raw input out of Invited.
			if (!continueOnFail) throw unexpectedError(node, outcome.error);
			report = { results: new Map(), failure: asTelegramError(outcome.error) };
		}
	}
	if (report.failure && !continueOnFail) throw accountFailure(node, report.failure, plannedUsers, report);
	return buildOutputs({
		plannedUsers,
		report,
		itemsWithoutUsers: findItemsWithoutUsers(parameters, plan),
		parameterErrors,
		inputFields: (itemIndex) => inputFieldsFor(items[itemIndex]?.json, options.inputFields),
	});
}

/** Call and Users of every item; in a continue mode an item whose parameters cannot be read is set aside. */
function readItemParameters(
	context: IExecuteFunctions,
	itemCount: number,
	continueOnFail: boolean,
): { parameters: ItemParameters[]; parameterErrors: Map<number, Error> } {
	const parameters: ItemParameters[] = [];
	const parameterErrors = new Map<number, Error>();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			parameters.push({
				itemIndex,
				call: context.getNodeParameter('call', itemIndex, undefined, { extractValue: true }),
				users: context.getNodeParameter('users', itemIndex, ''),
			});
		} catch (error) {
			if (!continueOnFail) throw parameterError(context.getNode(), error, itemIndex);
			parameterErrors.set(itemIndex, error instanceof Error ? error : new Error(String(error)));
		}
	}
	return { parameters, parameterErrors };
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
		addUpgradeHints(context, session.gateway);
		session.release();
	}
}

/** Any value of the options collection is an expression, so items may give different options. */
function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(containsExpression);
	return false;
}
