import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeError } from '../../../errors/catalog';
import { parseCallReference, type CallReference } from '../../../input/parseCallReference';

/** The item's "Call" parameter (callLocator) as a reference; a NodeOperationError naming it when unreadable. */
export function readCallParameter(context: IExecuteFunctions, itemIndex: number): CallReference {
	const value: unknown = context.getNodeParameter('call', itemIndex, undefined, { extractValue: true });
	const parsed = parseCallReference(value);
	if (parsed.ok) return parsed.reference;
	throw new NodeOperationError(context.getNode(), `${describeError(parsed.code).message} Here: ${parsed.reason}.`, { itemIndex });
}
