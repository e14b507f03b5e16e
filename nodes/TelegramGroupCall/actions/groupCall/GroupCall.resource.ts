import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as end from './end.operation';
import * as get from './get.operation';
import * as getInviteLink from './getInviteLink.operation';
import * as getParticipants from './getParticipants.operation';
import * as inviteUsers from './inviteUsers.operation';
import * as startScheduled from './startScheduled.operation';
import * as update from './update.operation';

export { create, end, get, getInviteLink, getParticipants, inviteUsers, startScheduled, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['groupCall'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Start a voice or video chat in a group or channel now, or schedule one for a date and time',
				action: 'Create or schedule a group call',
			},
			{
				name: 'End',
				value: 'end',
				description: 'End a voice or video chat for everyone, or cancel a scheduled one',
				action: 'End a group call',
			},
			{
				name: 'Get',
				value: 'get',
				description: "Get a call's state (active, scheduled, ended, or none), title, settings and link",
				action: 'Get a group call',
			},
			{
				name: 'Get Invite Link',
				value: 'getInviteLink',
				description: "Get the call's t.me link (public chats only), optionally one that lets people speak",
				action: 'Get the invite link of a group call',
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
			{
				name: 'Start Scheduled',
				value: 'startScheduled',
				description: 'Start a scheduled voice or video chat now',
				action: 'Start a scheduled group call',
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
	...create.description,
	...end.description,
	...get.description,
	...getInviteLink.description,
	...getParticipants.description,
	...inviteUsers.description,
	...startScheduled.description,
	...update.description,
];
