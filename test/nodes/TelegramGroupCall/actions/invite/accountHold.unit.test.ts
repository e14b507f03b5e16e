/**
 * The Invite Users decisions about a PEER_FLOOD hold (Peer Flood Cool-Down (Hours), decision 0011), on the
 * in-memory gateway: its call record shows that a held account sends nothing; its hold is what the transport's
 * AccountState would keep for later executions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MemoryGateway, memoryUser, telegramError } from '../../support/memoryGateway';
import { recordingEnvironment, runOnMemory } from '../../support/memoryRun';

const HOUR = 3_600_000;

function world(): MemoryGateway {
	const gateway = new MemoryGateway();
	gateway.addUser(gateway.me);
	for (const [id, name] of [['101', 'alice'], ['102', 'bobby'], ['103', 'carol']]) gateway.addUser(memoryUser(id, name));
	gateway.addCall('@group', { callId: '3001', accessHash: '9001' });
	return gateway;
}

describe('runInvites (in memory): the PEER_FLOOD hold across executions', () => {
	it('PEER_FLOOD holds the account for the cool-down the options give, and says so in the log', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', telegramError('PEER_FLOOD'));
		const before = Date.now();
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby' }], { peerFloodCooldownHours: 3 });
		assert.deepEqual(run.outcomes(), ['PEER_FLOOD', 'PEER_FLOOD']);
		assert.deepEqual(gateway.inviteRequests(), [['101']], 'inviting stopped at the first PEER_FLOOD');
		const hold = gateway.accountHold();
		assert.ok(hold);
		assert.equal(hold.code, 'PEER_FLOOD');
		assert.ok(hold.until >= before + 3 * HOUR && hold.until <= Date.now() + 3 * HOUR);
		assert.ok(run.environment.logs.some((line) => line.includes(new Date(hold.until).toISOString())), run.environment.logs.join('\n'));
	});

	it('a held account fails every user at once, with until when and retryAfter, and sends no request at all', async () => {
		const gateway = world();
		const until = Date.now() + 2 * HOUR;
		gateway.holdAccount({ code: 'PEER_FLOOD', until });
		const run = await runOnMemory(gateway, [
			{ call: '@group', users: '@alice, x!, @alice' },
			{ call: 'not a call !', users: '@bobby' },
		]);
		assert.deepEqual(run.outcomes(0), ['PEER_FLOOD', 'INVALID_USER_REFERENCE', 'DUPLICATE_IN_INPUT']);
		assert.deepEqual(run.outcomes(1), ['INVALID_CALL_REFERENCE']);
		assert.deepEqual(gateway.calls, [], 'no request, not even a look-up');
		const held = run.failed(0, 0);
		assert.match(held.message, new RegExp(`until ${new Date(until).toISOString().replace(/\./g, '\\.')}`));
		assert.equal(held.httpCode, 400);
		assert.ok(held.retryAfter !== undefined && held.retryAfter > 2 * 3_600 - 60 && held.retryAfter <= 2 * 3_600);
	});

	it('once the hold is over, the account invites again', async () => {
		const gateway = world();
		let now = Date.now();
		gateway.now = () => now;
		gateway.holdAccount({ code: 'PEER_FLOOD', until: now + HOUR });
		now += HOUR + 1;
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice' }]);
		assert.deepEqual(run.outcomes(), ['invited:invited']);
	});

	it('a dry run is not held: it sends no invitation', async () => {
		const gateway = world();
		gateway.holdAccount({ code: 'PEER_FLOOD', until: Date.now() + HOUR });
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice' }], { dryRun: true });
		assert.deepEqual(run.outcomes(), ['invited:would_invite']);
	});

	it('a cool-down of 0 remembers nothing', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', telegramError('PEER_FLOOD'));
		await runOnMemory(gateway, [{ call: '@group', users: '@alice' }], { peerFloodCooldownHours: 0 }, recordingEnvironment());
		assert.equal(gateway.accountHold(), undefined);
	});
});
