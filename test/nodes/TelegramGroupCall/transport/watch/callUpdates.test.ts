// GramJS updates as CallUpdates, for the shapes the sandbox never sends: no chat id, a broadcast channel's post,
// a chat that came without its entity, a call that ended at once, messages that are not about calls.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import bigInt from 'big-integer';
import { Api } from 'telegram';

import { toCallMessage, toCallUpdate } from '../../../../../nodes/TelegramGroupCall/transport/gramjs/callUpdates';

/** A 64-bit id beyond JS's safe integers: it must come out digit for digit. */
const BIG_CALL_ID = '9223372036854775807';
const NEGATIVE_HASH = '-9223372036854775808';
const call = new Api.InputGroupCall({ id: bigInt(BIG_CALL_ID), accessHash: bigInt(NEGATIVE_HASH) });

/** As GramJS hands an update to a handler: with the envelope's users and chats as `_entities`. */
function inEnvelope<T extends Api.TypeUpdate>(update: T, chats: Api.TypeChat[]): T {
	Object.assign(update, { _entities: new Map(chats.map((chat) => [chat.id.toString(), chat])) });
	return update;
}

const discarded = new Api.GroupCallDiscarded({ id: bigInt(BIG_CALL_ID), accessHash: bigInt(NEGATIVE_HASH), duration: 0 });

function service(peer: Api.TypePeer, action: Api.TypeMessageAction, fromId?: Api.TypePeer): Api.MessageService {
	return new Api.MessageService({ id: 42, peerId: peer, date: 1_800_000_000, action, fromId });
}

describe('call updates from GramJS', () => {
	it('names the chat of updateGroupCall from the envelope: a channel, a basic group, or null when it cannot tell', () => {
		const channel = new Api.Channel({ id: bigInt('777'), title: 'Team', photo: new Api.ChatPhotoEmpty(), date: 0 });
		const group = new Api.ChatForbidden({ id: bigInt('777'), title: 'Old' });
		const fromChannel = toCallUpdate(inEnvelope(new Api.UpdateGroupCall({ chatId: bigInt('777'), call: discarded }), [channel]));
		assert.deepEqual(fromChannel?.type === 'call' ? fromChannel.chat : undefined, { kind: 'channel', id: '777' });
		const fromGroup = toCallUpdate(inEnvelope(new Api.UpdateGroupCall({ chatId: bigInt('777'), call: discarded }), [group]));
		assert.deepEqual(fromGroup?.type === 'call' ? fromGroup.chat : undefined, { kind: 'chat', id: '777' });
		const unknown = toCallUpdate(inEnvelope(new Api.UpdateGroupCall({ chatId: bigInt('777'), call: discarded }), []));
		assert.deepEqual(unknown?.type === 'call' ? unknown.chat : 'missing', null);
		const noChatId = toCallUpdate(new Api.UpdateGroupCall({ call: discarded }));
		assert.deepEqual(noChatId?.type === 'call' ? noChatId.chat : 'missing', null);
		assert.deepEqual(noChatId?.type === 'call' ? [noChatId.call.callId, noChatId.call.accessHash, noChatId.call.state, noChatId.call.duration] : [], [BIG_CALL_ID, NEGATIVE_HASH, 'ended', 0]);
	});

	it('reads the calls\' service messages: a zero duration still means ended, a broadcast post has no author', () => {
		const ended = toCallMessage(service(new Api.PeerChannel({ channelId: bigInt('777') }), new Api.MessageActionGroupCall({ call, duration: 0 })));
		assert.deepEqual(ended, {
			chat: { kind: 'channel', id: '777' },
			messageId: 42,
			date: 1_800_000_000,
			fromUserId: null,
			call: { callId: BIG_CALL_ID, accessHash: NEGATIVE_HASH },
			action: { kind: 'ended', duration: 0 },
		});
		const invited = toCallMessage(
			service(new Api.PeerChat({ chatId: bigInt('5') }), new Api.MessageActionInviteToGroupCall({ call, users: [bigInt('1152921504606846977')] }), new Api.PeerUser({ userId: bigInt('1001') })),
		);
		assert.deepEqual([invited?.chat, invited?.fromUserId, invited?.action], [{ kind: 'chat', id: '5' }, '1001', { kind: 'invited', userIds: ['1152921504606846977'] }]);
		const scheduled = toCallUpdate(new Api.UpdateNewChannelMessage({ message: service(new Api.PeerChannel({ channelId: bigInt('777') }), new Api.MessageActionGroupCallScheduled({ call, scheduleDate: 1_900_000_000 })), pts: 1, ptsCount: 1 }));
		assert.deepEqual(scheduled?.type === 'message' ? scheduled.message.action : undefined, { kind: 'scheduled', scheduledFor: 1_900_000_000 });
	});

	it('ignores everything else', () => {
		const peer = new Api.PeerChannel({ channelId: bigInt('777') });
		assert.equal(toCallMessage(service(peer, new Api.MessageActionChatEditTitle({ title: 'x' }))), undefined);
		assert.equal(toCallMessage(new Api.Message({ id: 1, peerId: peer, date: 0, message: 'hello' })), undefined);
		assert.equal(toCallMessage(service(new Api.PeerUser({ userId: bigInt('1') }), new Api.MessageActionGroupCall({ call }))), undefined, 'not a group');
		assert.equal(toCallUpdate(new Api.UpdateUserTyping({ userId: bigInt('1'), action: new Api.SendMessageTypingAction() })), undefined);
		assert.equal(toCallUpdate(new Api.UpdateGroupCallParticipants({ call, participants: [], version: 1 })), undefined);
	});

	it('an upgrade of a basic group is one `migrated` update from either side, ids digit for digit; other messages are nothing', () => {
		const BIG_CHANNEL = '1997852516351';
		const expected = { type: 'migrated', from: { kind: 'chat', id: '999999999999' }, to: { kind: 'channel', id: BIG_CHANNEL } };
		const inGroup = service(new Api.PeerChat({ chatId: bigInt('999999999999') }), new Api.MessageActionChatMigrateTo({ channelId: bigInt(BIG_CHANNEL) }));
		assert.deepEqual(toCallUpdate(new Api.UpdateNewMessage({ message: inGroup, pts: 1, ptsCount: 1 })), expected);
		const inSupergroup = service(new Api.PeerChannel({ channelId: bigInt(BIG_CHANNEL) }), new Api.MessageActionChannelMigrateFrom({ title: 'Team', chatId: bigInt('999999999999') }));
		assert.deepEqual(toCallUpdate(new Api.UpdateNewChannelMessage({ message: inSupergroup, pts: 1, ptsCount: 1 })), expected);
		// The same actions in the wrong kind of chat say nothing Telegram would send.
		const wrongSide = service(new Api.PeerChannel({ channelId: bigInt(BIG_CHANNEL) }), new Api.MessageActionChatMigrateTo({ channelId: bigInt(BIG_CHANNEL) }));
		assert.equal(toCallUpdate(new Api.UpdateNewChannelMessage({ message: wrongSide, pts: 1, ptsCount: 1 })), undefined);
		assert.equal(toCallUpdate(new Api.UpdateChannel({ channelId: bigInt(BIG_CHANNEL) })), undefined, 'updateChannel alone says no more than the messages');
		assert.equal(toCallMessage(inGroup), undefined, 'not a call message: history reads skip it');
	});
});
