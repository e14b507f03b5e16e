import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import bigInt from 'big-integer';
import { Api } from 'telegram';

import { buildWorld, worldCall } from '../../support/worldBuilder';
import { MethodHarness, TEST_NOW } from './support/methodHarness';
import { inputPeerChannel, inputPeerChat } from './support/tl';

const TEAM = '5001';
const FRIENDS = '5002';
const PRIVATE = '5003';
const CALL = '3001';

/** A supergroup with its call's message and 30 invitations (ids 1–31), a basic group, and a private supergroup the account is not in. */
function harness(): MethodHarness {
	const sandbox = new MethodHarness(
		buildWorld({
			users: [{ id: '1001', accessHash: '7001', firstName: 'Alice' }],
			chats: [
				{ id: TEAM, accessHash: '8001', kind: 'supergroup', title: 'Team', members: ['1000', '1001'], call: worldCall(CALL, '9001') },
				{ id: FRIENDS, kind: 'group', title: 'Friends', members: ['1000', '1001'] },
				{ id: PRIVATE, accessHash: '8003', kind: 'supergroup', title: 'Private', members: ['1001'] },
			],
		}),
	);
	for (let step = 0; step < 30; step++) {
		sandbox.world.postServiceMessage(TEAM, '1001', TEST_NOW + step, { kind: 'inviteToGroupCall', callId: CALL, userIds: ['1000'] });
	}
	return sandbox;
}

function history(peer: Api.TypeInputPeer, fields: Partial<{ offsetId: number; offsetDate: number; addOffset: number; limit: number; maxId: number; minId: number }> = {}): Api.messages.GetHistory {
	return new Api.messages.GetHistory({ peer, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 0, maxId: 0, minId: 0, hash: bigInt.zero, ...fields });
}

const idsOf = (answer: Api.messages.TypeMessages): number[] => ('messages' in answer ? answer.messages.map((message) => message.id) : []);

describe('messages.getHistory', () => {
	const team = inputPeerChannel(TEAM, '8001');

	it('pages newest first as core.telegram.org/api/offsets describes: offset_id, add_offset, limit, then max_id and min_id', async () => {
		const sandbox = harness();
		assert.deepEqual(idsOf(await sandbox.invoke(history(team, { limit: 3 }))), [31, 30, 29], 'the newest');
		assert.deepEqual(idsOf(await sandbox.invoke(history(team))), Array.from({ length: 20 }, (_, index) => 31 - index), 'limit 0: 20');
		assert.deepEqual(idsOf(await sandbox.invoke(history(team, { offsetId: 10, limit: 3 }))), [9, 8, 7], 'older than offset_id');
		assert.deepEqual(idsOf(await sandbox.invoke(history(team, { offsetId: 10, addOffset: -3, limit: 3 }))), [12, 11, 10], 'newer, from offset_id on');
		assert.deepEqual(idsOf(await sandbox.invoke(history(team, { offsetId: 10, addOffset: -2, limit: 4 }))), [11, 10, 9, 8], 'around offset_id');
		assert.deepEqual(idsOf(await sandbox.invoke(history(team, { offsetId: 30, addOffset: -5, limit: 5 }))), [31, 30], 'cut at the newest');
		assert.deepEqual(idsOf(await sandbox.invoke(history(team, { limit: 10, minId: 27 }))), [31, 30, 29, 28], 'min_id filters the page');
		assert.deepEqual(idsOf(await sandbox.invoke(history(team, { limit: 3, maxId: 5 }))), [], 'max_id filters after slicing');
		assert.deepEqual(idsOf(await sandbox.invoke(history(team, { offsetDate: TEST_NOW + 5, limit: 2 }))), [6, 5], 'older than offset_date');
	});

	it('answers channelMessages with the box pts and count for a channel, messages for a basic group, users for the authors', async () => {
		const sandbox = harness();
		const answer = await sandbox.invoke(history(team, { limit: 2 }));
		assert.ok(answer instanceof Api.messages.ChannelMessages);
		assert.equal(answer.count, 31);
		assert.equal(answer.pts, sandbox.world.channelPts(TEAM));
		assert.deepEqual(answer.users.map((user) => user.id.toString()).sort(), ['1000', '1001']);
		const message = answer.messages[0];
		assert.ok(message instanceof Api.MessageService && message.action instanceof Api.MessageActionInviteToGroupCall);

		sandbox.world.postServiceMessage(FRIENDS, '1001', TEST_NOW, { kind: 'groupCall', callId: CALL });
		const friends = await sandbox.invoke(history(inputPeerChat(FRIENDS), { limit: 10 }));
		assert.ok(friends instanceof Api.messages.Messages);
		assert.equal(friends.messages.length, 2, 'the chat creation and the call');
		const slice = await sandbox.invoke(history(inputPeerChat(FRIENDS), { limit: 1 }));
		assert.ok(slice instanceof Api.messages.MessagesSlice);
		assert.equal(slice.count, 2);
	});

	it('refuses chats the account cannot read with the documented errors', async () => {
		const sandbox = harness();
		await sandbox.expectError(history(inputPeerChannel(TEAM, '1')), 400, 'CHANNEL_INVALID');
		await sandbox.expectError(history(inputPeerChannel(PRIVATE, '8003')), 406, 'CHANNEL_PRIVATE');
		await sandbox.expectError(history(inputPeerChat('999')), 400, 'CHAT_ID_INVALID');
		await sandbox.expectError(history(new Api.InputPeerEmpty()), 400, 'PEER_ID_INVALID');
	});
});
