import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { usageFailure } from './failures';
import type { Terminal } from './terminal';

export interface ServerAddress {
	host: string;
	port: number;
}

export type LoginMethod = { kind: 'phone'; phone: string } | { kind: 'qr' };

export interface LoginOptions {
	apiId: number;
	/** A secret: never printed. */
	apiHash: string;
	/** Undefined: asked once connected. */
	method: LoginMethod | undefined;
	server: ServerAddress | undefined;
	/** Where to write the session (mode 0600) instead of printing it. */
	out: string | undefined;
}

export const LOGIN_USAGE = `Usage: tg-group-call login [options]

Logs in to a Telegram account and prints the session string for the n8n credential.
  --api-id N          API ID from https://my.telegram.org (or env TG_API_ID; asked if missing)
  --api-hash H        API hash (or env TG_API_HASH; asked if missing, without echo)
  --phone NUMBER      log in with a code sent to this number (international format)
  --qr                log in by scanning a QR code with Telegram on a phone
  --server HOST:PORT  talk to this server instead of Telegram (the sandbox, Telegram's test servers)
  --out FILE          write the session to FILE (created readable only by you) instead of printing it
`;

export interface LoginFlags {
	help: boolean;
	apiId?: string;
	apiHash?: string;
	phone?: string;
	qr: boolean;
	server?: string;
	out?: string;
}

export function parseLoginFlags(args: string[]): LoginFlags {
	let values;
	try {
		({ values } = parseArgs({
			args,
			options: {
				help: { type: 'boolean', short: 'h', default: false },
				'api-id': { type: 'string' },
				'api-hash': { type: 'string' },
				phone: { type: 'string' },
				qr: { type: 'boolean', default: false },
				server: { type: 'string' },
				out: { type: 'string' },
			},
			strict: true,
			allowPositionals: false,
		}));
	} catch (error) {
		// parseArgs names the flag; its message is one sentence already.
		throw usageFailure(`${error instanceof Error ? error.message : String(error)} (see "tg-group-call login --help").`);
	}
	if (values.phone !== undefined && values.qr) throw usageFailure('Give either --phone or --qr, not both (see "tg-group-call login --help").');
	return {
		help: values.help,
		apiId: values['api-id'],
		apiHash: values['api-hash'],
		phone: values.phone,
		qr: values.qr,
		server: values.server,
		out: values.out,
	};
}

/** Flags first, then the environment, then a question (the API hash without echo). Checks every value. */
export async function resolveLoginOptions(flags: LoginFlags, env: NodeJS.ProcessEnv, terminal: Terminal): Promise<LoginOptions> {
	const server = flags.server === undefined ? undefined : parseServer(flags.server);
	const out = flags.out === undefined ? undefined : checkOutPath(flags.out);
	const apiIdText = flags.apiId ?? nonEmpty(env.TG_API_ID) ?? (await askUntilGiven(terminal, 'API ID (from https://my.telegram.org): '));
	const apiId = parseApiId(apiIdText);
	const apiHashText = flags.apiHash ?? nonEmpty(env.TG_API_HASH) ?? (await askUntilGiven(terminal, 'API hash (not shown as you type): ', true));
	const apiHash = parseApiHash(apiHashText);
	const method: LoginMethod | undefined = flags.qr ? { kind: 'qr' } : flags.phone !== undefined ? { kind: 'phone', phone: flags.phone } : undefined;
	return { apiId, apiHash, method, server, out };
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

async function askUntilGiven(terminal: Terminal, question: string, hidden = false): Promise<string> {
	for (;;) {
		const answer = (await terminal.ask(question, { hidden })).trim();
		if (answer !== '') return answer;
	}
}

function parseApiId(text: string): number {
	const value = Number(text.trim());
	if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value <= 0) {
		throw usageFailure('The API ID must be the number shown at https://my.telegram.org (API development tools).');
	}
	return value;
}

function parseApiHash(text: string): string {
	const value = text.trim();
	// Never echo the value back: it is a secret, even when mistyped.
	if (!/^[0-9a-fA-F]{32}$/.test(value)) throw usageFailure('The API hash must be the 32-character hex string shown at https://my.telegram.org.');
	return value.toLowerCase();
}

export function parseServer(text: string): ServerAddress {
	const trimmed = text.trim();
	const match = /^\[([^\]]+)\]:(\d+)$/.exec(trimmed) ?? /^([^:\s]+):(\d+)$/.exec(trimmed);
	const port = match === null ? NaN : Number(match[2]);
	if (match === null || !Number.isInteger(port) || port < 1 || port > 65535) {
		// The value is not repeated: a session or API hash pasted here by mistake would end up on the screen.
		throw usageFailure('--server must be "host:port" with a port from 1 to 65535, e.g. 127.0.0.1:7447 (see "tg-group-call login --help").');
	}
	return { host: match[1], port };
}

/** Fails before the login, not after it, when the session could not be written. */
function checkOutPath(path: string): string {
	const full = resolve(path);
	const existing = statSync(full, { throwIfNoEntry: false });
	if (existing?.isDirectory()) throw usageFailure(`--out ${path} is a folder; give a file name.`);
	try {
		accessSync(existing === undefined ? dirname(full) : full, constants.W_OK);
	} catch {
		throw usageFailure(`--out ${path} cannot be written (missing folder or no permission).`);
	}
	return full;
}
