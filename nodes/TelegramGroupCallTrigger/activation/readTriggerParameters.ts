import type { ITriggerFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { settleSync } from '../../TelegramGroupCall/errors/settle';
import { describeValue, OptionValueError, readChoiceOption, readWholeNumberOption } from '../../TelegramGroupCall/input/optionValues';
import { parseChatReference } from '../../TelegramGroupCall/input/parseChatReference';
import { OPTIONS_COLLECTION, readCollectionValue } from '../../TelegramGroupCall/parameters/collectionValue';

import { POLL_INTERVAL } from '../description/properties';
import { isTriggerEventName, TRIGGER_EVENTS, type TriggerEventName } from '../watcher/events';
import type { ChatSelection } from '../watcher/callWatcher';

export interface TriggerParameters {
	selection: ChatSelection;
	/** Identifies the selection in the remembered state: another selection starts over. */
	selectionKey: string;
	events: ReadonlySet<TriggerEventName>;
	pollIntervalMs: number;
}

/** The trigger's parameters, n8n-style (values from expressions may have any type); a bad one fails activation naming it. */
export function readTriggerParameters(context: ITriggerFunctions): TriggerParameters {
	const fail = (message: string, description?: string) => new NodeOperationError(context.getNode(), message, { description });
	const read = <T>(work: () => T): T => {
		const read = settleSync(work);
		if (read.ok) return read.value;
		throw fail(read.error instanceof OptionValueError ? read.error.message : String(read.error));
	};
	const mode = read(() => readChoiceOption(context.getNodeParameter('chats', 'allChats'), { displayName: 'Chats', default: 'allChats', choices: ['allChats', 'chosenChats'] as const }));
	const selection = mode === 'allChats' ? ({ mode: 'all' } as const) : chosenChats(context.getNodeParameter('chosenChats.chat', []), fail);
	const events = readEvents(context.getNodeParameter('events', []), fail);
	const options = readCollectionValue(context.getNodeParameter('options', {}), OPTIONS_COLLECTION, { node: context.getNode() });
	const pollInterval = read(() => readWholeNumberOption(options.pollInterval, { displayName: POLL_INTERVAL.displayName, default: POLL_INTERVAL.default, min: POLL_INTERVAL.min, max: POLL_INTERVAL.max }));
	const selectionKey = selection.mode === 'all' ? 'all' : `chosen:${selection.chats.map(({ reference }) => reference.key).sort().join(',')}`;
	return { selection, selectionKey, events, pollIntervalMs: pollInterval * 1000 };
}

function chosenChats(value: unknown, fail: (message: string, description?: string) => Error): ChatSelection {
	const entries = Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
	const chats = entries.map((entry: unknown, index) => {
		const written = locatorValue(entry);
		const parsed = parseChatReference(written);
		if (!parsed.ok) throw fail(`Chats to Watch, chat ${index + 1}: ${parsed.reason}.`, 'Pick the chat from the list, or give its @username, t.me link or numeric ID.');
		return { reference: parsed.reference, label: typeof written === 'string' ? written.trim() : String(written) };
	});
	if (chats.length === 0) {
		throw fail('Chats to Watch is empty: add at least one group or channel, or set Chats to "All Chats".');
	}
	return { mode: 'chosen', chats };
}

/** A resourceLocator's value as stored ({ __rl, mode, value }) or a plain value from an expression. */
function locatorValue(entry: unknown): unknown {
	const inner = isRecord(entry) && 'chat' in entry ? entry.chat : entry;
	return isRecord(inner) && 'value' in inner ? inner.value : inner;
}

function readEvents(value: unknown, fail: (message: string) => Error): ReadonlySet<TriggerEventName> {
	const list = typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter((part) => part !== '') : Array.isArray(value) ? value : undefined;
	if (list === undefined) throw fail(`Events must be a list of events, but it is ${describeValue(value)}.`);
	const unknown = list.filter((name) => !isTriggerEventName(name));
	if (unknown.length > 0) {
		throw fail(`Events: ${unknown.map((name) => describeValue(name)).join(', ')} is not an event; the events are ${TRIGGER_EVENTS.join(', ')}.`);
	}
	if (list.length === 0) throw fail('Events is empty: choose at least one event to start the workflow with.');
	return new Set(list as TriggerEventName[]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
