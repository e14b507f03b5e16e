import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { settle } from '../errors/settle';

import { AccountStates } from './accountState';
import { accountFingerprint, readConnectionSettings } from './connectionSettings';
import { LazyLease } from './lazyLease';
import type { CallWatch, CallWatchEvents } from './callWatch';
import type { SessionLeases } from './lease/sessionLeases';
import { PooledConnections } from './pooledConnections';
import { SharedAccountState } from './shared/accountLimits';
import { buildProcessStores, type ProcessStores } from './shared/processStores';
import type { TelegramGateway, TelegramUser } from './types';

export type * from './types';
export type * from './callWatch';
export { TelegramError, isTelegramError } from './telegramError';

/** A pooled connection unused for this long is destroyed. */
const IDLE_MS = 5 * 60_000;
/** Shutdown must not wait for a stuck socket. */
const SHUTDOWN_GRACE_MS = 2_000;

type GramjsModule = typeof import('./gramjs');

let gramjsModule: Promise<GramjsModule> | undefined;

/** GramJS costs ~270 ms and ~37 MB to load; n8n loads every node at startup, so load it on first use. */
async function loadGramjs(): Promise<GramjsModule> {
	gramjsModule ??= import('./gramjs');
	return await gramjsModule;
}

/** What the node remembers per account (users, flood waits, holds); outlives pooled connections. */
const accounts = new AccountStates();

let processStores: Promise<ProcessStores> | undefined;

/**
 * What this process shares with n8n's others about an account (session leases, flood waits and holds, pacing):
 * in its memory, or in n8n's Redis when n8n runs in queue mode (the Redis client is loaded only then). Built once,
 * like the GramJS module. See docs/decisions/0013-queue-mode-lease.md and 0017-shared-account-state.md.
 */
async function stores(): Promise<ProcessStores> {
	if (!processStores) {
		const building = buildProcessStores().then((built) => {
			const { limits } = built;
			accounts.makeWith(limits ? (accountKey) => new SharedAccountState(limits, accountKey) : undefined);
			return built;
		});
		processStores = building;
		// A failed build (Redis client not found) must not poison later executions: they try again.
		building.catch(() => {
			if (processStores === building) processStores = undefined;
		});
	}
	return await processStores;
}

async function leases(): Promise<SessionLeases> {
	return (await stores()).leases;
}

/**
 * Loads the flood waits and hold other processes recorded for the account into this process's memory (queue
 * mode; nothing to do otherwise). An unreachable Redis is not this step's to report: the lease reports it.
 */
async function refreshAccountLimits(accountKey: string): Promise<void> {
	const state = accounts.for(accountKey);
	if (state instanceof SharedAccountState) await settle(async () => await state.refresh());
}

/** The process's connections: one per credential values, shared by executions and call watches. */
const connections = new PooledConnections({
	idleMs: IDLE_MS,
	leases,
	gramjs: loadGramjs,
	// Another process may have met a flood wait while this one waited for the session: know it before sending.
	leaseTaken: refreshAccountLimits,
});

export interface TelegramSession {
	gateway: TelegramGateway;
	/** Hands the pooled connection back; call once when the execution is done with it. */
	release(): void;
}

/**
 * A gateway for one execution over the process-wide pooled connection for these credential values. Only the
 * credential is checked here: the gateway takes its connection from the pool on its first request, so a
 * failed connect surfaces (and is waited out or retried) like any request's failure. `signal` cancels
 * waits, the wait for a connection included (the request itself may still reach Telegram).
 */
export async function openTelegramSession(
	credentials: ICredentialDataDecryptedObject,
	signal?: AbortSignal,
): Promise<TelegramSession> {
	const settings = readConnectionSettings(credentials);
	const { GramjsGateway } = await loadGramjs();
	installShutdownHooks();
	const accountKey = accountFingerprint(settings);
	const { pacing } = await stores();
	await refreshAccountLimits(accountKey);
	const lease = new LazyLease(async () => await connections.acquire(settings, signal));
	const gateway = new GramjsGateway(lease.connection, signal, accounts.for(accountKey), async (pauseMs) => await pacing.reserve(accountKey, pauseMs));
	return {
		gateway,
		release: () => {
			gateway.close();
			lease.release();
		},
	};
}

/**
 * Listens for call updates on the process's pooled connection for these credential values (the one
 * `openTelegramSession` uses), holding it while the watch lives; several watches share it. Resolves once updates
 * flow (after `events.connected()`); rejects with a TelegramError when that first connection fails, or with
 * CancelledError when `signal` aborts first. Afterwards drops, hand-overs to another process of the session
 * (queue mode) and failed reconnects are retried with backoff until `close()`; an unrecoverable error (revoked
 * session, bad API ID, …) closes the watch and reaches `events.failed`. `disconnected` may come several times before
 * `connected` (each names the next wait), and an update may come just before `connected` (it arrived while the
 * connection came up), so a re-read after `connected` can see it too: deduplicate by message id and call version.
 * See docs/decisions/0015-trigger-connection.md.
 */
export async function watchCalls(credentials: ICredentialDataDecryptedObject, events: CallWatchEvents, signal?: AbortSignal): Promise<CallWatch> {
	const settings = readConnectionSettings(credentials);
	installShutdownHooks();
	return await connections.watch(settings, events, signal);
}

/**
 * Connects with the credential as given (outside the pool: it may be an unsaved draft) and asks who it is, holding
 * the session's lease meanwhile (an idle pooled connection of the session hands it over).
 */
export async function identifyAccount(credentials: ICredentialDataDecryptedObject): Promise<TelegramUser> {
	const settings = readConnectionSettings(credentials);
	const { connectTelegram, GramjsGateway } = await loadGramjs();
	// Takes its turn like any connection: a test while a pooled connection of the session is open would use the
	// session from two places at once.
	const held = await (await leases()).acquire(accountFingerprint(settings), { waitMs: settings.timeoutMs });
	try {
		const connection = await connectTelegram(settings);
		try {
			return await new GramjsGateway(async () => connection).getMe();
		} finally {
			await connection.destroy();
		}
	} finally {
		await held.release();
	}
}

/**
 * Forgets what this process remembers about every account: cached users, flood waits, PEER_FLOOD holds
 * (README: "What the node remembers about an account"). Connections stay open.
 */
export function forgetAccountMemory(): void {
	accounts.clear();
}

/**
 * Closes every call watch, destroys every pooled connection of this process and forgets what it remembers about
 * the accounts (shutdown, where the memory would go anyway; also usable by scripts that embed the node, and by
 * tests). A closed watch is told nothing: its workflow is going away with the process.
 */
export async function closeAllTelegramConnections(): Promise<void> {
	forgetAccountMemory();
	await connections.destroyAll();
	const closing = processStores;
	processStores = undefined;
	const settled = closing === undefined ? undefined : await settle(async () => await closing);
	if (settled?.ok) await settled.value.close();
	accounts.makeWith(undefined);
}

let shutdownHooksInstalled = false;

function installShutdownHooks(): void {
	if (shutdownHooksInstalled) return;
	shutdownHooksInstalled = true;
	for (const signalName of ['SIGTERM', 'SIGINT'] as const) {
		process.once(signalName, () => {
			void closeWithinGrace().finally(() => {
				// Alone, our listener would swallow the signal; with n8n's own listeners present, n8n decides.
				if (process.listenerCount(signalName) === 0) process.kill(process.pid, signalName);
			});
		});
	}
	process.once('beforeExit', () => void closeWithinGrace());
}

async function closeWithinGrace(): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const grace = new Promise<void>((resolve) => {
		timer = setTimeout(resolve, SHUTDOWN_GRACE_MS);
		timer.unref();
	});
	await Promise.race([closeAllTelegramConnections(), grace]);
	clearTimeout(timer);
}
