import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { callLocator } from './common/callLocator';
import { executePerItem } from './common/executePerItem';
import { readCallParameter } from './common/readCallParameter';
import { sendWithRetries } from './common/withRetries';
import { endCall } from './lifecycle/endCall';

const properties: INodeProperties[] = [
	callLocator(
		'The call to end for everyone (a scheduled call is cancelled). A chat means its current call; "By ID" pins one call. Ending a call that has already ended gives status "already_ended".',
	),
];

export const description = updateDisplayOptions({ show: { resource: ['groupCall'], operation: ['end'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const send = sendWithRetries(this, 'ending calls');
	return await executePerItem(this, {
		doing: 'ending calls',
		handle: async (itemIndex, telegram) => {
			const reference = readCallParameter(this, itemIndex);
			return await endCall(await telegram(), reference, send);
		},
	});
}
