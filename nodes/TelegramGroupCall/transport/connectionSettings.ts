import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { TelegramError } from './telegramError';

export type ProxySettings =
	| { type: 'socks5'; host: string; port: number; username?: string; password?: string }
	| { type: 'mtproxy'; host: string; port: number; secret: string };

/** The credential, validated. Holds secrets: never log it or put it in an error. */
export interface ConnectionSettings {
	apiId: number;
	apiHash: string;
	session: string;
	/** Overrides where GramJS connects (the sandbox, Telegram's test servers). */
	server?: { host: string; port: number };
	proxy?: ProxySettings;
	timeoutMs: number;
}

const DEFAULT_TIMEOUT_SECONDS = 30;

/** Validates the credential; errors name the field and what to do, never a secret value. */
export function readConnectionSettings(data: ICredentialDataDecryptedObject): ConnectionSettings {
	const apiId = Number(data.apiId);
	if (!Number.isSafeInteger(apiId) || apiId <= 0) {
		throw invalid('API ID must be the positive number shown at https://my.telegram.org');
	}
	const apiHash = typeof data.apiHash === 'string' ? data.apiHash.trim() : '';
	if (!/^[0-9a-fA-F]{32}$/.test(apiHash)) {
		throw invalid('API Hash must be the 32-character hex string shown at https://my.telegram.org');
	}
	const session = typeof data.session === 'string' ? data.session.trim() : '';
	if (session === '') {
		throw invalidSession('the Session field is empty; create one with "npx -p n8n-nodes-telegram-group-call tg-group-call login"');
	}
	const server = readServer(data.server);
	const proxy = readProxy(data);
	if (server && proxy?.type === 'mtproxy') {
		throw invalid('Server cannot be combined with an MTProxy: the proxy chooses the Telegram server itself');
	}
	const timeoutSeconds = data.timeout === undefined || data.timeout === '' ? DEFAULT_TIMEOUT_SECONDS : Number(data.timeout);
	if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw invalid('Timeout must be a positive number of seconds');
	return { apiId, apiHash, session, server, proxy, timeoutMs: Math.round(timeoutSeconds * 1000) };
}

/** Identifies a credential's values without holding them: the client pool's key. */
export function settingsFingerprint(settings: ConnectionSettings): string {
	return createHash('sha256').update(JSON.stringify(settings)).digest('hex');
}

function readServer(value: unknown): ConnectionSettings['server'] {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return undefined;
	const match = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:\s]+):(\d+)$/.exec(text);
	if (!match) throw invalid(`Server must be "host:port" (e.g. 127.0.0.1:8443), got "${text}"`);
	return { host: match[1], port: readPort(match[2], 'Server') };
}

function readProxy(data: ICredentialDataDecryptedObject): ProxySettings | undefined {
	const type = data.proxyType ?? 'none';
	if (type === 'none' || type === '') return undefined;
	const host = typeof data.proxyHost === 'string' ? data.proxyHost.trim() : '';
	if (host === '') throw invalid('Proxy Host is empty');
	const port = readPort(data.proxyPort, 'Proxy Port');
	if (type === 'socks5') {
		const username = typeof data.proxyUsername === 'string' && data.proxyUsername !== '' ? data.proxyUsername : undefined;
		const password = typeof data.proxyPassword === 'string' && data.proxyPassword !== '' ? data.proxyPassword : undefined;
		return { type, host, port, username, password };
	}
	if (type === 'mtproxy') {
		const secret = typeof data.proxySecret === 'string' ? data.proxySecret.trim() : '';
		if (!/^(?:dd|ee)?[0-9a-fA-F]{32}/.test(secret)) throw invalid('Proxy Secret must be the MTProxy secret in hex');
		return { type, host, port, secret };
	}
	throw invalid('Proxy must be None, SOCKS5 or MTProxy');
}

function readPort(value: unknown, field: string): number {
	const port = Number(value);
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid(`${field} must be a port number from 1 to 65535`);
	return port;
}

function invalid(detail: string): TelegramError {
	return new TelegramError({ code: 'INVALID_CREDENTIALS', httpCode: null, method: 'credentials', detail });
}

/** The Session field holds no usable login; `detail` says why (never the session itself). */
export function invalidSession(detail: string): TelegramError {
	return new TelegramError({ code: 'INVALID_SESSION', httpCode: null, method: 'credentials', detail });
}
