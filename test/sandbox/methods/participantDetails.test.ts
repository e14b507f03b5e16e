/**
 * Participants as the world file describes them (participantDetails), hidden listeners (listenersHidden), and
 * the chats sent with entries that appear as a channel: phone.getGroupCall and phone.getGroupParticipants.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Api } from 'telegram';

import type { WorldCall } from '../../../sandbox/world/worldFile';
import { buildWorld, worldCall } from '../../support/worldBuilder';
import { MethodHarness } from './support/methodHarness';
import { inputCall } from './support/tl';

function harness(call: Partial<WorldCall>): MethodHarness {
	return new MethodHarness(
		buildWorld({
			users: ['1001', '1002', '1003'].map((id) => ({ id, accessHash: `7${id}`, firstName: `U${id}` })),
			chats: [
				{ id: '2001', accessHash: '8001', kind: 'supergroup', title: 'Demo', members: ['1000', '1001', '1002', '1003'], call: worldCall('3001', '9001', call) },
				{ id: '2002', accessHash: '8002', kind: 'channel', title: 'News', username: 'news_room', members: ['1003'] },
			],
		}),
	);
}

const CALL = inputCall('3001', '9001');

function peerKey(peer: Api.TypePeer): string {
	if (peer instanceof Api.PeerUser) return `user:${peer.userId.toString()}`;
	if (peer instanceof Api.PeerChannel) return `channel:${peer.channelId.toString()}`;
	return 'other';
}

async function listAll(sandbox: MethodHarness, limit: number): Promise<Api.phone.GroupParticipants[]> {
	const pages: Api.phone.GroupParticipants[] = [];
	let offset = '';
	do {
		const page = await sandbox.invoke(new Api.phone.GetGroupParticipants({ call: CALL, ids: [], sources: [], offset, limit }));
		pages.push(page);
		offset = page.nextOffset;
	} while (offset !== '');
	return pages;
}

describe('participants as the world file describes them', () => {
	it('gives each entry its flags, dates, volume, bio and videos; defaults (muted, may unmute) for the others', async () => {
		const sandbox = harness({
			participants: ['1001', '1002'],
			participantDetails: {
				'1001': { muted: false, canSelfUnmute: false, raiseHandRating: 7, video: true, presentation: true, volume: 2500, about: 'Host', date: 1_700_000_100, activeDate: 1_700_000_200 },
			},
		});
		const [page] = await listAll(sandbox, 10);
		const [host, guest] = page.participants;
		assert.equal(host.muted, false);
		assert.equal(host.canSelfUnmute, false);
		assert.equal(host.raiseHandRating?.toString(), '7');
		assert.ok(host.video instanceof Api.GroupCallParticipantVideo);
		assert.ok(host.presentation instanceof Api.GroupCallParticipantVideo);
		assert.deepEqual([host.volume, host.about, host.date, host.activeDate], [2500, 'Host', 1_700_000_100, 1_700_000_200]);
		assert.deepEqual([guest.muted, guest.canSelfUnmute, guest.video, guest.presentation, guest.volume, guest.about], [true, true, null, null, null, null]);
	});

	it('shows a participant who joined as a channel as that channel, sends the channel, and hides the user', async () => {
		const sandbox = harness({ participants: ['1001', '1003'], participantDetails: { '1003': { joinedAs: '2002' } } });
		const [page] = await listAll(sandbox, 10);
		assert.deepEqual(page.participants.map((entry) => peerKey(entry.peer)), ['user:1001', 'channel:2002']);
		assert.deepEqual(page.users.map((user) => user.id.toString()), ['1001']);
		assert.deepEqual(page.chats.map((chat) => (chat as Api.Channel).title), ['News']);
		const described = await sandbox.invoke(new Api.phone.GetGroupCall({ call: CALL, limit: 10 }));
		assert.deepEqual(described.chats.map((chat) => (chat as Api.Channel).title), ['News']);
	});

	it('with hidden listeners lists only unmuted participants (and the account), counts everyone, and flags the call', async () => {
		const sandbox = harness({
			participants: ['1000', '1001', '1002', '1003'],
			listenersHidden: true,
			participantDetails: { '1002': { muted: false } },
		});
		const described = await sandbox.invoke(new Api.phone.GetGroupCall({ call: CALL, limit: 10 }));
		assert.ok(described.call instanceof Api.GroupCall);
		assert.equal(described.call.listenersHidden, true);
		assert.equal(described.call.participantsCount, 4);
		assert.deepEqual(described.participants.map((entry) => peerKey(entry.peer)), ['user:1000', 'user:1002']);
		assert.equal(described.participantsNextOffset, '');
		const pages = await listAll(sandbox, 1);
		assert.deepEqual(pages.flatMap((page) => page.participants.map((entry) => peerKey(entry.peer))), ['user:1000', 'user:1002']);
		assert.ok(pages.every((page) => page.count === 4), 'count includes the hidden listeners');
	});

	it('clears the details with the participants when the call ends', async () => {
		const sandbox = harness({ participants: ['1001'], participantDetails: { '1001': { muted: false } } });
		sandbox.world.call('3001')?.end(1_800_000_000);
		const call = sandbox.world.toJSON().chats[0].call;
		assert.deepEqual(call?.participants, []);
		assert.equal(call?.participantDetails, undefined);
	});
});
