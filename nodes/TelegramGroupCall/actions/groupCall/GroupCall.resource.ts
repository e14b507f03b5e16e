import type { INodeProperties } from 'n8n-workflow';

import * as getInviteLink from './getInviteLink.operation';
import * as inviteUsers from './inviteUsers.operation';
import * as update from './update.operation';

export { getInviteLink, inviteUsers, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['groupCall'] } },
		options: [
			{
				name: 'Get Invite Link',
				value: 'getInviteLink',
				description: "Get the call's t.me link (public chats only), optionally one that lets people speak",
				action: 'Get the invite link of a group call',
			},
			{
				name: 'Invite Users',
				value: 'inviteUsers',
				description: 'Invite users to a voice or video chat, with a result for every user',
				action: 'Invite users to a group call',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the title, whether people join muted, the speaker link, or start or stop recording',
				action: 'Update a group call',
			},
		],
		default: 'inviteUsers',
	},
	...inviteUsers.description,
	...update.description,
	...getInviteLink.description,
];
