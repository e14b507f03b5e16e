import type { IExecuteFunctions, INodeExecutionData, INodeProperties, NodeExecutionHint } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { readBooleanOption, readWholeNumberOption } from '../../input/optionValues';
import { callLocator } from './common/callLocator';
import { executePerItem } from './common/executePerItem';
import { readCallParameter } from './common/readCallParameter';
import { sendWithRetries } from './common/withRetries';
import { collectParticipants, type CollectedParticipants } from './participants/collectParticipants';
import { participantJson } from './participants/participantJson';

const MAX_LIMIT = 100_000;

const properties: INodeProperties[] = [
	callLocator('The call whose participants to list. A chat means its current call; "By ID" pins one call.'),
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_LIMIT },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName:
			'One item per participant, paired with its input item. A call with nobody in it (or a chat without a call) gives no items; turn on "Always Output Data" in the node\'s settings to get an empty item instead.',
		name: 'emptyNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['groupCall'], operation: ['getParticipants'] } }, properties);

/**
 * One item per participant (none for an empty call). What the person should know but that is no participant —
 * the call has no participants because it ended or is only scheduled, listeners are hidden, paging stopped
 * early — goes to the execution hints of the output pane and the log, not into the data.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const send = sendWithRetries(this, 'listing the participants');
	const hints: NodeExecutionHint[] = [];
	const result = await executePerItem(this, {
		doing: 'listing the participants',
		handle: async (itemIndex, telegram) => {
			const reference = readCallParameter(this, itemIndex);
			const wanted = readWanted(this, itemIndex);
			const gateway = await telegram();
			const found = await send(async () => await gateway.findCall(reference));
			if (found.call === undefined) {
				hints.push(itemHint(itemIndex, 'noCall', `the chat "${found.chat.title}" has no call now, so nobody is listed`));
				return [];
			}
			const handle = found.call;
			const collected = await collectParticipants(gateway, handle, wanted, send);
			hints.push(...hintsFor(itemIndex, collected, wanted));
			const listenersHidden = collected.call?.listenersHidden ?? false;
			return collected.participants.map((participant) => participantJson(handle.callId, participant, listenersHidden));
		},
	});
	if (hints.length > 0) {
		this.addExecutionHints(...hints);
		for (const hint of hints) this.logger.info(hint.message);
	}
	return result;
}

/** The Limit, or undefined for Return All; read n8n-style, so "25" from a sheet works and "all" is refused. */
function readWanted(context: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false);
	const limit = context.getNodeParameter('limit', itemIndex, 50);
	try {
		if (readBooleanOption(returnAll, { displayName: 'Return All', default: false })) return undefined;
		return readWholeNumberOption(limit, { displayName: 'Limit', default: 50, min: 1, max: MAX_LIMIT });
	} catch (error) {
		// Only the readers throw here, with a sentence naming the field and what it takes.
		throw new NodeOperationError(context.getNode(), error instanceof Error ? error.message : String(error), { itemIndex });
	}
}

function hintsFor(itemIndex: number, collected: CollectedParticipants, wanted: number | undefined): NodeExecutionHint[] {
	const hints: NodeExecutionHint[] = [];
	const call = collected.call;
	if (call?.state === 'ended') hints.push(itemHint(itemIndex, 'ended', 'the call has ended, so nobody is in it'));
	else if (call?.state === 'scheduled') hints.push(itemHint(itemIndex, 'scheduled', 'the call is scheduled and has not started, so nobody is in it yet'));
	if (call?.listenersHidden === true) {
		// How many were left unlisted is known only when the whole list was read.
		const wholeList = collected.stoppedEarly === undefined && collected.participants.length !== wanted;
		const unlisted = wholeList ? `, ${Math.max(0, call.participantsCount - collected.participants.length)} not listed` : '';
		hints.push(
			itemHint(
				itemIndex,
				'listenersHidden',
				`the call hides its listeners: Telegram lists only those who may speak (${call.participantsCount} in the call in all${unlisted})`,
			),
		);
	}
	if (collected.stoppedEarly === 'repeatedOffset') {
		hints.push(
			itemHint(itemIndex, 'repeatedOffset', 'Telegram sent a page offset it had sent before; the list stopped there so that it could not loop forever, and may be incomplete. Run again to get the whole list', 'warning'),
		);
	} else if (collected.stoppedEarly === 'tooManyPages') {
		hints.push(itemHint(itemIndex, 'tooManyPages', 'Telegram kept sending pages past 100,000 participants; the list stopped there', 'warning'));
	}
	return hints;
}

const SUMMARIES: Record<string, string> = {
	noCall: '{count} input item(s): the chat has no call, no participants listed',
	ended: '{count} input item(s): the call has ended, no participants listed',
	scheduled: '{count} input item(s): the call has not started yet, no participants listed',
	listenersHidden: '{count} input item(s): the call hides its listeners, only speakers are listed',
	repeatedOffset: '{count} input item(s): the list may be incomplete (Telegram repeated a page offset)',
	tooManyPages: '{count} input item(s): the list stopped after 1,000 pages',
};

function itemHint(itemIndex: number, key: string, text: string, type: 'info' | 'warning' = 'info'): NodeExecutionHint {
	return {
		message: `Item ${itemIndex}: ${text}.`,
		type,
		location: 'outputPane',
		group: { key: `getParticipants:${key}`, summary: SUMMARIES[key] },
	};
}
