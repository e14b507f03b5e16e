import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseCallReference, type CallReference } from '../../../input/parseCallReference';

/**
 * The item's "Call" parameter (see callLocator) as a reference, or a NodeOperationError naming the field and
 * saying what it takes: thrown before anything is sent, so bad input needs no connection.
 */
export function readCallParameter(context: IExecuteFunctions, itemIndex: number): CallReference {
	const value: unknown = context.getNodeParameter('call', itemIndex, undefined, { extractValue: true });
	const parsed = parseCallReference(value);
	if (parsed.ok) return parsed.reference;
	throw new NodeOperationError(context.getNode(), `Call: ${parsed.reason}.`, {
		itemIndex,
		description: 'Use @chat, a t.me link, a call link, a numeric chat ID, or "<callId>:<accessHash>" from an earlier Get.',
	});
}
