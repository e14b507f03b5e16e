/**
 * The call watcher follows a watched basic group Telegram upgrades to a supergroup (in-memory gateway): learnt
 * from a push, a re-read after a drop or a restart with a saved state, the group's memory moves to the
 * supergroup's key, the supergroup's call events fire once each, and a warning says to use the new id.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseChatReference } from '../../../nodes/TelegramGroupCall/input/parseChatReference';
import type { CallUpdate, GroupCallInfo, TelegramChat } from '../../../nodes/TelegramGroupCall/transport';
import type { ChatSelection } from '../../../nodes/TelegramGroupCallTrigger/watcher/callWatcher';
import { HistoryGateway, WatcherRig } from './support/watcherRig';

const GROUP: TelegramChat = { kind: 'chat', id: '3007', title: 'Team' };
const SUPERGROUP: TelegramChat = { kind: 'channel', id: '3008', accessHash: '8008', title: 'Team' };
const MIGRATED: CallUpdate = { type: 'migrated', from: { kind: 'chat', id: GROUP.id }, to: { kind: 'channel', id: SUPERGROUP.id } };

function chosenGroup(): ChatSelection {
	const parsed = parseChatReference('-3007');
	assert.ok(parsed.ok);
	return { mode: 'chosen', chats: [{ reference: parsed.reference, label: '-3007' }] };
}

function world(): HistoryGateway {
	const gateway = new HistoryGateway();
	gateway.world.addChat('-3007', GROUP);
	gateway.postMessage(GROUP);
	return gateway;
}

/** Telegram upgrades the group; an admin then starts a call in the supergroup (its service message posted). */
function upgradeAndStartCall(gateway: HistoryGateway): { call: GroupCallInfo; messageId: number } {
	const supergroup = gateway.world.addChat('-1000000003008', SUPERGROUP);
	gateway.migrateGroup(GROUP.id, supergroup);
	// The upgrade's own message opens the supergroup's history: not a call message.
	gateway.postMessage(SUPERGROUP);
	const call = gateway.world.addCall(supergroup, 'active', 'After');
	const messageId = gateway.postMessage(SUPERGROUP, { date: 1_800_000_100, fromUserId: '42', call: { callId: call.callId, accessHash: call.accessHash }, action: { kind: 'started' } });
	return { call, messageId };
}

function assertMoved(rig: WatcherRig): void {
	assert.deepEqual(Object.keys(rig.saved?.chats ?? {}), [`channel:${SUPERGROUP.id}`]);
	assert.equal(rig.saved?.chats[`channel:${SUPERGROUP.id}`].chat.id, SUPERGROUP.id);
}

describe('the call watcher and a basic group upgraded to a supergroup', () => {
	it('a push of the upgrade moves the memory and reports the supergroup\'s call once, whichever source tells it', async () => {
		const gateway = world();
		const rig = new WatcherRig({ gateway, selection: chosenGroup() });
		await rig.watcher.start();
		const { call, messageId } = upgradeAndStartCall(gateway);
		rig.watch.on.update(MIGRATED);
		rig.watch.on.update({ type: 'migrated', from: MIGRATED.from, to: MIGRATED.to });
		rig.watch.on.update({ type: 'message', message: { chat: { kind: 'channel', id: SUPERGROUP.id }, messageId, date: 1_800_000_100, fromUserId: '42', call: { callId: call.callId, accessHash: call.accessHash }, action: { kind: 'started' } } });
		rig.watch.on.update({ type: 'call', chat: { kind: 'channel', id: SUPERGROUP.id }, call });
		await rig.settle();
		assert.deepEqual(rig.names, [`callStarted ${call.callId}`]);
		assert.equal(rig.emitted[0]?.[0]?.chat.id, SUPERGROUP.id);
		assertMoved(rig);
		assert.equal(rig.warnings.length, 1, rig.warnings.join('\n'));
		assert.match(rig.warnings[0] ?? '', /upgraded the group -3007 to a supergroup: the trigger now watches the supergroup -1000000003008 \("Team"\)\. Change the chat to -1000000003008 in Chats\./);
		await rig.watcher.close();
	});

	it('a re-read after a drop finds the upgrade and the call started meanwhile', async () => {
		const gateway = world();
		const rig = new WatcherRig({ gateway, selection: chosenGroup() });
		await rig.watcher.start();
		rig.watch.on.disconnected('dropped');
		const { call } = upgradeAndStartCall(gateway);
		rig.watch.on.connected();
		await rig.settle();
		assert.deepEqual(rig.names, [`callStarted ${call.callId}`]);
		assertMoved(rig);
		// Later polls and re-reads report nothing again, and warn no more.
		rig.watch.on.disconnected('dropped');
		rig.watch.on.connected();
		await rig.settle();
		assert.deepEqual(rig.names, [`callStarted ${call.callId}`]);
		assert.equal(rig.warnings.length, 1);
		await rig.watcher.close();
	});

	it('a restart with a state saved under the old group\'s key follows it and reports what happened meanwhile', async () => {
		const gateway = world();
		const first = new WatcherRig({ gateway, selection: chosenGroup() });
		await first.watcher.start();
		await first.watcher.close();
		assert.deepEqual(Object.keys(first.saved?.chats ?? {}), [`chat:${GROUP.id}`]);
		const { call } = upgradeAndStartCall(gateway);
		const second = new WatcherRig({ gateway, selection: chosenGroup(), saved: first.saved });
		await second.watcher.start();
		assert.deepEqual(second.names, [`callStarted ${call.callId}`]);
		assertMoved(second);
		assert.equal(second.warnings.length, 1);
		// And after that restart, the state under the new key keeps working.
		await second.watcher.close();
		const third = new WatcherRig({ gateway, selection: chosenGroup(), saved: second.saved });
		await third.watcher.start();
		assert.deepEqual(third.names, []);
		assertMoved(third);
		await third.watcher.close();
	});

	it('with All Chats, the upgraded group\'s memory moves too and the warning asks for nothing', async () => {
		const gateway = world();
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		const { call } = upgradeAndStartCall(gateway);
		rig.watch.on.update(MIGRATED);
		await rig.settle();
		assert.deepEqual(rig.names, [`callStarted ${call.callId}`]);
		assertMoved(rig);
		assert.deepEqual(rig.warnings, ['Telegram upgraded the group -3007 to a supergroup: the trigger now watches the supergroup -1000000003008 ("Team").']);
		await rig.watcher.close();
	});

	it('with All Chats, a group upgraded before the activation is just its supergroup: no warning, nothing reported', async () => {
		const gateway = world();
		const { call } = upgradeAndStartCall(gateway);
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		assert.deepEqual(rig.names, []);
		assert.equal(rig.saved?.chats[`channel:${SUPERGROUP.id}`].call?.id, call.callId);
		assert.deepEqual(rig.warnings, []);
		await rig.watcher.close();
	});
});
