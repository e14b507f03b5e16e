/**
 * A workflow naming a basic group keeps working after Telegram upgrades the group to a supergroup: the node, in
 * n8n's engine against the sandbox over TCP, acts on the supergroup's call and tells the user the new id.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Sandbox } from '../../../sandbox';
import { hintsOf, runOperation } from './support/operationRuns';
import { runInvite, withSandbox } from './support/sandboxRuns';

/** The default world's basic group "Team Basic" (its call 3002 ended), upgraded; a call running in the supergroup. */
function upgradeTeamBasic(sandbox: Sandbox): { supergroupId: string; botApiId: string; callId: string } {
	sandbox.drive.adminEnds('3002');
	const { supergroupId, botApiId } = sandbox.drive.migrateGroup('2002');
	const { callId } = sandbox.drive.adminStarts(supergroupId, { title: 'After the upgrade' });
	return { supergroupId, botApiId, callId };
}

describe('a basic group upgraded to a supergroup, in the engine', () => {
	it('Invite Users naming the old group invites into the supergroup\'s call and says to use the new id', async () => {
		await withSandbox(undefined, async (sandbox) => {
			const { botApiId, callId } = upgradeTeamBasic(sandbox);
			const run = await runInvite(sandbox, { items: [{ call: '-2002', users: ['@alice'] }] });
			assert.equal(run.status, 'success', JSON.stringify(run.error));
			assert.deepEqual(
				run.outputs[0].map((item) => [item.json.status, item.json.callId, item.json.userId]),
				[['invited', callId, '1001']],
			);
			// The sandbox's ground truth: the invite was applied to the supergroup's call.
			assert.deepEqual(
				sandbox.world.inviteLog().map((invite) => [invite.callId, invite.userId]),
				[[callId, '1001']],
			);
			const hints = hintsOf(run);
			assert.equal(hints.length, 1);
			assert.match(hints[0] ?? '', new RegExp(`upgraded the group -2002 to a supergroup.*Change the chat to ${botApiId}`));
		});
	});

	it('Get naming the old group answers the supergroup\'s call, its chat marked migratedFrom', async () => {
		await withSandbox(undefined, async (sandbox) => {
			const { supergroupId, callId } = upgradeTeamBasic(sandbox);
			const run = await runOperation(sandbox, { operation: 'get', items: [{ call: '-2002' }, { call: '2002' }] });
			assert.equal(run.status, 'success', JSON.stringify(run.error));
			for (const item of run.outputs[0]) {
				assert.equal(item.json.callId, callId);
				assert.deepEqual(item.json.chat, { id: supergroupId, title: 'Team Basic', username: null, migratedFrom: '-2002' });
			}
			assert.equal(hintsOf(run).length, 1, 'one hint for the one upgrade');
		});
	});
});
