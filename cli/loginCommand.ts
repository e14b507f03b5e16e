import type { Api } from 'telegram';

import { trustServerKeyInGramjs } from '../gramjs/trustServerKey';
import { SANDBOX_RSA_KEY } from '../sandbox';
import { LoginCancelled, LoginFailure } from './login/failures';
import type { LoginContext } from './login/loginContext';
import { LOGIN_USAGE, parseLoginFlags, resolveLoginOptions, type LoginMethod, type LoginOptions } from './login/loginOptions';
import { resultText, writeSessionFile } from './login/loginResult';
import { loginWithPhone } from './login/phoneLogin';
import { loginWithQr } from './login/qrLogin';
import { TelegramLink } from './login/telegramLink';
import { Terminal, type TerminalInput } from './login/terminal';

export interface LoginIo {
	input: TerminalInput;
	/** Prompts and messages. */
	messages: NodeJS.WritableStream;
	/** The result only (who logged in, the credential's values). */
	result: NodeJS.WritableStream;
	env: NodeJS.ProcessEnv;
}

/**
 * `tg-group-call login`: gets a session string for the n8n credential (docs/login.md).
 * Exit codes: 0 logged in, 1 the login failed, 2 bad options, 130 cancelled.
 */
export async function runLoginCommand(args: string[], io: LoginIo): Promise<number> {
	const terminal = new Terminal(io.input, io.messages);
	let link: TelegramLink | undefined;
	try {
		const flags = parseLoginFlags(args);
		// Help that was asked for goes to stdout, as for every command (cli/usage.ts).
		if (flags.help) {
			io.result.write(LOGIN_USAGE);
			return 0;
		}
		const options = await resolveLoginOptions(flags, io.env, terminal);
		if (options.server !== undefined) {
			// Same code path as for Telegram: the sandbox runs a real key exchange with its own (public) RSA key.
			trustServerKeyInGramjs(SANDBOX_RSA_KEY);
			terminal.say(`Connecting to ${options.server.host}:${options.server.port} (not Telegram's own servers)...`);
		} else {
			terminal.say('Connecting to Telegram...');
		}
		link = await TelegramLink.open(options, terminal.cancelled);
		const context: LoginContext = { link, terminal, apiId: options.apiId, apiHash: options.apiHash };
		const method = options.method ?? (await askMethod(terminal));
		const user = await (method.kind === 'qr' ? loginWithQr(context) : loginWithPhone(context, method.phone));
		finish(user, link.sessionString(), options, io);
		return 0;
	} catch (error) {
		return reportFailure(error, io.messages);
	} finally {
		terminal.close();
		await link?.destroy();
	}
}

async function askMethod(terminal: Terminal): Promise<LoginMethod> {
	for (;;) {
		const answer = (await terminal.ask('Phone number in international format (e.g. +44 7700 900123), or "qr" to scan a QR code: ')).trim();
		if (answer === '') continue;
		return /^qr$/i.test(answer) ? { kind: 'qr' } : { kind: 'phone', phone: answer };
	}
}

function finish(user: Api.User, session: string, options: LoginOptions, io: LoginIo): void {
	if (options.out !== undefined) writeSessionFile(options.out, session);
	io.result.write(resultText(user, session, options));
}

function reportFailure(error: unknown, messages: NodeJS.WritableStream): number {
	if (error instanceof LoginCancelled) {
		messages.write(error.message === 'cancelled' ? 'Login cancelled.\n' : `Login cancelled: ${error.message}.\n`);
		return 130;
	}
	if (error instanceof LoginFailure) {
		messages.write(`Login failed: ${error.message}\n`);
		return error.exitCode;
	}
	// A bug, not a Telegram answer: still one sentence, never a stack trace (it could carry request values).
	messages.write(`Login failed: an unexpected error (${error instanceof Error ? error.message : String(error)}).\n`);
	return 1;
}
