import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { callLocator } from './common/callLocator';
import { executePerItem } from './common/executePerItem';
import { readCallParameter } from './common/readCallParameter';
import { sendWithRetries } from './common/withRetries';
import { startScheduledCall } from './lifecycle/startScheduledCall';

const properties: INodeProperties[] = [
	callLocator(
		'The scheduled call to start. A chat means its current call; "By ID" pins one call. A call that is already running gives status "already_started".',
	),
];

export const description = updateDisplayOptions({ show: { resource: ['groupCall'], operation: ['startScheduled'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const send = sendWithRetries(this, 'starting scheduled calls');
	return await executePerItem(this, {
		doing: 'starting scheduled calls',
		handle: async (itemIndex, telegram) => {
			const reference = readCallParameter(this, itemIndex);
			return await startScheduledCall(await telegram(), reference, send);
		},
	});
}
