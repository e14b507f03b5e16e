/**
 * Calls the node's credential test (the function n8n calls for "Test" on the credential) the way n8n does:
 * with an ICredentialTestFunctions context, which this credential test never uses.
 */
import assert from 'node:assert/strict';

import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { telegramMtprotoApiTest } from '../../../../nodes/TelegramGroupCall/methods/credentialTest';
import type { SandboxCredentials } from '../../../../sandbox';

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

/** Nothing secret may appear in what the user is shown: not the API hash, the session or a piece of it, nor `more`. */
export function assertNoSecrets(result: INodeCredentialTestResult, credentials: SandboxCredentials, more: readonly string[] = []): void {
	const message = result.message;
	for (const secret of more) assert.ok(!message.includes(secret), 'a secret of the credential is in the message');
	assert.ok(!message.includes(credentials.apiHash), 'the API hash is in the message');
	assert.ok(!message.includes(credentials.session), 'the session is in the message');
	// Any long piece of the session (its base64 auth key) would be a leak too.
	for (let start = 1; start + 24 <= credentials.session.length; start += 24) {
		assert.ok(!message.includes(credentials.session.slice(start, start + 24)), 'part of the session is in the message');
	}
}

/** Polls `condition` every 20 ms; false when it still fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) return false;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	return true;
}
