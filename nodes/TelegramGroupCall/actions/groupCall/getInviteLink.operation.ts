import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { OptionValueError, readBooleanOption } from '../../input/optionValues';
import { OPTIONS_COLLECTION, readCollectionValue } from '../../parameters/collectionValue';
import { callLocator } from './common/callLocator';
import { executePerItem } from './common/executePerItem';
import { optionsCollection } from './common/optionsCollection';
import { readCallParameter } from './common/readCallParameter';
import { sendWithRetries } from './common/withRetries';

const AS_SPEAKER = { displayName: 'As Speaker', default: false } as const;

const properties: INodeProperties[] = [
	callLocator('The voice or video chat to get a link for. Only public groups and channels (with a @username) have call links.'),
	optionsCollection([
		{
			displayName: AS_SPEAKER.displayName,
			name: 'asSpeaker',
			type: 'boolean',
			default: false,
			description:
				'Whether people who join by this link may speak without asking (a speaker link; needs the right to manage video chats). "Reset Invite Link" under Update makes speaker links stop working.',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['groupCall'], operation: ['getInviteLink'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const send = sendWithRetries(this, 'getting call links');
	return await executePerItem(this, {
		doing: 'getting call links',
		handle: async (itemIndex, telegram): Promise<IDataObject> => {
			const reference = readCallParameter(this, itemIndex);
			const asSpeaker = readAsSpeaker(this, itemIndex);
			const gateway = await telegram();
			const call = await send(async () => await gateway.resolveCall(reference));
			const link = await send(async () => await gateway.exportCallInvite(call, { asSpeaker }));
			return {
				callId: call.callId,
				accessHash: call.accessHash,
				chat: call.chat === undefined ? null : { id: call.chat.id, title: call.chat.title, username: call.chat.username ?? null },
				link,
				asSpeaker,
			};
		},
	});
}

function readAsSpeaker(context: IExecuteFunctions, itemIndex: number): boolean {
	const options = readCollectionValue(context.getNodeParameter('options', itemIndex, {}), OPTIONS_COLLECTION, { node: context.getNode(), itemIndex });
	try {
		return readBooleanOption(options.asSpeaker, AS_SPEAKER);
	} catch (error) {
		// OptionValueError names the field; anything else is reported as it is, for this item.
		const message = error instanceof OptionValueError || error instanceof Error ? error.message : String(error);
		throw new NodeOperationError(context.getNode(), message, { itemIndex });
	}
}
