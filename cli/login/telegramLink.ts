import { Api, TelegramClient } from 'telegram';
import { Raw } from 'telegram/events';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';

import { createSocketClass } from '../../gramjs/countingSocket';
import { raceDeadline } from '../../gramjs/raceDeadline';
import { encodeStringSession } from '../../gramjs/stringSession';
import { failureFor, LoginCancelled, LoginFailure, telegramErrorName } from './failures';
import type { ServerAddress } from './loginOptions';

/** How long one request (or the connect) may take before the command gives up. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface LinkSettings {
	apiId: number;
	apiHash: string;
	server?: ServerAddress;
}

/**
 * The login's connection to Telegram (or a sandbox): a plain GramJS client without a session, so GramJS runs
 * the auth key exchange itself. Every request races a timeout and the person's Ctrl-C.
 */
export class TelegramLink {
	private constructor(
		private readonly client: TelegramClient,
		private readonly settings: LinkSettings,
		private readonly cancelled: AbortSignal,
	) {}

	static async open(settings: LinkSettings, cancelled: AbortSignal): Promise<TelegramLink> {
		const client = new TelegramClient(new StringSession(''), settings.apiId, settings.apiHash, {
			// Several tries: a key exchange fails now and then by GramJS's own doing (a key with a leading zero byte).
			connectionRetries: 3,
			retryDelay: 500,
			// Flood waits are reported to the person, not slept through silently.
			floodSleepThreshold: 0,
			baseLogger: new Logger(LogLevel.NONE),
			networkSocket: createSocketClass(settings.server, { connects: 0 }),
			deviceModel: 'tg-group-call login',
			appVersion: 'n8n-nodes-telegram-group-call',
		});
		const link = new TelegramLink(client, settings, cancelled);
		let connected = false;
		try {
			connected = await link.bounded(client.connect(), () => link.unreachable());
		} catch (error) {
			await link.destroy();
			if (error instanceof LoginFailure) throw error;
			// Telegram answered, but refused the connection itself (API_ID_INVALID comes back on initConnection).
			if (telegramErrorName(error) !== undefined) throw failureFor(error, 'connecting');
			throw link.unreachable();
		}
		if (!connected) {
			await link.destroy();
			throw link.unreachable();
		}
		return link;
	}

	/** Sends one request; Telegram's errors come back as GramJS throws them (RPCError, FloodWaitError). */
	call<R extends Api.AnyRequest>(doing: string, request: R): Promise<R['__response']> {
		return this.bounded(
			this.client.invoke(request),
			() => new LoginFailure(`Telegram did not answer within ${REQUEST_TIMEOUT_MS / 1000} seconds while ${doing}; check the network and try again.`),
		);
	}

	/** Resolves when Telegram says a QR login token was accepted (updateLoginToken). */
	loginTokenAccepted(): Promise<void> {
		return new Promise((resolve) => {
			this.client.addEventHandler((update: unknown) => {
				if (update instanceof Api.UpdateLoginToken) resolve();
			}, new Raw({}));
		});
	}

	/** A QR login scanned on another data center (auth.loginTokenMigrateTo): continue there. */
	async switchDataCenter(dcId: number): Promise<void> {
		await this.bounded(this.client._switchDC(dcId), () => this.unreachable());
	}

	/**
	 * The session to paste into the credential. With --server it names that server (GramJS stores the port as a
	 * signed 16-bit number, so the sandbox's encoder writes it), as the sandbox's own sessions do.
	 */
	sessionString(): string {
		const session = this.client.session as StringSession;
		const authKey = session.getAuthKey()?.getKey();
		if (authKey === undefined) throw new LoginFailure('The login finished without an auth key; run the command again.');
		const server = this.settings.server;
		if (server === undefined) return session.save();
		return encodeStringSession(session.dcId, server.host, server.port, authKey);
	}

	async destroy(): Promise<void> {
		await this.client.destroy().catch(() => undefined);
	}

	/** `promise`, or `onTimeout()` after REQUEST_TIMEOUT_MS, or LoginCancelled at the person's Ctrl-C. */
	private bounded<T>(promise: Promise<T>, onTimeout: () => LoginFailure): Promise<T> {
		return raceDeadline(promise, { ms: REQUEST_TIMEOUT_MS, onTimeout, signal: this.cancelled, onCancel: () => new LoginCancelled() });
	}

	private unreachable(): LoginFailure {
		const server = this.settings.server;
		return server === undefined
			? new LoginFailure('Could not reach Telegram; check the network connection (and any firewall or proxy) and try again.')
			: new LoginFailure(`Could not reach ${server.host}:${server.port}; check that the server (the sandbox?) is running there.`);
	}
}
