import type { INodeProperties } from 'n8n-workflow';

/** An operation's "Options" collection (read with `getNodeParameter('options', itemIndex, {})`): each option added on demand. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add option', default: {}, options };
}
