/**
 * Runs the node in n8n's engine with input items and parameters as a workflow would hold them: Call and Users
 * read by expressions from each item's json (by default), options as given (expressions allowed). For the tests
 * of how the node reads its inputs: values from sheets, webhooks and expressions, in every type.
 */
import type { IDataObject, INodeExecutionData, INodeParameters, OnError } from 'n8n-workflow';

import type { RequestLogEntry, Sandbox } from '../../../../sandbox';
import { runNodeInEngine, type EngineRun } from '../../../harness';
import { INVITE_METHOD } from './requestLog';
import { repoRoot } from './sandboxRuns';

export interface InputRun {
	items: IDataObject[];
	/** The Users parameter; default `={{ $json.users }}`. */
	users?: string;
	/** The Call parameter's value in the "By Chat or Link" mode; default `={{ $json.call }}`. */
	call?: string;
	options?: INodeParameters;
	onError?: OnError;
}

export async function runWithInputs(sandbox: Sandbox, run: InputRun): Promise<EngineRun> {
	return await runNodeInEngine({
		packageDir: repoRoot,
		nodeType: 'telegramGroupCall',
		parameters: {
			resource: 'groupCall',
			operation: 'inviteUsers',
			call: { __rl: true, mode: 'chat', value: run.call ?? '={{ $json.call }}' },
			users: run.users ?? '={{ $json.users }}',
			options: run.options ?? {},
		},
		credentials: { telegramMtprotoApi: { ...sandbox.credentials() } },
		inputItems: run.items.map((json) => ({ json })),
		onError: run.onError,
	});
}

/** The sequence number of the sandbox's latest request (0 before any): take it before a run, see requestsSince. */
export function lastRequestSeq(sandbox: Sandbox): number {
	return sandbox.requests().at(-1)?.seq ?? 0;
}

/** Requests the sandbox logged after the one numbered `since` (optionally of one method). */
export function requestsSince(sandbox: Sandbox, since: number, method?: string): RequestLogEntry[] {
	return sandbox.requests(method).filter((entry) => entry.seq > since);
}

export function inviteRequestsSince(sandbox: Sandbox, since: number): RequestLogEntry[] {
	return requestsSince(sandbox, since, INVITE_METHOD);
}

/** Every item of every output, in output order. */
export function allItems(run: EngineRun): INodeExecutionData[] {
	return run.outputs.flat();
}
