/**
 * The gateway follows a basic group Telegram upgraded to a supergroup (one hop), over TCP against the sandbox:
 * the group named by every id form leads to the supergroup's call, and the answer says where it came from.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseChatReference } from '../../../../nodes/TelegramGroupCall/input/parseChatReference';
import { readConnectionSettings } from '../../../../nodes/TelegramGroupCall/transport/connectionSettings';
import { GramjsGateway } from '../../../../nodes/TelegramGroupCall/transport/gramjs/gramjsGateway';
import { connectTelegram } from '../../../../nodes/TelegramGroupCall/transport/gramjs/telegramConnection';
import { botApiChatId } from '../../../../nodes/TelegramGroupCall/input/parseCallReference';
import { startSandbox, type Sandbox } from '../../../../sandbox';
import { FRIENDS, teamAndFriendsWorld } from '../../../support/teamAndFriendsWorld';

/** A sandbox whose basic group FRIENDS was upgraded and has a call running in its supergroup; a fresh gateway per body. */
async function withUpgradedGroup(body: (gateway: () => GramjsGateway, sandbox: Sandbox, supergroupId: string, callId: string) => Promise<void>): Promise<void> {
	const world = teamAndFriendsWorld();
	// The account may manage calls in the group, and so in the supergroup made from it.
	world.chats = world.chats.map((chat) => (chat.id === FRIENDS ? { ...chat, canManageCall: true } : chat));
	const sandbox = await startSandbox({ port: 0, world });
	const connection = await connectTelegram(readConnectionSettings({ ...sandbox.credentials() }));
	const gateways: GramjsGateway[] = [];
	try {
		const { supergroupId } = sandbox.drive.migrateGroup(FRIENDS);
		const { callId } = sandbox.drive.adminStarts(supergroupId, { title: 'Games' });
		await body(
			() => {
				const gateway = new GramjsGateway(async () => connection);
				gateways.push(gateway);
				return gateway;
			},
			sandbox,
			supergroupId,
			callId,
		);
	} finally {
		for (const gateway of gateways) gateway.close();
		await connection.destroy();
		await sandbox.stop();
	}
}

function reference(text: string) {
	const parsed = parseChatReference(text);
	assert.ok(parsed.ok, text);
	return parsed.reference;
}

describe('GramjsGateway follows an upgraded basic group over TCP', () => {
	it('findCall and resolveCall with the old Bot API id or bare id answer the supergroup and its call', async () => {
		await withUpgradedGroup(async (gateway, sandbox, supergroupId, callId) => {
			for (const text of [`-${FRIENDS}`, FRIENDS]) {
				const found = await gateway().findCall(reference(text));
				assert.equal(found.call?.callId, callId, text);
				assert.deepEqual([found.chat?.kind, found.chat?.id, found.chat?.migratedFrom], ['channel', supergroupId, FRIENDS], text);
				assert.equal(found.chat?.accessHash, sandbox.world.chat(supergroupId)?.accessHash);
				const resolved = await gateway().resolveCall(reference(text));
				assert.deepEqual([resolved.callId, resolved.accessHash, resolved.chat?.migratedFrom], [callId, sandbox.world.call(callId)?.accessHash, FRIENDS], text);
			}
			// The supergroup named by its own id is no upgrade.
			const direct = await gateway().findCall(reference(botApiChatId('channel', supergroupId)));
			assert.deepEqual([direct.call?.callId, direct.chat?.migratedFrom], [callId, undefined]);
		});
	});

	it('getChatCalls for the old group answers the supergroup with its running call', async () => {
		await withUpgradedGroup(async (gateway, _sandbox, supergroupId, callId) => {
			const states = await gateway().getChatCalls([{ kind: 'chat', id: FRIENDS }]);
			assert.deepEqual(
				states.map((state) => [state.chat.kind, state.chat.id, state.chat.migratedFrom, state.call?.callId, state.call?.state]),
				[['channel', supergroupId, FRIENDS, callId, 'active']],
			);
			// The supergroup's history starts with the upgrade, then the call: the newest message is the call's.
			assert.equal(states[0]?.topMessageId, 2);
		});
	});

	it('a call created through the old group is created in the supergroup', async () => {
		await withUpgradedGroup(async (gateway, sandbox, supergroupId, callId) => {
			const g = gateway();
			await g.discardGroupCall({ callId, accessHash: sandbox.world.call(callId)?.accessHash ?? '' });
			const found = await g.findCall(reference(`-${FRIENDS}`));
			assert.ok(found.call === undefined && found.chat !== undefined);
			const created = await g.createGroupCall({ chat: found.chat, randomId: 11 });
			assert.equal(sandbox.world.callOfChat(supergroupId)?.id, created.callId);
			assert.equal(sandbox.world.callOfChat(FRIENDS), undefined);
		});
	});
});
