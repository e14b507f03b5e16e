import type { INodeProperties } from 'n8n-workflow';

/**
 * Create's "Chat" parameter: the group or channel to start a call in. Read it with
 * `getNodeParameter('chat', itemIndex, undefined, { extractValue: true })` and `readChatReference`; it takes
 * the chat forms the Call parameter takes (Bot API ids included), not a call's id.
 */
export function chatLocator(description: string): INodeProperties {
	return {
		displayName: 'Chat',
		name: 'chat',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a group or channel…',
				typeOptions: { searchListMethod: 'searchChats', searchable: true },
			},
			{
				displayName: 'By Username or Link',
				name: 'username',
				type: 'string',
				placeholder: '@my_group or https://t.me/my_group',
				hint: 'The public @username or t.me link of the group or channel',
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '-1001234567890',
				hint: 'The chat ID as the Bot API writes it (-100… for supergroups and channels, -… for basic groups)',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*-?\\d+\\s*$', errorMessage: 'Use a numeric chat ID, e.g. -1001234567890' },
					},
				],
			},
		],
	};
}
