import path from 'node:path';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { SandboxCredentials } from '../../sandbox';
import { runNodeInEngine, type EngineRun } from '../../test/harness';
import { repoRoot } from './childProcess';

export interface NodeInvite {
	credentials: SandboxCredentials;
	/** The call is named by its chat's username ("By Chat or Link"), the node resolving the current call. */
	chat: string;
	/** Numeric user ids as decimal strings (64-bit: never JS numbers). */
	users: readonly string[];
	batchSize?: number;
	dryRun?: boolean;
}

/**
 * One execution of the Telegram Group Call node inside n8n's real engine (test/harness), as a workflow would
 * run it: users arrive as an array on the input item and reach the node through an expression.
 * The "pause between requests" option is set to 0 explicitly, so nothing measured is a sleep.
 */
export async function runNode(invite: NodeInvite): Promise<EngineRun> {
	const parameters: INodeParameters = {
		resource: 'groupCall',
		operation: 'inviteUsers',
		call: { __rl: true, mode: 'chat', value: '={{ $json.call }}' },
		users: '={{ $json.users }}',
		options: { batchSize: invite.batchSize ?? 1, pauseMs: 0, dryRun: invite.dryRun ?? false },
	};
	const item: INodeExecutionData = { json: { call: `@${invite.chat}`, users: [...invite.users] } as IDataObject };
	return await runNodeInEngine({
		packageDir: repoRoot,
		nodeType: 'telegramGroupCall',
		parameters,
		credentials: { telegramMtprotoApi: { ...invite.credentials } },
		inputItems: [item],
	});
}

/** Throws unless every user came out on Invited with the expected status: a benchmark of a failing run means nothing. */
export function expectAllInvited(run: EngineRun, users: number, status = 'invited'): void {
	const invited = run.outputs[0] ?? [];
	const failed = run.outputs[1] ?? [];
	const wrong = invited.filter((item) => item.json.status !== status);
	if (run.status !== 'success' || invited.length !== users || failed.length > 0 || wrong.length > 0) {
		const sample = JSON.stringify(failed[0]?.json ?? wrong[0]?.json ?? run.error ?? null);
		throw new Error(`node run: status ${run.status}, ${invited.length}/${users} invited, ${failed.length} failed; e.g. ${sample}`);
	}
}

/** Throws unless the run's only result is the NO_USERS item of an input item that named nobody. */
export function expectOnlyNoUsers(run: EngineRun): void {
	const invited = run.outputs[0] ?? [];
	const failed = run.outputs[1] ?? [];
	if (run.status !== 'success' || invited.length !== 0 || failed.length !== 1 || failed[0].json.code !== 'NO_USERS') {
		throw new Error(`node run without users: status ${run.status}, ${invited.length} invited, ${failed.length} failed; e.g. ${JSON.stringify(failed[0]?.json ?? run.error ?? null)}`);
	}
}

interface CompiledTransport {
	closeAllTelegramConnections(): Promise<void>;
}

/** The harness loads dist/, so the pool to empty is the compiled module's, not the TypeScript source's. */
export async function closeNodeConnections(): Promise<void> {
	const transport = (await import(path.join(repoRoot, 'dist/nodes/TelegramGroupCall/transport/index.js'))) as CompiledTransport;
	await transport.closeAllTelegramConnections();
}

/** GramJS files in this process's module cache: 0 until the node first needs a connection (it imports GramJS lazily). */
export function gramjsModulesLoaded(): number {
	const marker = `${path.sep}node_modules${path.sep}telegram${path.sep}`;
	return Object.keys(require.cache).filter((file) => file.includes(marker)).length;
}
