import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getParticipants from './getParticipants.operation';
import * as inviteUsers from './inviteUsers.operation';

export { get, getParticipants, inviteUsers };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['groupCall'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: "Get a call's state (active, scheduled, ended, or none), title, settings and link",
				action: 'Get a group call',
			},
			{
				name: 'Get Participants',
				value: 'getParticipants',
				description: 'List the people in a voice or video chat, one item per participant',
				action: 'Get participants of a group call',
			},
			{
				name: 'Invite Users',
				value: 'inviteUsers',
				description: 'Invite users to a voice or video chat, with a result for every user',
				action: 'Invite users to a group call',
			},
		],
		default: 'inviteUsers',
	},
	...get.description,
	...getParticipants.description,
	...inviteUsers.description,
];
