import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A collection parameter as the person sees it: its label, its key in a workflow's JSON, and what it holds. */
export interface CollectionSpec {
	displayName: string;
	name: string;
	/** What its entries are, in the plural: "options", "fields". */
	holds: string;
}

/** Every operation's and the trigger's "Options" (common/optionsCollection.ts builds the parameter). */
export const OPTIONS_COLLECTION: CollectionSpec = { displayName: 'Options', name: 'options', holds: 'options' };

/**
 * A collection parameter's value as `getNodeParameter` gives it, as an object to read options from. n8n's
 * engine replaces a stored value that is not an object by the default, but a workflow imported from JSON or built
 * through the API can hold `null`, a text or a list there, and the node must not depend on the host to stop it:
 * empty (undefined, null, blank text) means none, as a collection never filled in; anything else that is not a
 * plain object is refused with a NodeOperationError naming the collection, on `itemIndex` when given.
 */
export function readCollectionValue(value: unknown, collection: CollectionSpec, at: { node: INode; itemIndex?: number }): IDataObject {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return {};
	if (isPlainObject(value)) return value;
	throw new NodeOperationError(
		at.node,
		`"${collection.displayName}" must be a set of ${collection.holds}, not ${describe(value)}. Add the ${collection.holds} you want under "${collection.displayName}" in the node (left empty, it means none); in the workflow's JSON, "${collection.name}" must be an object such as {}.`,
		at.itemIndex === undefined ? {} : { itemIndex: at.itemIndex },
	);
}

function isPlainObject(value: unknown): value is IDataObject {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
	const prototype: unknown = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}

/** What the value is, briefly (never a whole document: a text is cut short). */
function describe(value: unknown): string {
	if (typeof value === 'string') return `a text: ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
	if (typeof value === 'number' || typeof value === 'bigint') return `a number: ${String(value)}`;
	if (typeof value === 'boolean') return `a true/false value: ${String(value)}`;
	if (Array.isArray(value)) return `a list of ${value.length} value(s)`;
	if (typeof value === 'object' && value !== null) {
		const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
		return typeof name === 'string' && name !== '' ? `an object of type ${name}` : 'an object that is not a set of values';
	}
	return `a ${typeof value}`;
}
