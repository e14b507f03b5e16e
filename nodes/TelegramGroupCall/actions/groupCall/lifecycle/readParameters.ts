import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { settleSync } from '../../../errors/settle';
import { readCallTitle } from '../../../input/callTitle';
import { readDateTime } from '../../../input/dateTimeValue';
import { OptionValueError, readChoiceOption } from '../../../input/optionValues';
import { parseChatReference } from '../../../input/parseChatReference';
import { scheduleSeconds } from '../../../input/scheduleDate';
import { OPTIONS_COLLECTION, readCollectionValue } from '../../../parameters/collectionValue';
import type { CreateParameters, IfCallExists } from './createCall';

/**
 * Reads one item's parameters for Create, before anything is sent (the Call parameter of Start Scheduled and End
 * is read by common/readCallParameter). Bad values stop that item with a NodeOperationError naming the field and
 * what to do.
 */

export function readCreateParameters(context: IExecuteFunctions, itemIndex: number, randomId: number): CreateParameters {
	const node = context.getNode();
	const chat = parseChatReference(context.getNodeParameter('chat', itemIndex, undefined, { extractValue: true }));
	if (!chat.ok) throw new NodeOperationError(node, `The "Chat" parameter is not usable: ${chat.reason}.`, { itemIndex });
	const read = settleSync((): CreateParameters => {
		const title = readCallTitle(context.getNodeParameter('title', itemIndex, ''));
		const start = readChoiceOption(context.getNodeParameter('start', itemIndex, 'now'), {
			displayName: 'Start',
			default: 'now',
			choices: ['now', 'scheduled'] as const,
		});
		const options = readCollectionValue(context.getNodeParameter('options', itemIndex, {}), OPTIONS_COLLECTION, { node, itemIndex });
		const ifCallExists = readChoiceOption<IfCallExists>(options.ifCallExists, {
			displayName: 'If a Call Is Already Running',
			default: 'returnIt',
			choices: ['returnIt', 'fail'],
		});
		const scheduleDate =
			start === 'scheduled'
				? scheduleSeconds(readDateTime(context.getNodeParameter('startAt', itemIndex, ''), 'Start At', context.getTimezone()), Date.now(), 'Start At')
				: undefined;
		return {
			chat: chat.reference,
			ifCallExists,
			randomId,
			...(title === undefined ? {} : { title }),
			...(scheduleDate === undefined ? {} : { scheduleDate }),
		};
	});
	if (read.ok) return read.value;
	if (read.error instanceof OptionValueError) throw new NodeOperationError(node, read.error.message, { itemIndex });
	// A NodeOperationError (the Options collection) already names the field and the item.
	throw read.error;
}
