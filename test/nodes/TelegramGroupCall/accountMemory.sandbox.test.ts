/**
 * The account memory (decision 0011) in n8n's real engine: two executions of the node (dist/, test/harness)
 * against the sandbox's default world, the request log as ground truth. The transport-level cases are in
 * transport/accountMemory.sandbox.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { stringParamOf } from './support/requestLog';
import { assertOutputRows, runInvite, withSandbox } from './support/sandboxRuns';

describe('the account memory across executions in n8n\'s engine', () => {
	it('the second execution with the same users sends no look-up: only the call lookup and the invitations', async () => {
		await withSandbox(undefined, async (sandbox) => {
			const first = await runInvite(sandbox, { items: [{ call: '@demo_group', users: '@alice, @bob_brown' }], options: { dryRun: true } });
			assert.equal(first.status, 'success', JSON.stringify(first.error));
			const seen = sandbox.requests().length;
			const second = await runInvite(sandbox, { items: [{ call: '@demo_group', users: ['@Alice', 'bob_brown'] }] });
			// Written differently than the first time: the username matches in any case, with or without "@".
			assertOutputRows(second, ['0:@Alice:invited', '0:bob_brown:invited'], []);
			const sent = sandbox.requests().slice(seen);
			assert.deepEqual(
				sent.map((entry) => entry.method),
				['channels.getFullChannel', 'phone.inviteToGroupCall', 'phone.inviteToGroupCall'],
			);
			assert.deepEqual(sandbox.requests('contacts.resolveUsername').map((entry) => stringParamOf(entry, 'username')).sort(), [
				'alice',
				'bob_brown',
				'demo_group',
			]);
		});
	});

	it('a PEER_FLOOD in one execution fails the next one at once, with the node\'s output saying until when', async () => {
		await withSandbox(undefined, async (sandbox) => {
			sandbox.setBehaviour({ peerFloodAfterInvites: 0 });
			const first = await runInvite(sandbox, { items: [{ call: '@demo_group', users: '@alice' }], options: { peerFloodCooldownHours: '2' } });
			assert.equal(first.outputs[1]?.[0]?.json.code, 'PEER_FLOOD');
			const seen = sandbox.requests().length;
			const second = await runInvite(sandbox, { items: [{ call: '@demo_group', users: '@bob_brown' }] });
			const failed = second.outputs[1]?.[0]?.json;
			assert.equal(failed?.code, 'PEER_FLOOD');
			assert.match(String(failed?.message), /until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/);
			assert.equal(typeof failed?.retryAfter, 'number');
			assert.equal(sandbox.requests().length, seen, 'nothing sent');
		});
	});
});
