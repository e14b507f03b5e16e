import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { describeError } from '../errors/catalog';
import { identifyAccount, isTelegramError } from '../transport';

/** Connects with the credential as entered and asks Telegram who it is; answers in plain words. */
export async function telegramMtprotoApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		const me = await identifyAccount(credential.data ?? {});
		const name = me.username ? `@${me.username}` : [me.firstName, me.lastName].filter(Boolean).join(' ') || 'user';
		return { status: 'OK', message: `Connected as ${name} (${me.id})` };
	} catch (error) {
		return { status: 'Error', message: credentialTestMessage(error) };
	}
}

export function credentialTestMessage(error: unknown): string {
	if (!isTelegramError(error)) {
		const kind = error instanceof Error ? error.name : typeof error;
		return `The connection test failed unexpectedly (${kind}). Check the credential fields and try again.`;
	}
	const description = describeError(error.code, error.httpCode);
	const detail = error.detail ? ` Detail: ${error.detail}.` : '';
	return `${description.message} [${error.code}]${detail}`;
}
