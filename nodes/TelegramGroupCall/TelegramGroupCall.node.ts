import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { configuredOutputs } from './actions/groupCall/common/outputs';
import * as groupCall from './actions/groupCall/GroupCall.resource';
import { router } from './actions/router';
import { credentialTest, listSearch } from './methods';

/**
 * Loading this class must stay cheap: n8n loads every node at startup. GramJS is imported only when the
 * node runs (see transport/index.ts). The operations and their parameters live in actions/.
 */
export class TelegramGroupCall implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram Group Call',
		name: 'telegramGroupCall',
		icon: { light: 'file:telegramGroupCall.svg', dark: 'file:telegramGroupCall.dark.svg' },
		group: ['output'],
		version: 1,
		// The operation in words from its value ("getParticipants" → "Get participants"; one word gets "call":
		// "Get call"), so operations added later need no entry here. No operation: a workflow saved before there
		// were others, i.e. Invite Users, which says when it is a dry run.
		subtitle:
			'={{ !$parameter["operation"] || $parameter["operation"] === "inviteUsers" ? (($parameter["options"] || {}).dryRun === true ? "Invite users (dry run)" : "Invite users") : $parameter["operation"].charAt(0).toUpperCase() + $parameter["operation"].slice(1).replace(/[A-Z]/g, (letter) => " " + letter.toLowerCase()) + (/[A-Z]/.test($parameter["operation"]) ? "" : " call") }}',
		description: 'Manage Telegram voice and video chats with your own account: create, schedule, start, update and end calls, invite users, read a call and its participants',
		defaults: { name: 'Telegram Group Call' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Invited and Failed for Invite Users, one output for the other operations.
		outputs: `={{(${configuredOutputs.toString()})($parameter)}}`,
		credentials: [{ name: 'telegramMtprotoApi', required: true, testedBy: 'telegramMtprotoApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Group Call', value: 'groupCall' }],
				default: 'groupCall',
			},
			...groupCall.description,
		],
	};

	methods = { credentialTest, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
