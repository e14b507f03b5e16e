import { createHash } from 'crypto';
import { isIP, isIPv6 } from 'net';
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

/** Bounds of the Timeout (Seconds) field, also set on the credential's form. */
export const TIMEOUT_SECONDS = { min: 1, max: 600, default: 30 } as const;

/** initConnection sends api_id as a 32-bit int. */
const MAX_API_ID = 2_147_483_647;
/** RFC 1929: SOCKS5 username and password are at most 255 bytes each. */
const SOCKS5_FIELD_BYTES = 255;
const NEW_SESSION_HINT = 'create one with "npx -p n8n-nodes-telegram-group-call tg-group-call login"';

/**
 * Validates the credential. Errors name the field and the shape it needs, and never repeat what the field holds:
 * a session or API hash pasted into the wrong field would otherwise reach the credential test, the node's error
 * and its output items.
 */
export function readConnectionSettings(data: ICredentialDataDecryptedObject): ConnectionSettings {
	const apiId = readWholeNumber(data.apiId, 1, MAX_API_ID);
	if (apiId === undefined) throw invalid('API ID must be the whole number shown at https://my.telegram.org (digits only, e.g. 12345)');
	const apiHash = typeof data.apiHash === 'string' ? data.apiHash.trim() : '';
	if (!/^[0-9a-fA-F]{32}$/.test(apiHash)) {
		throw invalid('API Hash must be the 32-character hex string shown at https://my.telegram.org');
	}
	const session = readSession(data.session);
	const server = readServer(data.server);
	const proxy = readProxy(data);
	if (server && proxy?.type === 'mtproxy') {
		throw invalid('Server cannot be combined with an MTProxy: the proxy chooses the Telegram server itself');
	}
	const timeoutSeconds = readTimeoutSeconds(data.timeout);
	return { apiId, apiHash, session, server, proxy, timeoutMs: Math.round(timeoutSeconds * 1000) };
}

/** Identifies a credential's values without holding them: the client pool's key. */
export function settingsFingerprint(settings: ConnectionSettings): string {
	return createHash('sha256').update(JSON.stringify(settings)).digest('hex');
}

/**
 * Identifies the account a credential logs in as, without holding the session: the key of what the node
 * remembers about the account. Timeout, proxy and API credentials may change without making it another account;
 * the same session on another server (the sandbox, Telegram's test servers) is another account.
 */
export function accountFingerprint(settings: ConnectionSettings): string {
	return createHash('sha256').update(JSON.stringify({ session: settings.session, server: settings.server ?? null })).digest('hex');
}

/** A decimal whole number given as a number or as digits (spaces around are fine); not hex, exponents or fractions. */
function readWholeNumber(value: unknown, min: number, max: number): number | undefined {
	let number: number;
	if (typeof value === 'number') number = value;
	else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) number = Number(value);
	else return undefined;
	return Number.isSafeInteger(number) && number >= min && number <= max ? number : undefined;
}

function readTimeoutSeconds(value: unknown): number {
	if (value === undefined || value === null || value === '') return TIMEOUT_SECONDS.default;
	let seconds = NaN;
	if (typeof value === 'number') seconds = value;
	else if (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value)) seconds = Number(value);
	// Beyond 600 s setTimeout's limit is near (2,147,484 s fires at once); below 1 s nothing can answer.
	if (!(seconds >= TIMEOUT_SECONDS.min && seconds <= TIMEOUT_SECONDS.max)) {
		throw invalid(`Timeout (Seconds) must be a number of seconds from ${TIMEOUT_SECONDS.min} to ${TIMEOUT_SECONDS.max}`);
	}
	return seconds;
}

function readSession(value: unknown): string {
	// A session copied from a wrapped terminal line may hold line breaks; base64 never has whitespace.
	const session = typeof value === 'string' ? value.replace(/\s+/g, '') : '';
	if (session === '') throw invalidSession(`the Session field is empty; ${NEW_SESSION_HINT}`);
	if (!/^1[A-Za-z0-9+/_-]+={0,2}$/.test(session)) {
		throw invalidSession(`the Session field must hold a GramJS string session ("1" followed by base64 characters); ${NEW_SESSION_HINT}`);
	}
	return session;
}

function readServer(value: unknown): ConnectionSettings['server'] {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return undefined;
	const shape = 'Server must be empty (Telegram) or "host:port" with a host name or IP address and a port number from 1 to 65535, e.g. 127.0.0.1:7447';
	const match = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:\s]+):(\d+)$/.exec(text);
	if (!match) throw invalid(shape);
	const host = match[1];
	const port = readWholeNumber(match[2], 1, 65535);
	const bracketed = text.startsWith('[');
	if (port === undefined || (bracketed ? !isIPv6(host) : !isHostName(host))) throw invalid(shape);
	return { host, port };
}

function readProxy(data: ICredentialDataDecryptedObject): ProxySettings | undefined {
	const type = data.proxyType ?? 'none';
	if (type === 'none' || type === '') return undefined;
	if (type !== 'socks5' && type !== 'mtproxy') throw invalid('Proxy must be None, SOCKS5 or MTProxy');
	const host = readProxyHost(data.proxyHost);
	const port = readWholeNumber(data.proxyPort, 1, 65535);
	if (port === undefined) throw invalid('Proxy Port must be a port number from 1 to 65535');
	if (type === 'socks5') {
		const username = readSocksField(data.proxyUsername, 'Proxy Username');
		const password = readSocksField(data.proxyPassword, 'Proxy Password');
		return { type, host, port, username, password };
	}
	const secret = typeof data.proxySecret === 'string' ? data.proxySecret.trim() : '';
	if (/^ee/i.test(secret)) {
		throw invalid('Proxy Secret: fake-TLS secrets (starting with "ee") are not supported; use the proxy\'s plain or "dd" secret');
	}
	if (!/^(?:dd)?[0-9a-fA-F]{32}$/.test(secret)) {
		throw invalid('Proxy Secret must be the MTProxy secret: 32 hex characters, optionally after "dd"');
	}
	return { type, host, port, secret };
}

function readProxyHost(value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') throw invalid('Proxy Host is empty: give the proxy\'s host name or IP address');
	const host = /^\[(.+)\]$/.exec(text)?.[1] ?? text;
	if (!isHostName(host)) throw invalid('Proxy Host must be a host name or IP address (e.g. proxy.example.com), without a port');
	return host;
}

function readSocksField(value: unknown, field: string): string | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	if (Buffer.byteLength(value) > SOCKS5_FIELD_BYTES) throw invalid(`${field} must be at most ${SOCKS5_FIELD_BYTES} bytes (the SOCKS5 limit)`);
	return value;
}

/**
 * An IP address, or DNS labels of letters, digits, "-" and "_". A label of 32 or more hex digits is refused: it
 * is an API hash or a secret pasted into the wrong field, and a host name ends up in "could not reach" messages.
 */
function isHostName(host: string): boolean {
	if (isIP(host) !== 0) return true;
	if (host.length > 253) return false;
	return host
		.replace(/\.$/, '')
		.split('.')
		.every((label) => /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(label) && !/^[0-9a-fA-F]{32,}$/.test(label));
}

function invalid(detail: string): TelegramError {
	return new TelegramError({ code: 'INVALID_CREDENTIALS', httpCode: null, method: 'credentials', detail });
}

/** The Session field holds no usable login; `detail` says why (never the session itself). */
export function invalidSession(detail: string): TelegramError {
	return new TelegramError({ code: 'INVALID_SESSION', httpCode: null, method: 'credentials', detail });
}
