import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { telegramError } from '../TelegramGroupCall/support/memoryGateway';
import { inviteThenEnd, message, OPS, TEAM, world } from './support/reReadWorld';
import { WatcherRig } from './support/watcherRig';

/**
 * A chat that is behind after a drop (its history not read yet): what Telegram pushes for it waits for its re-read,
 * and a history Telegram refuses for good does not keep it behind.
 */

describe('the call watcher with a chat that is behind', () => {
	it("a call's end pushed for a chat that is behind waits for its re-read: the invitations missed come first, then the end, each once", async () => {
		const { gateway, standup } = world();
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		await rig.poll();
		rig.watch.on.disconnected('dropped');
		gateway.world.now += 60;
		const { endedCall } = await inviteThenEnd(gateway, OPS, standup, '8');
		// Telegram pushes the end before the reconnect (naming the chat), and again after it (naming only the call).
		rig.watch.on.update({ type: 'call', chat: { kind: 'channel', id: OPS.id }, call: endedCall });
		gateway.unreadable = (chatId) => chatId === OPS.id;
		rig.watch.on.connected();
		rig.watch.on.update({ type: 'call', chat: null, call: endedCall });
		await rig.settle();
		assert.deepEqual(rig.names, [], 'Ops could not be read: nothing of it is reported yet');
		assert.equal(rig.saved?.chats[`channel:${OPS.id}`].call?.phase, 'active', 'the pushed end did not end the call in memory');

		gateway.unreadable = () => false;
		await rig.poll();
		const ops = [`usersInvited ${standup.callId}`, `participantLeft ${standup.callId} 5`, `participantLeft ${standup.callId} 6`, `callEnded ${standup.callId}`];
		assert.deepEqual(rig.names, ops);
		assert.deepEqual(rig.emitted.flat().find((event) => event.event === 'usersInvited')?.invitedUserIds, ['8']);
		assert.equal(rig.emitted.flat().find((event) => event.event === 'callEnded')?.duration, 60, 'the end as its service message tells it');
		// The same end pushed once more, now that Ops is read: nothing twice.
		rig.watch.on.update({ type: 'call', chat: { kind: 'channel', id: OPS.id }, call: endedCall });
		await rig.settle();
		assert.deepEqual(rig.names, ops);
		await rig.watcher.close();
		assert.equal(gateway.sessionsOpen, 0);
	});

	it("a call's end pushed before the reconnect, naming only the call, waits for the re-read (the property's counterexample)", async () => {
		const { gateway, weekly } = world();
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		await rig.poll();
		rig.watch.on.disconnected('dropped');
		gateway.world.now += 60;
		message(gateway, TEAM, weekly, { kind: 'invited', userIds: ['200'] });
		const ended = await gateway.discardGroupCall(weekly);
		rig.watch.on.update({ type: 'call', chat: null, call: ended });
		rig.watch.on.connected();
		await rig.settle();
		assert.deepEqual(rig.names, [`usersInvited ${weekly.callId}`, `participantLeft ${weekly.callId} 7`, `callEnded ${weekly.callId}`]);
		assert.equal(rig.emitted.flat().at(-1)?.duration, gateway.world.call(weekly.callId).duration, "the end as Telegram tells it (no service message)");
		await rig.watcher.close();
	});

	it("a call's new title pushed for a chat that is behind comes from its re-read, which reads the call as it is now", async () => {
		const { gateway, standup } = world();
		const rig = new WatcherRig({ gateway, events: ['usersInvited', 'titleChanged'] });
		await rig.watcher.start();
		rig.watch.on.disconnected('dropped');
		message(gateway, OPS, standup, { kind: 'invited', userIds: ['8'] });
		gateway.callSettings(standup.callId).canManage = true;
		const retitled = await gateway.editCallTitle({ callId: standup.callId, accessHash: standup.accessHash, chat: OPS }, 'Daily');
		assert.ok(retitled.changed);
		gateway.unreadable = (chatId) => chatId === OPS.id;
		rig.watch.on.connected();
		rig.watch.on.update({ type: 'call', chat: { kind: 'channel', id: OPS.id }, call: retitled.call });
		await rig.settle();
		assert.deepEqual(rig.names, []);

		gateway.unreadable = () => false;
		await rig.poll();
		assert.deepEqual(rig.names, [`usersInvited ${standup.callId}`, `titleChanged ${standup.callId}`]);
		assert.equal(rig.emitted.flat().at(-1)?.call.title, 'Daily');
		assert.equal(rig.emitted.flat().at(-1)?.previousTitle, 'Standup');
		await rig.watcher.close();
	});
});

describe('the call watcher with a chat whose history Telegram refuses for good', () => {
	for (const code of ['MSG_ID_INVALID', 'CHANNEL_PRIVATE', 'CHAT_ADMIN_REQUIRED']) {
		it(`${code}: the missed history is skipped with one warning naming the chat; its call is still watched, and it is not re-read every tick`, async () => {
			const { gateway, standup, weekly } = world();
			const rig = new WatcherRig({ gateway });
			await rig.watcher.start();
			await rig.poll();
			rig.watch.on.disconnected('dropped');
			gateway.world.now += 60;
			const { ended } = await inviteThenEnd(gateway, OPS, standup, '8');
			message(gateway, TEAM, weekly, { kind: 'invited', userIds: ['9'] });
			gateway.failure = () => telegramError(code);
			gateway.unreadable = (chatId, read) => chatId === OPS.id && read === 'history';
			rig.watch.on.connected();
			await rig.settle();
			// Ops's invitation is lost with its history; its call's end is read from the call itself.
			const caughtUp = [`participantLeft ${standup.callId} 5`, `participantLeft ${standup.callId} 6`, `callEnded ${standup.callId}`, `usersInvited ${weekly.callId}`];
			assert.deepEqual(rig.names, caughtUp);
			assert.deepEqual(rig.warnings, [
				`The trigger cannot read the history of Ops (${code}); invitations and call messages there since it last read it were skipped. Its call is still watched.`,
			]);
			assert.equal(rig.saved?.chats[`channel:${OPS.id}`].lastMessageId, ended.messageId, 'its last message is the newest');

			// The next tick polls Weekly; it does not read Ops again, nor warn again.
			await rig.poll();
			assert.deepEqual(gateway.failedReads, [OPS.id], "Ops's history was asked for once");
			assert.equal(rig.warnings.length, 1);
			assert.deepEqual(rig.names, caughtUp);

			// Ops is watched live again: a new call started there is reported at once.
			const retro = gateway.world.addCall(OPS, 'active', 'Retro');
			rig.watch.on.update({ type: 'message', message: message(gateway, OPS, retro, { kind: 'started' }) });
			await rig.settle();
			assert.deepEqual(rig.names, [...caughtUp, `callStarted ${retro.callId}`]);
			await rig.watcher.close();
			assert.equal(gateway.sessionsOpen, 0);
		});
	}
});
