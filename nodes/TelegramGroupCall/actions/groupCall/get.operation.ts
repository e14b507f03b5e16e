import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { callJson, noCallJson } from './common/callOutput';
import { callLocator } from './common/callLocator';
import { executePerItem } from './common/executePerItem';
import { readCallParameter } from './common/readCallParameter';
import { sendWithRetries } from './common/withRetries';

const properties: INodeProperties[] = [
	callLocator(
		'The call to read. A chat means its current call (state "none" when it has none); "By ID" reads that call, ended or not.',
	),
];

export const description = updateDisplayOptions({ show: { resource: ['groupCall'], operation: ['get'] } }, properties);

/**
 * One item per input item: the call's state and settings. A chat without a call is an answer (state "none"),
 * not a failure; a call named "By ID" that has ended is state "ended" (Telegram answers groupCallDiscarded).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const send = sendWithRetries(this, 'reading the call');
	return await executePerItem(this, {
		doing: 'reading the call',
		handle: async (itemIndex, telegram) => {
			const reference = readCallParameter(this, itemIndex);
			const gateway = await telegram();
			const found = await send(async () => await gateway.findCall(reference));
			if (found.call === undefined) return noCallJson(found.chat);
			const handle = found.call;
			const info = await send(async () => await gateway.getCall(handle));
			return callJson(info, found.chat);
		},
	});
}
