import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { callJson, noCallJson } from './common/callOutput';
import { callLocator } from './common/callLocator';
import { executePerItem } from './common/executePerItem';
import { readCallParameter } from './common/readCallParameter';
import { DEFAULT_MAX_FLOOD_WAIT_SECONDS, withRetries } from './common/withRetries';

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
	const retry = { signal: this.getExecutionCancelSignal(), maxFloodWaitSeconds: DEFAULT_MAX_FLOOD_WAIT_SECONDS, logger: this.logger };
	return await executePerItem(this, {
		doing: 'reading the call',
		handle: async (itemIndex, telegram) => {
			const reference = readCallParameter(this, itemIndex);
			const gateway = await telegram();
			const found = await withRetries(async () => await gateway.findCall(reference), { ...retry, what: 'finding the call' });
			if (found.call === undefined) return noCallJson(found.chat);
			const handle = found.call;
			const info = await withRetries(async () => await gateway.getCall(handle), { ...retry, what: 'reading the call' });
			return callJson(info, found.chat);
		},
	});
}
