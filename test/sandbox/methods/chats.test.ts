import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import bigInt from 'big-integer';
import { Api } from 'telegram';

import { MethodHarness } from './support/methodHarness';
import { ids, inputChannel, inputPeerChannel } from './support/tl';

const fullChannel = (id: string, hash: string): Api.channels.GetFullChannel => new Api.channels.GetFullChannel({ channel: inputChannel(id, hash) });

describe('channels.getFullChannel', () => {
	it('gives fullChat.call for an active call and for a scheduled one', async () => {
		const sandbox = new MethodHarness();
		const cases: Array<[string, string, string]> = [
			['2001', '8001', '3001'],
			['2003', '8003', '3003'],
		];
		for (const [chat, hash, call] of cases) {
			const answer = await sandbox.invoke(fullChannel(chat, hash));
			assert.ok(answer.fullChat instanceof Api.ChannelFull);
			assert.equal(answer.fullChat.call?.id.toString(), call);
			assert.ok(answer.chats[0] instanceof Api.Channel);
		}
	});

	it('leaves fullChat.call out for an ended call and for a chat without one', async () => {
		const sandbox = new MethodHarness();
		const cases: Array<[string, string]> = [
			['2004', '8004'],
			['2006', '8006'],
		];
		for (const [chat, hash] of cases) {
			const answer = await sandbox.invoke(fullChannel(chat, hash));
			assert.equal(answer.fullChat.call, null);
		}
	});

	it('answers 400 CHANNEL_INVALID for a wrong hash or a basic group, 406 CHANNEL_PRIVATE for a private chat the account is not in', async () => {
		const sandbox = new MethodHarness();
		await sandbox.expectError(fullChannel('2001', '8002'), 400, 'CHANNEL_INVALID');
		await sandbox.expectError(fullChannel('2002', '1'), 400, 'CHANNEL_INVALID');
		await sandbox.expectError(fullChannel('2008', '8008'), 406, 'CHANNEL_PRIVATE');
	});
});

describe('messages.getFullChat', () => {
	it('gives a basic group its call and members with access hashes', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(new Api.messages.GetFullChat({ chatId: bigInt('2002') }));
		assert.ok(answer.fullChat instanceof Api.ChatFull);
		assert.equal(answer.fullChat.call?.id.toString(), '3002');
		assert.ok(answer.fullChat.participants instanceof Api.ChatParticipants);
		assert.deepEqual(ids(answer.fullChat.participants.participants.map((p) => p.userId)), ['1000', '1001', '1002', '1004']);
		const dave = answer.users.find((user) => user.id.toString() === '1004');
		assert.ok(dave instanceof Api.User);
		assert.equal(dave.accessHash?.toString(), '7004');
	});

	it('answers 400 CHAT_ID_INVALID for a supergroup id or an unknown id', async () => {
		const sandbox = new MethodHarness();
		await sandbox.expectError(new Api.messages.GetFullChat({ chatId: bigInt('2001') }), 400, 'CHAT_ID_INVALID');
		await sandbox.expectError(new Api.messages.GetFullChat({ chatId: bigInt('9') }), 400, 'CHAT_ID_INVALID');
	});
});

describe('channels.getParticipants', () => {
	const participants = (filter: Api.TypeChannelParticipantsFilter, offset: number, limit: number): Api.channels.GetParticipants =>
		new Api.channels.GetParticipants({ channel: inputChannel('2001', '8001'), filter, offset, limit, hash: bigInt(0) });

	it('pages through the members with offset and limit, with the total count', async () => {
		const sandbox = new MethodHarness();
		const seen: string[] = [];
		for (let offset = 0; ; offset += 5) {
			const page = await sandbox.invoke(participants(new Api.ChannelParticipantsRecent(), offset, 5));
			assert.ok(page instanceof Api.channels.ChannelParticipants);
			assert.equal(page.count, 14);
			if (page.participants.length === 0) break;
			seen.push(...ids(page.participants.map((p) => ('userId' in p ? p.userId : bigInt(0)))));
			assert.deepEqual(ids(page.users.map((user) => user.id)), seen.slice(offset));
		}
		assert.equal(seen.length, 14);
		assert.equal(new Set(seen).size, 14);
		assert.ok(!seen.includes('1010'));
	});

	it('searches names and usernames, case-insensitively', async () => {
		const sandbox = new MethodHarness();
		const byName = await sandbox.invoke(participants(new Api.ChannelParticipantsSearch({ q: 'erin' }), 0, 50));
		assert.ok(byName instanceof Api.channels.ChannelParticipants);
		assert.deepEqual(ids(byName.users.map((user) => user.id)), ['1005']);
		const byUsername = await sandbox.invoke(participants(new Api.ChannelParticipantsSearch({ q: 'BOB_' }), 0, 50));
		assert.ok(byUsername instanceof Api.channels.ChannelParticipants);
		assert.deepEqual(ids(byUsername.users.map((user) => user.id)), ['1002']);
	});

	it('gives the account a participant entry that says so (creator when it may manage calls)', async () => {
		const sandbox = new MethodHarness();
		const page = await sandbox.invoke(participants(new Api.ChannelParticipantsRecent(), 0, 1));
		assert.ok(page instanceof Api.channels.ChannelParticipants);
		assert.ok(page.participants[0] instanceof Api.ChannelParticipantCreator);
	});
});

describe('messages.getDialogs', () => {
	const dialogs = (limit: number, offsetPeer: Api.TypeInputPeer = new Api.InputPeerEmpty()): Api.messages.GetDialogs =>
		new Api.messages.GetDialogs({ offsetDate: 0, offsetId: 0, offsetPeer, limit, hash: bigInt(0) });

	it('lists every chat the account is in, with each top message and call flags', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(dialogs(100));
		assert.ok(answer instanceof Api.messages.Dialogs);
		const chatIds = answer.chats.map((chat) => chat.id.toString());
		assert.deepEqual(chatIds, ['2001', '2002', '2003', '2004', '2005', '2006', '2007']);
		assert.equal(answer.messages.length, answer.dialogs.length);
		const withCall = answer.chats.filter((chat) => (chat instanceof Api.Channel || chat instanceof Api.Chat) && chat.callActive === true);
		assert.deepEqual(ids(withCall.map((chat) => chat.id)), ['2001', '2002', '2003', '2005', '2007']);
	});

	it('pages with a slice and continues after offset_peer', async () => {
		const sandbox = new MethodHarness();
		const first = await sandbox.invoke(dialogs(3));
		assert.ok(first instanceof Api.messages.DialogsSlice);
		assert.equal(first.count, 7);
		assert.deepEqual(ids(first.chats.map((chat) => chat.id)), ['2001', '2002', '2003']);
		const next = await sandbox.invoke(dialogs(3, inputPeerChannel('2003', '8003')));
		assert.ok(next instanceof Api.messages.DialogsSlice);
		assert.deepEqual(ids(next.chats.map((chat) => chat.id)), ['2004', '2005', '2006']);
	});

	it('puts a chat with a new invite message first', async () => {
		const sandbox = new MethodHarness();
		await sandbox.invoke(
			new Api.phone.InviteToGroupCall({
				call: new Api.InputGroupCall({ id: bigInt('3007'), accessHash: bigInt('9007') }),
				users: [new Api.InputUser({ userId: bigInt('1001'), accessHash: bigInt('7001') })],
			}),
		);
		const answer = await sandbox.invoke(dialogs(1));
		assert.ok(answer instanceof Api.messages.DialogsSlice);
		assert.deepEqual(ids(answer.chats.map((chat) => chat.id)), ['2007']);
		const [top] = answer.messages;
		assert.ok(top instanceof Api.MessageService);
		assert.ok(top.action instanceof Api.MessageActionInviteToGroupCall);
	});
});
