import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import bigInt from 'big-integer';
import { Api } from 'telegram';

import { MethodHarness } from './support/methodHarness';
import { demoUser, ids, inputUser } from './support/tl';

describe('contacts.resolveUsername', () => {
	it('resolves a user, in any letter case, with its access hash', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(new Api.contacts.ResolveUsername({ username: 'ALICE' }));
		assert.ok(answer.peer instanceof Api.PeerUser);
		assert.equal(answer.peer.userId.toString(), '1001');
		const [user] = answer.users;
		assert.ok(user instanceof Api.User);
		assert.equal(user.accessHash?.toString(), '7001');
		assert.equal(user.username, 'alice');
	});

	it('resolves a public supergroup to a channel peer', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(new Api.contacts.ResolveUsername({ username: 'demo_group' }));
		assert.ok(answer.peer instanceof Api.PeerChannel);
		const [chat] = answer.chats;
		assert.ok(chat instanceof Api.Channel);
		assert.equal(chat.megagroup, true);
		assert.equal(chat.callActive, true);
		assert.equal(chat.accessHash?.toString(), '8001');
	});

	it('answers 400 USERNAME_NOT_OCCUPIED for a free username and 400 USERNAME_INVALID for a malformed one', async () => {
		const sandbox = new MethodHarness();
		await sandbox.expectError(new Api.contacts.ResolveUsername({ username: 'nobody_here' }), 400, 'USERNAME_NOT_OCCUPIED');
		await sandbox.expectError(new Api.contacts.ResolveUsername({ username: 'a' }), 400, 'USERNAME_INVALID');
		await sandbox.expectError(new Api.contacts.ResolveUsername({ username: '1digit_first' }), 400, 'USERNAME_INVALID');
	});

	it('shows a bot as a bot (bot_info_version set) and a deleted account without names', async () => {
		const sandbox = new MethodHarness();
		const bot = (await sandbox.invoke(new Api.contacts.ResolveUsername({ username: 'demo_helper_bot' }))).users[0];
		assert.ok(bot instanceof Api.User);
		assert.equal(bot.bot, true);
		assert.equal(bot.botInfoVersion, 1);
		const [deleted] = await sandbox.invoke(new Api.users.GetUsers({ id: [demoUser('1009')] }));
		assert.ok(deleted instanceof Api.User);
		assert.equal(deleted.deleted, true);
		assert.equal(deleted.firstName, null);
	});
});

describe('contacts.resolvePhone and contacts.getContacts', () => {
	it('resolves a phone number with or without "+" and shows the number', async () => {
		const sandbox = new MethodHarness();
		for (const phone of ['+15550001010', '15550001010']) {
			const answer = await sandbox.invoke(new Api.contacts.ResolvePhone({ phone }));
			const [user] = answer.users;
			assert.ok(user instanceof Api.User);
			assert.equal(user.id.toString(), '1010');
			assert.equal(user.phone, '15550001010');
		}
	});

	it('answers 400 PHONE_NOT_OCCUPIED for an unknown number', async () => {
		const sandbox = new MethodHarness();
		await sandbox.expectError(new Api.contacts.ResolvePhone({ phone: '+15559999999' }), 400, 'PHONE_NOT_OCCUPIED');
	});

	it('lists the contacts with their phones (how GramJS finds a "+phone" entity)', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(new Api.contacts.GetContacts({ hash: bigInt(0) }));
		assert.ok(answer instanceof Api.contacts.Contacts);
		assert.deepEqual(ids(answer.contacts.map((contact) => contact.userId)), ['1004', '1014']);
		const phones = answer.users.map((user) => (user instanceof Api.User ? user.phone : undefined));
		assert.deepEqual(phones, ['15550001004', '15550001014']);
	});
});

describe('users.getUsers and users.getFullUser', () => {
	it('answers each element: the user for a right hash, userEmpty for wrong, zero or unknown, self for inputUserSelf', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(
			new Api.users.GetUsers({
				id: [demoUser('1001'), inputUser('1001', '1'), inputUser('1002', '0'), inputUser('424242', '5'), new Api.InputUserSelf()],
			}),
		);
		assert.deepEqual(
			answer.map((user) => user.className),
			['User', 'UserEmpty', 'UserEmpty', 'UserEmpty', 'User'],
		);
		assert.deepEqual(ids(answer.map((user) => user.id)), ['1001', '1001', '1002', '424242', '1000']);
		const me = answer[4];
		assert.ok(me instanceof Api.User);
		assert.equal(me.self, true);
		assert.equal(me.phone, '15550001000');
	});

	it('answers users.getFullUser with common chats, and 400 USER_ID_INVALID for a wrong hash', async () => {
		const sandbox = new MethodHarness();
		const answer = await sandbox.invoke(new Api.users.GetFullUser({ id: demoUser('1002') }));
		assert.equal(answer.fullUser.id.toString(), '1002');
		// Bob shares Demo, Team Basic, Town Hall, Last Week, Anonymous Room and Quiet Room with the account.
		assert.equal(answer.fullUser.commonChatsCount, 6);
		await sandbox.expectError(new Api.users.GetFullUser({ id: inputUser('1002', '7001') }), 400, 'USER_ID_INVALID');
	});
});

describe('updates.getState', () => {
	it('reports the common-box pts, which a basic-group invite advances', async () => {
		const sandbox = new MethodHarness();
		const before = await sandbox.invoke(new Api.updates.GetState());
		await sandbox.invoke(
			new Api.phone.InviteToGroupCall({
				call: new Api.InputGroupCall({ id: bigInt('3002'), accessHash: bigInt('9002') }),
				users: [demoUser('1001')],
			}),
		);
		const after = await sandbox.invoke(new Api.updates.GetState());
		assert.equal(after.pts, before.pts + 1);
		assert.equal(after.seq, before.seq + 1);
	});
});
