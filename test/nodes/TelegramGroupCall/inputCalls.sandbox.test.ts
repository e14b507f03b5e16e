/**
 * Numeric chat ids in the Call parameter, as Bot API tools show them: read by value (ids ≤ -10^12 are channels,
 * other negative ids basic groups), never by their text. In n8n's engine against the sandbox (build first);
 * the call each invite request named is the ground truth. Issue 8, item 3.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { defaultWorld, startSandbox, type Sandbox } from '../../../sandbox';
import { inviteRequestsSince, lastRequestSeq, runWithInputs } from './support/inputRuns';
import { callIdOf, invitedIdsOf } from './support/requestLog';
import { closeCompiledPool, rows } from './support/sandboxRuns';

/** A value as an item's json can hold it. */
type JsonValue = IDataObject[string];

/** Basic group 1002001, whose Bot API id "-1002001" the textual rule read as channel 2001 (@demo_group). */
const LOOKALIKE_GROUP = { id: '1002001', callId: '3101' };

function worldWithLookalikeGroup() {
	const world = defaultWorld();
	world.chats.push({
		id: LOOKALIKE_GROUP.id,
		kind: 'group',
		title: 'Lookalike',
		members: ['1000', '1003'],
		call: { id: LOOKALIKE_GROUP.callId, accessHash: '9101', state: 'active', participants: [], invited: [], joinedAs: 'self' },
	});
	return world;
}

describe('numeric chat ids in the Call parameter', () => {
	let sandbox: Sandbox;

	before(async () => {
		sandbox = await startSandbox({ port: 0, world: worldWithLookalikeGroup() });
	});

	after(async () => {
		await closeCompiledPool();
		await sandbox.stop();
	});

	it('invites to basic group 1002001 for "-1002001", not to channel 2001', async () => {
		const since = lastRequestSeq(sandbox);
		const run = await runWithInputs(sandbox, { items: [{ call: '-1002001', users: '@carol_chen' }] });
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.deepEqual(run.outputs[0].map((item) => [item.json.user, item.json.callId, item.json.status]), [['@carol_chen', LOOKALIKE_GROUP.callId, 'invited']]);
		const invites = inviteRequestsSince(sandbox, since);
		assert.deepEqual(invites.map((entry) => [callIdOf(entry), invitedIdsOf(entry)]), [[LOOKALIKE_GROUP.callId, ['1003']]]);
		assert.equal(sandbox.world.inviteCount('3001', '1003'), 0, 'nobody invited to @demo_group');
	});

	it('reads channel 2001 from its Bot API id, as text or as a number, and from t.me/c/2001', async () => {
		const forms: JsonValue[] = ['-1000000002001', -1000000002001, 'https://t.me/c/2001/5', '@demo_group'];
		const run = await runWithInputs(sandbox, {
			items: forms.map((call, index) => ({ call, users: ['@alice', '@bob_brown', '@kim_kato', '@leo_lopez'][index] })),
			options: { dryRun: true },
		});
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.deepEqual(run.outputs[1], []);
		assert.deepEqual(
			run.outputs[0].map((item) => item.json.callId),
			forms.map(() => '3001'),
		);
	});

	it('refuses ids outside the Bot API ranges of groups and channels', async () => {
		const run = await runWithInputs(sandbox, {
			items: [{ call: '-2000000000001', users: '@alice' }, { call: '-1000000000000', users: '@alice' }],
			options: { dryRun: true },
		});
		assert.deepEqual(rows(run.outputs[1]), ['0:@alice:INVALID_CALL_REFERENCE', '1:@alice:INVALID_CALL_REFERENCE']);
		assert.match(String(run.outputs[1][0].json.message), /not a group or channel id/);
	});
});
