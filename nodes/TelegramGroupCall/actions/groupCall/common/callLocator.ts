import type { INodeProperties } from 'n8n-workflow';

/**
 * The "Call" parameter every operation takes: a chat (its current call), a call link, or a call's id and
 * access hash. Read it with `getNodeParameter('call', itemIndex, undefined, { extractValue: true })` and
 * `parseCallReference`. Create takes a chat instead (see its own parameter).
 */
export function callLocator(description: string): INodeProperties {
	return {
		displayName: 'Call',
		name: 'call',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a chat with a call…',
				typeOptions: { searchListMethod: 'searchCalls', searchable: true },
			},
			{
				displayName: 'By Chat or Link',
				name: 'chat',
				type: 'string',
				placeholder: '@my_group, https://t.me/my_group?videochat or -1001234567890',
				hint: '@username, a t.me link, a call link (?videochat, ?voicechat, ?livestream) or a numeric chat ID',
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '1234567890123:-987654321098765',
				hint: 'The call ID and access hash, as "<callId>:<accessHash>"',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*-?\\d+\\s*:\\s*-?\\d+\\s*$',
							errorMessage: 'Use "<callId>:<accessHash>", two integers separated by a colon',
						},
					},
				],
			},
		],
	};
}
