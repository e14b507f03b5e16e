import { randomInt } from 'node:crypto';

import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chatLocator } from './common/chatLocator';
import { executePerItem } from './common/executePerItem';
import { optionsCollection } from './common/optionsCollection';
import { sendWithRetries } from './common/withRetries';
import { createCall } from './lifecycle/createCall';
import { readCreateParameters } from './lifecycle/readParameters';

const properties: INodeProperties[] = [
	chatLocator('The group or channel to start the call in. The account needs the right to manage calls there.'),
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		placeholder: 'e.g. Weekly sync',
		description: "The call's title, up to 64 characters (Telegram's limit). Leave empty to use the chat's title.",
	},
	{
		displayName: 'Start',
		name: 'start',
		type: 'options',
		default: 'now',
		options: [
			{ name: 'Now', value: 'now', description: 'Start the call right away' },
			{
				name: 'At a Date and Time',
				value: 'scheduled',
				description: 'Schedule the call; members see when it starts and can ask to be notified',
			},
		],
	},
	{
		displayName: 'Start At',
		name: 'startAt',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { start: ['scheduled'] } },
		description:
			"When the call is due to start: 10 seconds to 8 days from now (Telegram's window). Without a time zone, the workflow's time zone applies. Start it then with the Start Scheduled operation.",
	},
	optionsCollection([
		{
			displayName: 'If a Call Is Already Running',
			name: 'ifCallExists',
			type: 'options',
			default: 'returnIt',
			description:
				'What to do when the chat already has a call, running or scheduled. Telegram would end a running call to start a new one; the node never does.',
			options: [
				{ name: 'Return It', value: 'returnIt', description: 'Output the existing call with created: false' },
				{ name: 'Fail', value: 'fail', description: 'Fail the item (code CALL_ALREADY_EXISTS)' },
			],
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['groupCall'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const send = sendWithRetries(this, 'creating calls');
	return await executePerItem(this, {
		doing: 'creating calls',
		handle: async (itemIndex, telegram) => {
			// One random_id per item, kept for every resend of its request: Telegram creates the call once.
			const parameters = readCreateParameters(this, itemIndex, randomInt(-(2 ** 31), 2 ** 31));
			return await createCall(await telegram(), parameters, send);
		},
	});
}
