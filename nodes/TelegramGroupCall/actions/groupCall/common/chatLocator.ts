import type { INodeProperties } from 'n8n-workflow';

import { chatIdMode } from '../../../parameters/chatModes';
import { locatorParameter } from '../../../parameters/locatorParameter';

/**
 * Create's "Chat" parameter: the group or channel to start a call in. Read it with
 * `getNodeParameter('chat', itemIndex, undefined, { extractValue: true })` and `parseChatReference`; it takes
 * the chat forms the Call parameter takes (Bot API ids included), not a call's id.
 */
export function chatLocator(description: string): INodeProperties {
	return locatorParameter({
		displayName: 'Chat',
		name: 'chat',
		description,
		list: { placeholder: 'Select a group or channel…', searchListMethod: 'searchChats' },
		typed: [
			{
				displayName: 'By Username or Link',
				name: 'username',
				placeholder: '@my_group or https://t.me/my_group',
				hint: 'The public @username or t.me link of the group or channel',
			},
			chatIdMode,
		],
	});
}
