import type { INodeProperties } from 'n8n-workflow';

import * as inviteUsers from './inviteUsers.operation';

export { inviteUsers };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['groupCall'] } },
		options: [
			{
				name: 'Invite Users',
				value: 'inviteUsers',
				description: 'Invite users to a voice or video chat, with a result for every user',
				action: 'Invite users to a group call',
			},
		],
		default: 'inviteUsers',
	},
	...inviteUsers.description,
];
