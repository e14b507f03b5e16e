import type { ICredentialDataDecryptedObject, IDataObject, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeError } from '../../TelegramGroupCall/errors/catalog';
import { isTelegramError, openTelegramSession, type CallWatch, type CallWatchEvents } from '../../TelegramGroupCall/transport';

import { CallWatcher, WatchedChatError } from '../watcher/callWatcher';
import { systemClock, type WatchClock } from '../watcher/pollTimer';
import { restoreState, type TriggerState } from '../watcher/triggerState';
import { eventItem } from './eventItem';
import { readTriggerParameters } from './readTriggerParameters';

/** Where the remembered state lives in the node's workflow static data. */
const STATE_FIELD = 'callWatch';

export type StartWatch = (credentials: ICredentialDataDecryptedObject, events: CallWatchEvents, signal: AbortSignal) => Promise<CallWatch>;

/**
 * The trigger's activation: reads the parameters (a bad one fails activation naming it), restores what the
 * workflow remembers, starts the watch and records the present, and hands n8n the close function.
 */
export async function activateTrigger(context: ITriggerFunctions, startWatch: StartWatch, clock: WatchClock = systemClock): Promise<ITriggerResponse> {
	const parameters = readTriggerParameters(context);
	const credentials = await context.getCredentials('telegramMtprotoApi');
	const staticData = context.getWorkflowStaticData('node');
	const state = restoreState(staticData[STATE_FIELD], parameters.selectionKey);
	const node = context.getNode();
	const watcher = new CallWatcher({
		...parameters,
		state,
		saveState: (changed: TriggerState) => {
			staticData[STATE_FIELD] = JSON.parse(JSON.stringify(changed)) as IDataObject;
		},
		openSession: async (signal) => await openTelegramSession(credentials, signal),
		startWatch: async (events, signal) => await startWatch(credentials, events, signal),
		// `context.emit` is looked up at each event: for "Listen for test event" n8n replaces it after activation.
		emit: (events) => context.emit([events.map((event) => ({ json: eventItem(event) }))]),
		fail: (error) => context.emitError(new NodeOperationError(node, telegramMessage(error))),
		warn: (message) => context.logger.warn(message, { node: node.name }),
		clock,
	});
	try {
		await watcher.start();
	} catch (error) {
		throw activationError(context, error);
	}
	return {
		closeFunction: async () => await watcher.close(),
		// The watch is already listening; the first event fills the test panel.
		manualTriggerFunction: async () => {},
	};
}

function activationError(context: ITriggerFunctions, error: unknown): Error {
	const node = context.getNode();
	if (error instanceof WatchedChatError) {
		const reason = isTelegramError(error.cause) ? telegramMessage(error.cause) : String(error.cause);
		return new NodeOperationError(node, `Chats to Watch: cannot watch "${error.label}". ${reason}`, {
			description: 'Pick the chat from the list, or check its @username or ID; the account must be a member.',
		});
	}
	if (isTelegramError(error)) return new NodeOperationError(node, telegramMessage(error));
	return error instanceof Error ? error : new Error(String(error));
}

/** The catalog's sentence for a Telegram error, with its code; never the session or the API hash. */
function telegramMessage(error: { code: string; httpCode: number | null }): string {
	return `${describeError(error.code, error.httpCode).message} [${error.code}]`;
}
