/**
 * The gateway's lifecycle requests over TCP against the sandbox: the Chat list for Create (rights first), chats
 * by every reference form, and the call read back from the answers' updateGroupCall, compared with the world.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseChatReference } from '../../../../nodes/TelegramGroupCall/input/parseChatReference';
import { chatReference } from '../../../../nodes/TelegramGroupCall/methods/listSearch';
import { readConnectionSettings } from '../../../../nodes/TelegramGroupCall/transport/connectionSettings';
import { GramjsGateway } from '../../../../nodes/TelegramGroupCall/transport/gramjs/gramjsGateway';
import { connectTelegram } from '../../../../nodes/TelegramGroupCall/transport/gramjs/telegramConnection';
import { startSandbox, type Sandbox } from '../../../../sandbox';

async function withGateway(body: (gateway: GramjsGateway, sandbox: Sandbox) => Promise<void>): Promise<void> {
	const sandbox = await startSandbox({ port: 0 });
	const connection = await connectTelegram(readConnectionSettings({ ...sandbox.credentials() }));
	const gateway = new GramjsGateway(async () => connection);
	try {
		await body(gateway, sandbox);
	} finally {
		gateway.close();
		await connection.destroy();
		await sandbox.stop();
	}
}

describe('GramjsGateway call lifecycle over TCP', () => {
	it('lists the account\'s chats with those it may manage calls in first, each read back as the same chat', async () => {
		await withGateway(async (gateway, sandbox) => {
			const chats = await gateway.listChats();
			const manageable = chats.map((chat) => chat.canManageCalls === true);
			assert.deepEqual(manageable, [...manageable].sort((a, b) => Number(b) - Number(a)), 'manageable chats first');
			for (const chat of chats) {
				const inWorld = sandbox.world.chat(chat.id);
				assert.equal(chat.canManageCalls === true, inWorld?.canManageCall === true, chat.title);
				const parsed = parseChatReference(chatReference(chat));
				assert.ok(parsed.ok);
				assert.equal((await gateway.findCall(parsed.reference)).chat?.id, chat.id);
			}
			assert.ok(chats.some((chat) => chat.id === '2005' && chat.canManageCalls !== true), 'Anonymous Room is listed, without the right');
			assert.deepEqual((await gateway.listChats('quiet')).map((chat) => chat.id), ['2006']);
		});
	});

	it('creates, starts and ends a call in a basic group, each answer matching the world', async () => {
		await withGateway(async (gateway, sandbox) => {
			const parsed = parseChatReference('-2002');
			assert.ok(parsed.ok);
			const found = await gateway.findCall(parsed.reference);
			const chat = found.chat;
			assert.ok(chat !== undefined && found.call !== undefined);
			const running = await gateway.getCall(found.call);
			assert.deepEqual([running.callId, running.state, chat.title], ['3002', 'active', 'Team Basic']);
			await gateway.discardGroupCall({ callId: '3002', accessHash: '9002' });
			assert.equal((await gateway.findCall(parsed.reference)).call, undefined);
			const scheduleDate = Math.floor(Date.now() / 1000) + 600;
			const created = await gateway.createGroupCall({ chat, title: 'Plan', scheduleDate, randomId: -7 });
			const world = sandbox.world.callOfChat('2002');
			assert.deepEqual(
				[created.callId, created.accessHash, created.state, created.title, created.scheduledFor, created.version],
				[world?.id, world?.accessHash, 'scheduled', 'Plan', scheduleDate, world?.version],
			);
			const started = await gateway.startScheduledGroupCall(created);
			assert.deepEqual([started.state, started.scheduledFor, started.version], ['active', null, sandbox.world.call(created.callId)?.version]);
			const ended = await gateway.discardGroupCall(created);
			assert.deepEqual([ended.state, ended.duration], ['ended', sandbox.world.call(created.callId)?.duration]);
			assert.deepEqual(await gateway.getCall(created), ended);
		});
	});
});
