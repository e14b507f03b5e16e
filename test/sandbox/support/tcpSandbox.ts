import assert from 'node:assert/strict';

import { Api, errors, type TelegramClient } from 'telegram';
import { Raw } from 'telegram/events';
import { UpdateConnectionState } from 'telegram/network';

import { startSandbox, type RequestLogEntry, type Sandbox } from '../../../sandbox';
import type { WorldFile } from '../../../sandbox/world/worldFile';
import { plainClient, withTimeout } from './plainClient';

/** GramJS waits forever on an unanswered request; every request here gets this long. */
const ANSWER_TIMEOUT_MS = 5000;

/** A Telegram error as GramJS surfaced it (errors.RPCError), reduced to what tests compare. */
export interface SurfacedError {
	code: number;
	message: string;
}

/**
 * A sandbox on a free port and a plain GramJS client (no node code) logged in over TCP with the sandbox's own
 * credentials. The client records every update the sandbox pushes (a Raw handler), as an app's update loop would.
 */
export class TcpSandbox {
	private constructor(
		readonly sandbox: Sandbox,
		readonly client: TelegramClient,
		/** Updates the sandbox pushed unasked, in arrival order (answers to requests are not here). */
		readonly pushed: Api.TypeUpdate[],
	) {}

	static async open(world?: WorldFile): Promise<TcpSandbox> {
		const sandbox = await startSandbox({ port: 0, world });
		const { session, apiId, apiHash } = sandbox.credentials();
		const client = plainClient(session, apiId, apiHash, sandbox.port);
		const pushed: Api.TypeUpdate[] = [];
		try {
			assert.equal(await withTimeout(client.connect(), ANSWER_TIMEOUT_MS, 'connect'), true);
			// GramJS looks itself up before dispatching the first update; doing it now keeps dispatch synchronous
			// with the arrival of each update, so a request answered later is a barrier for pushes sent earlier.
			await withTimeout(client.getMe(), ANSWER_TIMEOUT_MS, 'getMe');
			const everyUpdate = new Raw({});
			client.addEventHandler((update: unknown) => {
				if (update instanceof UpdateConnectionState) return;
				pushed.push(update as Api.TypeUpdate);
			}, everyUpdate);
			// GramJS resolves a handler's builder when the first update arrives, awaiting it for that update only:
			// the next update of the same envelope would overtake it. Resolved now, updates arrive in wire order.
			await everyUpdate.resolve(client);
		} catch (error) {
			await client.destroy();
			await sandbox.stop();
			throw error;
		}
		return new TcpSandbox(sandbox, client, pushed);
	}

	invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']> {
		return withTimeout(this.client.invoke(request), ANSWER_TIMEOUT_MS, request.className);
	}

	/** The Telegram error the request answers, as GramJS surfaces it; fails the test if the request succeeds. */
	async rpcError(request: Api.AnyRequest): Promise<SurfacedError> {
		try {
			await this.invoke(request);
		} catch (error) {
			assert.ok(error instanceof errors.RPCError, `expected an RPCError from GramJS, got ${String(error)}`);
			return { code: error.code ?? 0, message: error.errorMessage };
		}
		return assert.fail(`${request.className} succeeded; a Telegram error was expected`);
	}

	/** The sandbox's record of the latest call of a Telegram method ("phone.inviteToGroupCall"). */
	lastRequest(method: string): RequestLogEntry {
		const entry = this.sandbox.requests(method).at(-1);
		assert.ok(entry, `the sandbox saw no ${method}`);
		return entry;
	}

	/** The first pushed update matching `accept`, waiting for it up to the answer timeout. */
	async waitForPush<U extends Api.TypeUpdate>(accept: (update: Api.TypeUpdate) => update is U, what: string): Promise<U> {
		const deadline = Date.now() + ANSWER_TIMEOUT_MS;
		for (;;) {
			const found = this.pushed.find(accept);
			if (found !== undefined) return found;
			if (Date.now() > deadline) assert.fail(`no pushed ${what} within ${ANSWER_TIMEOUT_MS} ms`);
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	}

	/**
	 * Updates pushed so far, after a round trip: the sandbox sends a push before the answer of the request that
	 * caused it, on the same connection, so once a later request is answered every earlier push has arrived.
	 */
	async pushesSettled(): Promise<readonly Api.TypeUpdate[]> {
		await this.invoke(new Api.updates.GetState());
		return this.pushed;
	}

	async close(): Promise<void> {
		await this.client.destroy();
		await this.sandbox.stop();
	}
}
