import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

/** A mode where the person types the value, checked against `regex` (the whole value) when given. */
export interface TypedMode {
	displayName: string;
	name: string;
	placeholder: string;
	hint: string;
	regex?: { pattern: string; errorMessage: string };
}

/**
 * A required resourceLocator parameter that starts on "From List" (searched with `searchListMethod`, see
 * methods/listSearch.ts) and offers the typed modes after it. The Call and Chat parameters are built with it.
 */
export function locatorParameter(spec: {
	displayName: string;
	name: string;
	description: string;
	list: { placeholder: string; searchListMethod: string };
	typed: readonly TypedMode[];
}): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: spec.list.placeholder,
				typeOptions: { searchListMethod: spec.list.searchListMethod, searchable: true },
			},
			...spec.typed.map(typedMode),
		],
	};
}

function typedMode({ displayName, name, placeholder, hint, regex }: TypedMode): INodePropertyMode {
	// A resourceLocator mode, not a parameter: modes have no default (the parameter's default names the mode).
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
	return {
		displayName,
		name,
		type: 'string',
		placeholder,
		hint,
		...(regex === undefined
			? {}
			: { validation: [{ type: 'regex', properties: { regex: regex.pattern, errorMessage: regex.errorMessage } }] }),
	};
}
