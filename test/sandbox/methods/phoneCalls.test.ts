import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import bigInt from 'big-integer';
import { Api } from 'telegram';

import type { WorldFile } from '../../../sandbox/world/worldFile';
import { buildWorld, worldCall } from '../../support/worldBuilder';
import { MethodHarness } from './support/methodHarness';
import { DEMO_CALL, ids, inputCall } from './support/tl';

/** A world whose only call has `count` participants, for paging. */
function crowdedWorld(count: number): WorldFile {
	const users = Array.from({ length: count }, (_, index) => ({
		id: String(5000 + index),
		accessHash: String(6000 + index),
		firstName: `Guest ${index}`,
	}));
	const userIds = users.map((user) => user.id);
	return buildWorld({
		me: { id: '1', firstName: 'Host', phone: '15550000001' },
		users,
		chats: [
			{
				id: '20',
				accessHash: '21',
				kind: 'supergroup',
				title: 'Crowd',
				members: ['1', ...userIds],
				call: worldCall('30', '31', { participants: userIds }),
			},
		],
	});
}

describe('phone.getGroupCall', () => {
	it('describes an active call with its participants', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(new Api.phone.GetGroupCall({ call: DEMO_CALL, limit: 10 }));
		assert.ok(answer.call instanceof Api.GroupCall);
		assert.equal(answer.call.participantsCount, 2);
		assert.equal(answer.call.title, 'Weekly sync');
		assert.deepEqual(ids(answer.users.map((user) => user.id)), ['1000', '1007']);
		assert.equal(answer.participantsNextOffset, '');
	});

	it('gives a scheduled call its schedule date, and an ended call as groupCallDiscarded', async () => {
		const sandbox = new MethodHarness();
		const scheduled = await sandbox.invoke(new Api.phone.GetGroupCall({ call: inputCall('3003', '9003'), limit: 10 }));
		assert.ok(scheduled.call instanceof Api.GroupCall);
		assert.equal(scheduled.call.scheduleDate, 2_000_000_000);
		const ended = await sandbox.invoke(new Api.phone.GetGroupCall({ call: inputCall('3004', '9004'), limit: 10 }));
		assert.ok(ended.call instanceof Api.GroupCallDiscarded);
	});

	it('answers 400 GROUPCALL_INVALID for a wrong hash and 403 GROUPCALL_FORBIDDEN for a chat the account is not in', async () => {
		const sandbox = new MethodHarness();
		await sandbox.expectError(new Api.phone.GetGroupCall({ call: inputCall('3001', '1'), limit: 1 }), 400, 'GROUPCALL_INVALID');
		await sandbox.expectError(new Api.phone.GetGroupCall({ call: inputCall('3008', '9008'), limit: 1 }), 403, 'GROUPCALL_FORBIDDEN');
	});

	it('shows only `limit` participants and says where to continue', async () => {
		const sandbox = new MethodHarness(crowdedWorld(5));
		const answer = await sandbox.invoke(new Api.phone.GetGroupCall({ call: inputCall('30', '31'), limit: 2 }));
		assert.equal(answer.participants.length, 2);
		assert.equal(answer.participantsNextOffset, '2');
	});
});

describe('phone.getGroupParticipants', () => {
	it('pages until next_offset is empty, listing everyone once', async () => {
		const sandbox = new MethodHarness(crowdedWorld(7));
		const seen: string[] = [];
		let offset = '';
		do {
			const page = await sandbox.invoke(
				new Api.phone.GetGroupParticipants({ call: inputCall('30', '31'), ids: [], sources: [], offset, limit: 3 }),
			);
			assert.equal(page.count, 7);
			seen.push(...page.participants.map((participant) => (participant.peer as Api.PeerUser).userId.toString()));
			offset = page.nextOffset;
		} while (offset !== '');
		assert.deepEqual(seen, Array.from({ length: 7 }, (_, index) => String(5000 + index)));
	});

	it('filters by the given peers', async () => {
		const sandbox = new MethodHarness(crowdedWorld(4));
		const peer = new Api.InputPeerUser({ userId: bigInt('5002'), accessHash: bigInt('6002') });
		const page = await sandbox.invoke(
			new Api.phone.GetGroupParticipants({ call: inputCall('30', '31'), ids: [peer], sources: [], offset: '', limit: 10 }),
		);
		assert.equal(page.count, 1);
		assert.deepEqual(ids(page.users.map((user) => user.id)), ['5002']);
	});

	it('lists the account, when it joined as a channel, as its own entry with self set and the chat as its peer', async () => {
		const sandbox = new MethodHarness();
		// 3005 (Anonymous Room, 2005): 1002 in the call, the account joined as a channel.
		const call = inputCall('3005', '9005');
		const page = await sandbox.invoke(new Api.phone.GetGroupParticipants({ call, ids: [], sources: [], offset: '', limit: 10 }));
		assert.equal(page.count, 2);
		const [user, account] = page.participants;
		assert.ok(user.peer instanceof Api.PeerUser && user.peer.userId.toString() === '1002' && !user.self);
		assert.ok(account.peer instanceof Api.PeerChannel && account.peer.channelId.toString() === '2005');
		assert.equal(account.self, true);
		assert.deepEqual(ids(page.users.map((entry) => entry.id)), ['1002']);
		const described = await sandbox.invoke(new Api.phone.GetGroupCall({ call, limit: 10 }));
		assert.ok(described.call instanceof Api.GroupCall);
		assert.equal(described.call.participantsCount, 2);
		assert.equal(described.participants.length, 2);
		// A call the account joined as itself lists no such entry.
		const demo = await sandbox.invoke(new Api.phone.GetGroupParticipants({ call: DEMO_CALL, ids: [], sources: [], offset: '', limit: 10 }));
		assert.ok(demo.participants.every((entry) => entry.peer instanceof Api.PeerUser));
	});
});
