import type { INodeProperties } from 'n8n-workflow';

import { locatorParameter } from '../../../parameters/locatorParameter';

/**
 * The "Call" parameter every operation takes: a chat (its current call), a call link, or a call's id and
 * access hash. Read it with `readCallParameter`. Create takes a chat instead (chatLocator).
 */
export function callLocator(description: string): INodeProperties {
	return locatorParameter({
		displayName: 'Call',
		name: 'call',
		description,
		list: { placeholder: 'Select a chat with a call…', searchListMethod: 'searchCalls' },
		typed: [
			{
				displayName: 'By Chat or Link',
				name: 'chat',
				placeholder: '@my_group, https://t.me/my_group?videochat or -1001234567890',
				hint: '@username, a t.me link, a call link (?videochat, ?voicechat, ?livestream) or a numeric chat ID',
			},
			{
				displayName: 'By ID',
				name: 'id',
				placeholder: '1234567890123:-987654321098765',
				hint: 'The call ID and access hash, as "<callId>:<accessHash>"',
				regex: {
					pattern: '^\\s*-?\\d+\\s*:\\s*-?\\d+\\s*$',
					errorMessage: 'Use "<callId>:<accessHash>", two integers separated by a colon',
				},
			},
		],
	});
}
