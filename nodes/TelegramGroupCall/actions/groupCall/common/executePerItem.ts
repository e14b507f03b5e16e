import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CancelledError } from '../../../errors/cancellation';
import { describeError } from '../../../errors/catalog';
import { openTelegramSession, TelegramError, type TelegramGateway, type TelegramSession } from '../../../transport';
import { addUpgradeHints } from './upgradeNotice';

/**
 * One input item's work: read its parameters (throw NodeOperationError naming the field for bad input,
 * before asking for `telegram()`, so bad input never needs a credential or a connection), talk to Telegram
 * through the gateway, and return its result: one object, or a
 * list (Get Participants gives one item per participant; an empty list gives no item).
 */
export type ItemHandler = (itemIndex: number, telegram: () => Promise<TelegramGateway>) => Promise<IDataObject | IDataObject[]>;

export interface PerItemOperation {
	/** What the operation does, for "The execution was canceled while <doing>". */
	doing: string;
	handle: ItemHandler;
}

/**
 * Runs an operation once per input item, over one pooled Telegram session for the whole execution, with
 * n8n's conventions for failures: "Stop Workflow" throws with the item named; the continue modes give the
 * failing item an error item (json of only `error` and `details`, which n8n moves to the Error output under
 * "continue (using error output)"), and the other items go on. A cancellation always stops the execution.
 */
export async function executePerItem(context: IExecuteFunctions, operation: PerItemOperation): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const node = context.getNode();
	const continueOnFail = context.continueOnFail();
	const signal = context.getExecutionCancelSignal();
	const results: INodeExecutionData[] = [];
	let session: TelegramSession | undefined;
	// Opened on the first item's first need of it; the pooled connection itself opens on the first request.
	let opening: Promise<TelegramSession> | undefined;
	const telegram = async (): Promise<TelegramGateway> => {
		opening ??= (async () => await openTelegramSession(await context.getCredentials('telegramMtprotoApi'), signal))();
		session = await opening;
		return session.gateway;
	};
	try {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const result = await operation.handle(itemIndex, telegram);
				for (const json of Array.isArray(result) ? result : [result]) results.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (error instanceof CancelledError || signal?.aborted === true) {
					throw new NodeOperationError(node, `The execution was canceled while ${operation.doing}.`, { itemIndex });
				}
				if (!continueOnFail) throw itemError(node, error, itemIndex);
				results.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
			}
		}
	} finally {
		addUpgradeHints(context, session?.gateway);
		session?.release();
	}
	return [results];
}

/** The failure as n8n shows it when "On Error" stops the workflow: the catalog's sentence, the item named. */
export function itemError(node: INode, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (error instanceof TelegramError) {
		const description = describeError(error.code, error.httpCode);
		return new NodeOperationError(node, description.message, { itemIndex, description: technicalDetail(error) });
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}

/** An error item's json under a continue mode: only `error` and `details`, never credential values. */
export function errorJson(error: unknown): IDataObject {
	if (error instanceof TelegramError) {
		const description = describeError(error.code, error.httpCode);
		return {
			error: description.message,
			details: { code: description.code, httpCode: description.httpCode, reason: technicalDetail(error) },
		};
	}
	if (error instanceof NodeOperationError) {
		return { error: error.message, details: { code: 'INVALID_PARAMETER', ...(error.description ? { reason: error.description } : {}) } };
	}
	return { error: error instanceof Error ? error.message : String(error), details: { code: 'UNEXPECTED_ERROR' } };
}

/** The code and the method that failed, for the error's details; the transport's messages hold no secrets. */
function technicalDetail(error: TelegramError): string {
	const http = error.httpCode === null ? '' : ` [${error.httpCode}]`;
	return `${error.message}${http}.`;
}
