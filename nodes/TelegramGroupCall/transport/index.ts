import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AccountStates } from './accountState';
import { ClientPool } from './clientPool';
import { accountFingerprint, readConnectionSettings, settingsFingerprint } from './connectionSettings';
import type { TelegramConnection } from './gramjs/telegramConnection';
import { LazyLease } from './lazyLease';
import type { TelegramGateway, TelegramUser } from './types';

export type * from './types';
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

const pool = new ClientPool<TelegramConnection>({ idleMs: IDLE_MS });

/** What the node remembers per account (users, flood waits, holds); outlives pooled connections. */
const accounts = new AccountStates();

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
	const { connectTelegram, GramjsGateway } = await loadGramjs();
	installShutdownHooks();
	const key = settingsFingerprint(settings);
	const lease = new LazyLease(async () => await pool.acquire(key, async (abort) => await connectTelegram(settings, abort), signal));
	const gateway = new GramjsGateway(lease.connection, signal, accounts.for(accountFingerprint(settings)));
	return {
		gateway,
		release: () => {
			gateway.close();
			lease.release();
		},
	};
}

/** Connects with the credential as given (outside the pool: it may be an unsaved draft) and asks who it is. */
export async function identifyAccount(credentials: ICredentialDataDecryptedObject): Promise<TelegramUser> {
	const settings = readConnectionSettings(credentials);
	const { connectTelegram, GramjsGateway } = await loadGramjs();
	const connection = await connectTelegram(settings);
	try {
		return await new GramjsGateway(async () => connection).getMe();
	} finally {
		await connection.destroy();
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
 * Destroys every pooled connection of this process and forgets what it remembers about the accounts
 * (shutdown, where the memory would go anyway; also usable by scripts that embed the node, and by tests).
 */
export async function closeAllTelegramConnections(): Promise<void> {
	forgetAccountMemory();
	await pool.destroyAll();
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
