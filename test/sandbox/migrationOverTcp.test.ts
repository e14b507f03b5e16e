import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import bigInt from 'big-integer';
import { Api } from 'telegram';

import { DriveError } from '../../sandbox';
import { FRIENDS, TEAM, teamAndFriendsWorld } from '../support/teamAndFriendsWorld';
import { buildWorld } from '../support/worldBuilder';
import { TcpSandbox } from './support/tcpSandbox';

/** The basic group FRIENDS already upgraded in the world file to supergroup 5003. */
const upgradedWorld = () =>
	buildWorld({
		users: [{ id: '1002', accessHash: '7002', firstName: 'Bob' }],
		chats: [
			{ id: FRIENDS, kind: 'group', title: 'Friends', members: ['1000', '1002'], migratedTo: '5003' },
			{ id: '5003', accessHash: '8003', kind: 'supergroup', title: 'Friends', members: ['1000', '1002'], canManageCall: true },
		],
	});

function actionOf(update: Api.TypeUpdate): Api.TypeMessageAction | undefined {
	if (!(update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage)) return undefined;
	return update.message instanceof Api.MessageService ? update.message.action : undefined;
}

/** What GramJS reads back about the old group: the chat object of messages.getFullChat, and its call. */
async function fullChatOf(tcp: TcpSandbox, chatId: string): Promise<{ chats: Api.TypeChat[]; call: Api.TypeInputGroupCall | null | undefined }> {
	const answer = await tcp.invoke(new Api.messages.GetFullChat({ chatId: bigInt(chatId) }));
	return { chats: answer.chats, call: (answer.fullChat as Api.ChatFull).call };
}

function assertUpgraded(chats: readonly Api.TypeChat[], groupId: string, supergroupId: string, accessHash: string): void {
	const group = chats.find((chat) => chat.id.toString() === groupId);
	assert.ok(group instanceof Api.Chat, 'the old group is sent as chat');
	assert.equal(group.deactivated, true);
	assert.ok(group.migratedTo instanceof Api.InputChannel);
	assert.equal(group.migratedTo.channelId.toString(), supergroupId);
	assert.equal(group.migratedTo.accessHash.toString(), accessHash);
	const supergroup = chats.find((chat) => chat.id.toString() === supergroupId);
	assert.ok(supergroup instanceof Api.Channel, 'the supergroup is sent beside it');
	assert.equal(supergroup.megagroup, true);
	assert.equal(supergroup.accessHash?.toString(), accessHash);
}

describe('a basic group upgraded to a supergroup (TCP, GramJS)', () => {
	it('the driver upgrades it: the client gets updateChat, updateChannel and both service messages', async (t) => {
		const tcp = await TcpSandbox.open(teamAndFriendsWorld());
		t.after(() => tcp.close());
		const migration = tcp.sandbox.drive.migrateGroup(FRIENDS, { by: '1002' });
		const pushed = await tcp.pushesSettled();

		assert.ok(BigInt(migration.supergroupId) > BigInt(TEAM));
		assert.equal(migration.botApiId, (-(1_000_000_000_000n + BigInt(migration.supergroupId))).toString());
		assert.deepEqual(
			pushed.map((update) => update.className),
			['UpdateChat', 'UpdateNewMessage', 'UpdateChannel', 'UpdateNewChannelMessage'],
		);
		const migrateTo = actionOf(pushed[1] as Api.TypeUpdate);
		assert.ok(migrateTo instanceof Api.MessageActionChatMigrateTo);
		assert.equal(migrateTo.channelId.toString(), migration.supergroupId);
		const migrateFrom = actionOf(pushed[3] as Api.TypeUpdate);
		assert.ok(migrateFrom instanceof Api.MessageActionChannelMigrateFrom);
		assert.equal(migrateFrom.chatId.toString(), FRIENDS);
		assert.equal(migrateFrom.title, 'Friends');
		assert.equal(((pushed[3] as Api.UpdateNewChannelMessage).message.peerId as Api.PeerChannel).channelId.toString(), migration.supergroupId);

		// Ground truth: the world's group points to the new supergroup, which has the group's members.
		const world = tcp.sandbox.world.toJSON();
		assert.equal(world.chats.find((chat) => chat.id === FRIENDS)?.migratedTo, migration.supergroupId);
		assert.deepEqual(world.chats.find((chat) => chat.id === migration.supergroupId)?.members, ['1000', '1002']);
	});

	it('after the upgrade, reading the old group answers as Telegram does, and the supergroup is in the dialogs', async (t) => {
		const tcp = await TcpSandbox.open(teamAndFriendsWorld());
		t.after(() => tcp.close());
		const { supergroupId, accessHash } = tcp.sandbox.drive.migrateGroup(FRIENDS);

		const full = await fullChatOf(tcp, FRIENDS);
		assertUpgraded(full.chats, FRIENDS, supergroupId, accessHash);
		assert.equal(full.call ?? undefined, undefined, 'the old group has no call');

		const chats = await tcp.invoke(new Api.messages.GetChats({ id: [bigInt(FRIENDS)] }));
		assert.ok(chats.chats[0] instanceof Api.Chat && chats.chats[0].deactivated === true);

		const dialogs = await tcp.invoke(new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 100, hash: bigInt.zero }));
		assert.ok(!(dialogs instanceof Api.messages.DialogsNotModified));
		assertUpgraded(dialogs.chats, FRIENDS, supergroupId, accessHash);

		const history = await tcp.invoke(
			new Api.messages.GetHistory({ peer: new Api.InputPeerChat({ chatId: bigInt(FRIENDS) }), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 1, maxId: 0, minId: 0, hash: bigInt.zero }),
		);
		assert.ok(!(history instanceof Api.messages.MessagesNotModified));
		const newest = history.messages[0];
		assert.ok(newest instanceof Api.MessageService && newest.action instanceof Api.MessageActionChatMigrateTo);

		// A call is started in the supergroup; the deactivated group refuses one.
		const inputPeer = new Api.InputPeerChannel({ channelId: bigInt(supergroupId), accessHash: bigInt(accessHash) });
		tcp.sandbox.drive.adminStarts(supergroupId, { title: 'Games' });
		const channelFull = await tcp.invoke(new Api.channels.GetFullChannel({ channel: inputPeer }));
		assert.ok(channelFull.fullChat.call instanceof Api.InputGroupCall);
		const refused = await tcp.rpcError(new Api.phone.CreateGroupCall({ peer: new Api.InputPeerChat({ chatId: bigInt(FRIENDS) }), randomId: 7 }));
		assert.deepEqual(refused, { code: 400, message: 'CHAT_ID_INVALID' });
	});

	it('a world file can describe the group as upgraded already; its history ends with the upgrade', async (t) => {
		const tcp = await TcpSandbox.open(upgradedWorld());
		t.after(() => tcp.close());
		const full = await fullChatOf(tcp, FRIENDS);
		assertUpgraded(full.chats, FRIENDS, '5003', '8003');
		const history = await tcp.invoke(
			new Api.messages.GetHistory({ peer: new Api.InputPeerChannel({ channelId: bigInt('5003'), accessHash: bigInt('8003') }), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0, hash: bigInt.zero }),
		);
		assert.ok(!(history instanceof Api.messages.MessagesNotModified));
		const actions = history.messages.map((message) => (message instanceof Api.MessageService ? message.action.className : message.className));
		assert.deepEqual(actions, ['MessageActionChannelMigrateFrom']);
	});

	it('the driver refuses what Telegram would not do, saying why', async (t) => {
		const tcp = await TcpSandbox.open(teamAndFriendsWorld());
		t.after(() => tcp.close());
		const drive = tcp.sandbox.drive;
		assert.throws(() => drive.migrateGroup(TEAM), (error: unknown) => error instanceof DriveError && /only a basic group/.test(error.message));
		const call = drive.adminStarts(FRIENDS);
		assert.throws(() => drive.migrateGroup(FRIENDS), (error: unknown) => error instanceof DriveError && error.message.includes(`call ${call.callId}; end it first`));
		drive.adminEnds(call.callId);
		const { supergroupId } = drive.migrateGroup(FRIENDS);
		assert.throws(() => drive.migrateGroup(FRIENDS), (error: unknown) => error instanceof DriveError && error.message.includes(`already upgraded to supergroup ${supergroupId}`));
	});
});
