import { TelegramClient } from 'telegram';
import { PromisedNetSockets } from 'telegram/extensions';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';

/**
 * A plain GramJS client (no node code) aimed at a sandbox on any port. GramJS ignores the session's port
 * and dials port 80, so the socket class swaps the port: the public `networkSocket` option.
 */
export function plainClient(session: string, apiId: number, apiHash: string, port: number, options: { retries?: number } = {}): TelegramClient {
	class SandboxPortSocket extends PromisedNetSockets {
		override connect(_port: number, ip: string): Promise<unknown> {
			return super.connect(port, ip);
		}
	}
	return new TelegramClient(new StringSession(session), apiId, apiHash, {
		networkSocket: SandboxPortSocket,
		connectionRetries: options.retries ?? 1,
		baseLogger: new Logger(LogLevel.NONE),
		floodSleepThreshold: 0,
	});
}

/** GramJS waits forever on an unanswered request; tests race it. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([
		promise,
		new Promise<T>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
		}),
	]).finally(() => clearTimeout(timer));
}
