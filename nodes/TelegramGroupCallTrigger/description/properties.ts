import type { INodeProperties } from 'n8n-workflow';

import { chatIdMode, chatOrLinkMode } from '../../TelegramGroupCall/parameters/chatModes';
import { locatorParameter } from '../../TelegramGroupCall/parameters/locatorParameter';

import { TRIGGER_EVENTS, type TriggerEventName } from '../watcher/events';

/** Poll Interval: how often running calls' participant lists are read (joins and leaves). */
export const POLL_INTERVAL = { displayName: 'Poll Interval (Seconds)', default: 10, min: 2, max: 3_600 } as const;

const EVENT_NAMES: Readonly<Record<TriggerEventName, { name: string; description: string }>> = {
	callScheduled: { name: 'Call Scheduled', description: 'A call was scheduled for later' },
	callStarted: { name: 'Call Started', description: 'A call started (also a scheduled one)' },
	callEnded: { name: 'Call Ended', description: 'A call ended; the item has its duration' },
	titleChanged: { name: 'Title Changed', description: 'A call got a new title' },
	recordingStarted: { name: 'Recording Started', description: 'Someone started recording the call' },
	recordingStopped: { name: 'Recording Stopped', description: 'The recording of the call stopped' },
	usersInvited: { name: 'Users Invited', description: 'Someone invited users to the call (who invited whom)' },
	participantJoined: { name: 'Participant Joined', description: 'Someone joined the call (seen at the next poll)' },
	participantLeft: { name: 'Participant Left', description: 'Someone left the call, with their time in it (seen at the next poll)' },
};

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Chats',
		name: 'chats',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'All Chats', value: 'allChats', description: "Every group and channel of the account, and any chat a call update names" },
			{ name: 'Chosen Chats', value: 'chosenChats', description: 'Only the groups and channels listed below' },
		],
		default: 'allChats',
	},
	{
		displayName: 'Chats to Watch',
		name: 'chosenChats',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Chat',
		default: {},
		displayOptions: { show: { chats: ['chosenChats'] } },
		options: [
			{
				displayName: 'Chat',
				name: 'chat',
				values: [
					locatorParameter({
						displayName: 'Chat',
						name: 'chat',
						description: 'A group or channel of the account whose calls to watch',
						list: { placeholder: 'Select a group or channel…', searchListMethod: 'searchChats' },
						typed: [chatOrLinkMode, chatIdMode],
					}),
				],
			},
		],
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: TRIGGER_EVENTS.map((value) => ({ value, ...EVENT_NAMES[value] })),
		default: ['callStarted', 'callEnded'],
		description: 'What starts the workflow; each event gives one item',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollInterval',
				type: 'number',
				typeOptions: { minValue: POLL_INTERVAL.min, maxValue: POLL_INTERVAL.max },
				// POLL_INTERVAL.default, written out for the linter.
				default: 10,
				description:
					'How often the participant lists of running calls are read, for Participant Joined and Participant Left. Telegram only pushes joins and leaves to accounts in the call, so they are polled: each poll costs one request per 100 participants of each running call.',
			},
		],
	},
];
