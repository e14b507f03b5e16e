import { NodeConnectionTypes, type INodeType, type INodeTypeDescription, type ITriggerFunctions, type ITriggerResponse } from 'n8n-workflow';

import { credentialTest, listSearch } from '../TelegramGroupCall/methods';

import { activateTrigger } from './activation/activateTrigger';
import { startTransportWatch } from './activation/transportWatch';
import { triggerProperties } from './description/properties';

/**
 * Starts workflows on what happens to the account's voice and video chats. Loading it stays cheap (n8n loads
 * every node at startup): GramJS is imported only when a workflow with it is activated.
 */
export class TelegramGroupCallTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram Group Call Trigger',
		name: 'telegramGroupCallTrigger',
		icon: { light: 'file:telegramGroupCallTrigger.svg', dark: 'file:telegramGroupCallTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		// Events may be an expression's text rather than a list.
		subtitle: '={{ [].concat($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when a Telegram voice or video chat is scheduled, starts, ends or changes, or people join and leave',
		defaults: { name: 'Telegram Group Call Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'telegramMtprotoApi', required: true, testedBy: 'telegramMtprotoApiTest' }],
		properties: triggerProperties,
	};

	methods = { credentialTest, listSearch };

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return await activateTrigger(this, startTransportWatch);
	}
}
