import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { configuredOutputs } from './actions/groupCall/common/outputs';
import { operationSubtitle } from './actions/groupCall/common/subtitle';
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
		// The operation in words; "Invite users (dry run)" when Invite Users only checks.
		subtitle: `={{(${operationSubtitle.toString()})($parameter)}}`,
		description: 'Manage Telegram voice and video chats with your own account: invite users, read a call and its participants',
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
