/**
 * Calls the node's credential test (the function n8n calls for "Test" on the credential) the way n8n does:
 * with an ICredentialTestFunctions context, which this credential test never uses.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { telegramMtprotoApiTest } from '../../../../nodes/TelegramGroupCall/methods/credentialTest';

function unused(what: string): never {
	throw new Error(`the Telegram credential test is not expected to use ${what}`);
}

/** A context whose helpers fail loudly if the credential test ever starts to use them. */
const context: ICredentialTestFunctions = {
	logger: { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined },
	helpers: {
		request: async () => unused('helpers.request'),
		getSSHClient: async () => unused('helpers.getSSHClient'),
		updateLastUsed: () => unused('helpers.updateLastUsed'),
	},
};

export interface CredentialTestRun {
	result: INodeCredentialTestResult;
	elapsedMs: number;
}

export async function runCredentialTest(data: ICredentialDataDecryptedObject): Promise<CredentialTestRun> {
	const started = Date.now();
	const result = await telegramMtprotoApiTest.call(context, {
		id: 'credential-under-test',
		name: 'Telegram MTProto API (test)',
		type: 'telegramMtprotoApi',
		data,
	});
	return { result, elapsedMs: Date.now() - started };
}
