/**
 * One fresh process for the cold/warm benchmark (coldWarm.ts): the package is loaded and n8n's engine has run
 * once (as in an n8n that has been up a while), but the node has never connected: GramJS is not loaded yet
 * and the client pool is empty.
 */
import type { SandboxCredentials } from '../../sandbox';
import { serveOneJob } from './childProcess';
import { closeNodeConnections, expectAllInvited, expectOnlyNoUsers, gramjsModulesLoaded, runNode } from './nodeRun';

export interface ColdWarmInput {
	credentials: SandboxCredentials;
	/** Four chats with calls: one per execution, so nobody is already invited. */
	chats: [string, string, string, string];
	users: string[];
}

export interface ColdWarmOutput {
	/** First execution in the process: loads GramJS, connects (TCP, initConnection), asks who the account is. */
	firstMs: number;
	/** Second execution: the pooled connection is reused. */
	warmMs: number;
	/** After closeAllTelegramConnections(): GramJS is loaded, the connection is new. */
	reconnectMs: number;
	warmAgainMs: number;
	gramjsModulesBeforeFirst: number;
	gramjsModulesAfterFirst: number;
}

async function timed(run: () => Promise<void>): Promise<number> {
	const start = performance.now();
	await run();
	return performance.now() - start;
}

serveOneJob<ColdWarmInput, ColdWarmOutput>(async ({ credentials, chats, users }) => {
	const execute = async (chat: string): Promise<void> => expectAllInvited(await runNode({ credentials, chat, users }), users.length);
	// An execution with no users opens no connection: it loads the package and warms n8n's engine only. Its
	// one input item comes out on Failed as NO_USERS (an item with nothing usable is an item out too).
	expectOnlyNoUsers(await runNode({ credentials, chat: chats[0], users: [] }));
	const gramjsModulesBeforeFirst = gramjsModulesLoaded();
	const firstMs = await timed(() => execute(chats[0]));
	const gramjsModulesAfterFirst = gramjsModulesLoaded();
	const warmMs = await timed(() => execute(chats[1]));
	await closeNodeConnections();
	const reconnectMs = await timed(() => execute(chats[2]));
	const warmAgainMs = await timed(() => execute(chats[3]));
	await closeNodeConnections();
	return { firstMs, warmMs, reconnectMs, warmAgainMs, gramjsModulesBeforeFirst, gramjsModulesAfterFirst };
});
