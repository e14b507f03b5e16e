/**
 * Running the read operations (Get, Get Participants) in n8n's engine against a sandbox: the Call comes from
 * each item's `call` field by expression, the other parameters as given (strings starting with "=" are
 * expressions over the item).
 */
import type { IDataObject, INodeExecutionData, INodeParameters, OnError } from 'n8n-workflow';

import type { Sandbox } from '../../../../sandbox';
import { runNodeInEngine, type EngineRun } from '../../../harness';
import { repoRoot } from './sandboxRuns';

export interface OperationRun {
	operation: 'get' | 'getParticipants';
	/** One input item each; `call` feeds the Call parameter ("By Chat or Link" mode, which takes every form). */
	items: IDataObject[];
	parameters?: INodeParameters;
	onError?: OnError;
	signal?: AbortSignal;
}

export async function runOperation(sandbox: Sandbox, run: OperationRun): Promise<EngineRun> {
	return await runNodeInEngine({
		packageDir: repoRoot,
		nodeType: 'telegramGroupCall',
		parameters: {
			resource: 'groupCall',
			operation: run.operation,
			call: { __rl: true, mode: 'chat', value: '={{ $json.call }}' },
			...run.parameters,
		},
		credentials: { telegramMtprotoApi: { ...sandbox.credentials() } },
		inputItems: run.items.map((json) => ({ json })),
		onError: run.onError,
		signal: run.signal,
	});
}

/** The json of the items on one output, with each item's paired input index as `_item`. */
export function jsonWithItems(items: INodeExecutionData[] | undefined): IDataObject[] {
	return (items ?? []).map((item) => {
		const paired = item.pairedItem;
		const index = typeof paired === 'object' && paired !== null && !Array.isArray(paired) ? paired.item : undefined;
		return { _item: index, ...item.json };
	});
}

/** The execution hints the node left on its run (shown in the output pane). */
export function hintsOf(run: EngineRun): string[] {
	return (run.runData[run.nodeName]?.[0]?.hints ?? []).map((hint) => hint.message);
}
