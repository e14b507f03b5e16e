import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defaultWorld } from '../../../sandbox/world/defaultWorld';
import { WorldFileError } from '../../../sandbox/world/worldFileError';
import { WORLD_EPOCH, WorldState } from '../../../sandbox/world/worldState';

const NOW = 1_800_000_000;

describe('WorldState: building', () => {
	it('never changes the world file it was built from', () => {
		const file = defaultWorld();
		const snapshot = structuredClone(file);
		const world = new WorldState(file);
		world.recordInvite({ callId: '3001', userId: '1001', byAccountId: '1000', date: NOW });
		world.createCall('2006', { title: 'New' }, NOW);
		world.setBehaviour({ batch: 'lenient' });
		assert.deepEqual(file, snapshot);
	});

	it('refuses an invalid world with a WorldFileError naming the field', () => {
		const file = defaultWorld();
		file.behaviour.maxUsersPerInvite = 0;
		assert.throws(() => new WorldState(file), (error: unknown) => error instanceof WorldFileError && error.message.startsWith('behaviour.maxUsersPerInvite:'));
	});
});

describe('WorldState: lookups', () => {
	const world = new WorldState(defaultWorld());

	it('finds users by id, by username in any case, and by phone with or without "+"', () => {
		assert.equal(world.user('1001')?.username, 'alice');
		assert.equal(world.userByUsername('Alice')?.id, '1001');
		assert.equal(world.userByPhone('+1 555 000 1004')?.id, '1004');
		assert.equal(world.user('4242'), undefined);
		assert.equal(world.userByUsername('nobody_here'), undefined);
	});

	it('treats the account as a user too, with an access hash', () => {
		const me = world.user('1000');
		assert.equal(me?.isAccount, true);
		assert.equal(me?.accessHash, world.me.accessHash);
		assert.equal(world.userByPhone('15550001000')?.id, '1000');
	});

	it('finds chats by id and username, calls by id, and membership', () => {
		assert.equal(world.chat('2002')?.kind, 'group');
		assert.equal(world.chatByUsername('DEMO_GROUP')?.id, '2001');
		assert.equal(world.call('3003')?.state, 'scheduled');
		assert.equal(world.call('3003')?.chat.id, '2003');
		assert.equal(world.isMember('2001', '1001'), true);
		assert.equal(world.isMember('2001', '1010'), false);
		assert.equal(world.callOfChat('2006'), undefined);
	});

	it('lists the contacts', () => {
		assert.deepEqual(
			world.contacts().map((person) => person.id),
			['1004', '1014'],
		);
	});
});

describe('WorldState: invites (ground truth)', () => {
	it('counts applied invites per call and user, per account, and lists users in first-invite order', () => {
		const world = new WorldState(defaultWorld());
		for (const userId of ['1002', '1001', '1002']) world.recordInvite({ callId: '3001', userId, byAccountId: '1000', date: NOW });
		world.recordInvite({ callId: '3002', userId: '1001', byAccountId: '1000', date: NOW });
		assert.equal(world.inviteCount('3001', '1002'), 2);
		assert.equal(world.inviteCount('3001', '1001'), 1);
		assert.equal(world.inviteCount('3001', '1003'), 0);
		assert.deepEqual(world.invitedUsers('3001'), ['1002', '1001']);
		assert.equal(world.invitesBy('1000'), 4);
		assert.equal(world.inviteLog().length, 4);
		assert.deepEqual(world.toJSON().chats[0]?.call?.invited, ['1006', '1002', '1001']);
	});

	it('does not count the invites the world file starts with', () => {
		const world = new WorldState(defaultWorld());
		assert.equal(world.inviteCount('3001', '1006'), 0);
		assert.equal(world.call('3001')?.hasInvited('1006'), true);
	});
});

describe('WorldState: calls', () => {
	it('creates a call with a new id, ending the chat\'s running call, which stays findable', () => {
		const world = new WorldState(defaultWorld());
		const { created, ended } = world.createCall('2001', {}, NOW);
		assert.equal(ended?.id, '3001');
		assert.equal(world.call('3001')?.state, 'ended');
		assert.equal(created.state, 'active');
		assert.ok(BigInt(created.id) > 3008n);
		assert.notEqual(created.accessHash, '0');
		assert.equal(world.callOfChat('2001')?.id, created.id);
		assert.equal(world.toJSON().chats[0]?.call?.id, created.id);
	});

	it('schedules a call when given a date, and starting it clears the date', () => {
		const world = new WorldState(defaultWorld());
		const { created, ended } = world.createCall('2006', { title: 'Later', scheduleDate: NOW + 60 }, NOW);
		assert.equal(ended, undefined);
		assert.equal(created.state, 'scheduled');
		created.start(NOW + 60);
		assert.equal(world.toJSON().chats[5]?.call?.state, 'active');
		assert.equal(world.toJSON().chats[5]?.call?.scheduleDate, undefined);
	});

	it('measures how long a call it started lasted', () => {
		const world = new WorldState(defaultWorld());
		const { created } = world.createCall('2006', {}, NOW);
		created.end(NOW + 90);
		assert.equal(created.duration, 90);
	});

	it('remembers which random_id created which call', () => {
		const world = new WorldState(defaultWorld());
		const { created } = world.createCall('2006', {}, NOW);
		world.rememberCreation('2006', 42, created.id);
		assert.equal(world.callCreatedBy('2006', 42)?.id, created.id);
		assert.equal(world.callCreatedBy('2006', 43), undefined);
		assert.equal(world.callCreatedBy('2001', 42), undefined);
	});
});

describe('WorldState: messages and counters', () => {
	it('numbers messages per channel box and in one common box for basic groups, always growing', () => {
		const world = new WorldState(defaultWorld());
		assert.deepEqual(world.lastMessage('2001'), { id: 1, chatId: '2001', fromId: '1000', date: WORLD_EPOCH, action: { kind: 'groupCall', callId: '3001' } });
		const channelMessage = world.postServiceMessage('2001', '1000', NOW, { kind: 'chatCreate' });
		assert.deepEqual([channelMessage.message.id, channelMessage.pts], [2, 2]);
		const before = world.updateCounters().pts;
		const groupMessage = world.postServiceMessage('2002', '1000', NOW, { kind: 'chatCreate' });
		assert.equal(groupMessage.pts, before + 1);
		assert.equal(world.updateCounters().pts, before + 1);
		assert.equal(world.postServiceMessage('2007', '1000', NOW, { kind: 'chatCreate' }).message.id, 2);
	});
});

describe('WorldState: behaviour and reading back', () => {
	it('changes behaviour at run time, validating the change', () => {
		const world = new WorldState(defaultWorld());
		world.setBehaviour({ batch: 'partial', peerFloodAfterInvites: 5 });
		assert.deepEqual(world.behaviour, { batch: 'partial', maxUsersPerInvite: 10, latencyMs: 0, faults: [], peerFloodAfterInvites: 5 });
		world.setBehaviour({ peerFloodAfterInvites: undefined });
		assert.equal(world.behaviour.peerFloodAfterInvites, undefined);
		assert.throws(() => world.setBehaviour({ batch: 'sometimes' as never }), {
			message: 'behaviour.batch: must be "atomic", "partial" or "lenient" (got "sometimes")',
		});
		assert.equal(world.behaviour.batch, 'partial');
	});

	it('reads back a copy that callers may change freely', () => {
		const world = new WorldState(defaultWorld());
		const copy = world.toJSON();
		copy.chats[0]?.members.push('1010');
		copy.behaviour.batch = 'lenient';
		assert.equal(world.isMember('2001', '1010'), false);
		assert.equal(world.toJSON().behaviour.batch, 'atomic');
		assert.deepEqual(new WorldState(world.toJSON()).toJSON(), world.toJSON());
	});
});
