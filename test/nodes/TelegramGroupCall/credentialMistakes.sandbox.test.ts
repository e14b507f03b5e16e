/**
 * A secret pasted into the wrong credential field (a session into Server, the API hash into Proxy Host) is named by
 * field and shape wherever a person can see it: the credential's Test message, the node's error in each "On Error"
 * mode, its output items, the whole run data. No part of the value appears, and nothing reaches the server.
 * Needs dist/ (npm run build).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { ICredentialDataDecryptedObject, OnError } from 'n8n-workflow';

import { type Sandbox } from '../../../sandbox';
import { runCredentialTest } from './support/credentialTest';
import { runInvite, useSharedSandbox } from './support/sandboxRuns';

/** Every run of 8 characters of `value` found in `text`. */
function piecesIn(text: string, value: string): string[] {
	const pieces: string[] = [];
	for (let start = 0; start + 8 <= value.length; start++) if (text.includes(value.slice(start, start + 8))) pieces.push(value.slice(start, start + 8));
	return pieces;
}

interface Mistake {
	title: string;
	/** The credential's fields after the mistake, and the secret that was pasted. */
	make(sandbox: Sandbox): { changes: ICredentialDataDecryptedObject; secret: string };
	says: RegExp;
}

const MISTAKES: Mistake[] = [
	{
		title: 'the session pasted into Server',
		make: (sandbox) => ({ changes: { server: sandbox.session }, secret: sandbox.session }),
		says: /Server must be empty \(Telegram\) or \\?"host:port\\?"/,
	},
	{
		title: 'the API hash pasted into Proxy Host',
		make: (sandbox) => ({ changes: { proxyType: 'socks5', proxyHost: sandbox.world.apiHash, proxyPort: 1080 }, secret: sandbox.world.apiHash }),
		says: /Proxy Host must be a host name or IP address/,
	},
];

describe('a secret in the wrong credential field, against the sandbox', () => {
	let sandbox: Sandbox;
	useSharedSandbox((started) => (sandbox = started));

	for (const mistake of MISTAKES) {
		it(`${mistake.title}: the credential test names the field and its shape, and no part of the value`, async () => {
			const { changes, secret } = mistake.make(sandbox);
			const before = sandbox.requests().length;
			const { result } = await runCredentialTest({ ...sandbox.credentials(), ...changes });
			assert.equal(result.status, 'Error');
			assert.match(result.message, mistake.says);
			assert.match(result.message, /\[INVALID_CREDENTIALS\]/);
			assert.deepEqual(piecesIn(result.message, secret), []);
			assert.equal(sandbox.requests().length, before, 'a malformed credential must not reach the server');
		});

		for (const onError of ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'] as OnError[]) {
			it(`${mistake.title}: the node (${onError}) says which field, and no part of the value is in its error, items or run data`, async () => {
				const { changes, secret } = mistake.make(sandbox);
				const before = sandbox.requests().length;
				const run = await runInvite(sandbox, { items: [{ call: '@demo_group', users: '@alice' }], credentials: changes, onError });
				const everything = JSON.stringify({ run: run.run, outputs: run.outputs, error: run.error, nodeError: run.nodeError });
				assert.deepEqual(piecesIn(everything, secret), [], 'part of the pasted secret is in the run');
				assert.ok(mistake.says.test(everything), 'neither the error nor an item names the field and its shape');
				if (onError === 'stopWorkflow') assert.equal(run.status, 'error');
				else assert.equal(run.outputs.flat().length, 1, 'one error item for the one input item');
				assert.equal(sandbox.requests().length, before, 'a malformed credential must not reach the server');
				assert.equal(sandbox.world.inviteLog().length, 0);
			});
		}
	}
});
