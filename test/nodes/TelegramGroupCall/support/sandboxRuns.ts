/**
 * Shared pieces for tests that run the node (dist/, through test/harness) against a real in-process sandbox:
 * a sandbox per test, running an invite, reading outputs, closing the node's client pool, servers that never
 * answer. The sandbox's request log is read with ./requestLog.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before } from 'node:test';

import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameters, OnError } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../../../sandbox';
import type { WorldFile } from '../../../../sandbox/world/worldFile';
import { runNodeInEngine, type EngineRun } from '../../../harness';

export const repoRoot = path.resolve(__dirname, '../../../..');

interface CompiledTransport {
	closeAllTelegramConnections(): Promise<void>;
}

/** The harness loads dist/, so the pool to close is the compiled module's, not the source's. */
export async function closeCompiledPool(): Promise<void> {
	const transport = (await import(path.join(repoRoot, 'dist/nodes/TelegramGroupCall/transport/index.js'))) as CompiledTransport;
	await transport.closeAllTelegramConnections();
}

/**
 * One sandbox (the default world unless given) shared by the tests of the calling suite: started before them,
 * stopped after them together with the node's pooled connections. `receive` gets it once it runs.
 */
export function useSharedSandbox(receive: (sandbox: Sandbox) => void, world?: WorldFile): void {
	let started: Sandbox | undefined;
	before(async () => {
		started = await startSandbox({ port: 0, world });
		receive(started);
	});
	after(async () => {
		await closeCompiledPool();
		await started?.stop();
	});
}

/** Starts a sandbox (default world unless given), runs `body`, and always closes the node's pool and stops it. */
export async function withSandbox<T>(world: WorldFile | undefined, body: (sandbox: Sandbox) => Promise<T>): Promise<T> {
	const sandbox = await startSandbox({ port: 0, world });
	try {
		return await body(sandbox);
	} finally {
		await closeCompiledPool();
		await sandbox.stop();
	}
}

export interface InviteRun {
	/** One item per entry: the call reference and the users, read by expressions. */
	items: Array<{ call: string; users: string | string[] }>;
	options?: IDataObject;
	onError?: OnError;
	/** Replaces or adds credential fields (server, timeout, ...). */
	credentials?: ICredentialDataDecryptedObject;
}

/** Runs the node in n8n's engine: Call and Users come from each item's json (`call`, `users`). */
export async function runInvite(
	sandbox: Sandbox | undefined,
	run: InviteRun,
	baseCredentials?: ICredentialDataDecryptedObject,
): Promise<EngineRun> {
	const parameters: INodeParameters = {
		resource: 'groupCall',
		operation: 'inviteUsers',
		call: { __rl: true, mode: 'chat', value: '={{ $json.call }}' },
		users: '={{ $json.users }}',
		options: (run.options ?? {}) as INodeParameters,
	};
	const credentials: ICredentialDataDecryptedObject = { ...(baseCredentials ?? (sandbox ? { ...sandbox.credentials() } : {})), ...run.credentials };
	return await runNodeInEngine({
		packageDir: repoRoot,
		nodeType: 'telegramGroupCall',
		parameters,
		credentials: { telegramMtprotoApi: credentials },
		inputItems: run.items.map((item) => ({ json: { call: item.call, users: item.users } })),
		onError: run.onError,
	});
}

export function pairedIndex(item: INodeExecutionData): number {
	const paired = item.pairedItem;
	if (typeof paired !== 'object' || paired === null || Array.isArray(paired)) {
		throw new Error(`an output item without a single pairedItem: ${JSON.stringify(item)}`);
	}
	return paired.item;
}

/** "item:user:status-or-code", plus ":maybe" when the item says the invitation may be from this run. */
export function rows(items: INodeExecutionData[] | undefined): string[] {
	return (items ?? []).map((item) => {
		const json = item.json;
		const maybe = json.maybeInvitedByThisRun === true ? ':maybe' : '';
		return `${pairedIndex(item)}:${String(json.user)}:${String(json.status ?? json.code)}${maybe}`;
	});
}

/** The run succeeded, and its Invited and Failed outputs hold exactly these rows (see rows()), in order. */
export function assertOutputRows(run: EngineRun, invited: string[], failed: string[]): void {
	assert.equal(run.status, 'success', JSON.stringify(run.error));
	assert.deepEqual(rows(run.outputs[0]), invited, 'Invited');
	assert.deepEqual(rows(run.outputs[1]), failed, 'Failed');
}

/** A port nothing listens on: bound once by this process, then released. */
export async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (address === null || typeof address !== 'object') throw new Error('no port');
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return address.port;
}

/** A TCP server that accepts connections and never sends a byte (a server that hangs before MTProto starts). */
export class SilentServer {
	private readonly sockets = new Set<Socket>();

	private constructor(private readonly server: Server) {
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			// Read and drop what the client sends: a paused socket would never see the client hang up.
			socket.resume();
			socket.on('error', () => undefined);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	static async start(): Promise<SilentServer> {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return new SilentServer(server);
	}

	get port(): number {
		const address = this.server.address();
		if (address === null || typeof address !== 'object') throw new Error('not listening');
		return address.port;
	}

	/** Connections accepted so far that are still open. */
	get openSockets(): number {
		return this.sockets.size;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
