/**
 * Get in n8n's engine against the sandbox over TCP: every state (active, scheduled, ended, none), each field
 * compared with the sandbox's world, what is sent (phone.getGroupCall without participants), and bad input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Sandbox } from '../../../sandbox';
import { hintsOf, jsonWithItems, runOperation } from './support/operationRuns';
import { useSharedSandbox } from './support/sandboxRuns';

function iso(unixSeconds: number): string {
	return new Date(unixSeconds * 1000).toISOString();
}

/** What Get must say about the chat's call, read from the sandbox's world (the ground truth). */
function expectedFromWorld(sandbox: Sandbox, chatId: string): Record<string, unknown> {
	const chat = sandbox.world.chat(chatId);
	const live = sandbox.world.callOfChat(chatId);
	assert.ok(chat && live, `chat ${chatId} with a call`);
	const call = live.call;
	const link = chat.username === undefined ? null : `https://t.me/${chat.username}?${chat.kind === 'channel' ? 'livestream' : 'videochat'}`;
	return {
		callId: call.id,
		accessHash: call.accessHash,
		chat: { id: chat.id, title: chat.title, username: chat.username ?? null },
		state: call.state,
		title: call.title ?? null,
		participantsCount: call.participants.length + (call.joinedAs === 'channel' ? 1 : 0),
		scheduledFor: call.scheduleDate === undefined ? null : iso(call.scheduleDate),
		recording: live.recordStartDate !== undefined,
		recordingSince: live.recordStartDate === undefined ? null : iso(live.recordStartDate),
		joinMuted: false,
		canChangeJoinMuted: chat.canManageCall === true,
		link,
	};
}

describe('Get', () => {
	let sandbox: Sandbox;
	useSharedSandbox((started) => (sandbox = started));

	it("gives each chat's call as the world has it: active, scheduled, a basic group's, a channel's, one joined as a channel", async () => {
		const chats = { '@demo_group': '2001', 'https://t.me/town_hall?videochat': '2003', '-2002': '2002', '@ops_news': '2007', anonymous_room: '2005' };
		const run = await runOperation(sandbox, { operation: 'get', items: Object.keys(chats).map((call) => ({ call })) });
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		const items = jsonWithItems(run.outputs[0]);
		// A copy: deepEqual would narrow `items` to the expected type.
		assert.deepEqual(
			[...items],
			Object.values(chats).map((chatId, index) => ({ _item: index, ...expectedFromWorld(sandbox, chatId) })),
		);
		assert.deepEqual(
			items.map((item) => item.state),
			['active', 'scheduled', 'active', 'active', 'active'],
		);
		assert.equal(items[2].link, null, 'a basic group has no public link');
		assert.equal(items[3].link, 'https://t.me/ops_news?livestream');
	});

	it('reads the call with phone.getGroupCall asking for no participants', async () => {
		const before = sandbox.requests('phone.getGroupCall').length;
		await runOperation(sandbox, { operation: 'get', items: [{ call: '@demo_group' }] });
		const sent = sandbox.requests('phone.getGroupCall').slice(before);
		assert.equal(sent.length, 1);
		assert.equal((sent[0].params as { limit: number }).limit, 0);
	});

	it('shows recording while the world records the call', async () => {
		const live = sandbox.world.callOfChat('2001');
		assert.ok(live);
		live.setRecording({ startDate: 1_800_000_000, video: false });
		try {
			const run = await runOperation(sandbox, { operation: 'get', items: [{ call: '@demo_group' }] });
			const [item] = jsonWithItems(run.outputs[0]);
			assert.equal(item.recording, true);
			assert.equal(item.recordingSince, '2027-01-15T08:00:00.000Z');
			assert.deepEqual({ _item: 0, ...expectedFromWorld(sandbox, '2001') }, item);
		} finally {
			live.setRecording(undefined);
		}
	});

	it('answers state "none" with the chat for a chat without a call, or whose call ended, instead of failing', async () => {
		const run = await runOperation(sandbox, { operation: 'get', items: [{ call: '@quiet_room' }, { call: '@last_week_chat' }] });
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		const items = jsonWithItems(run.outputs[0]);
		assert.deepEqual(
			items.map((item) => [item._item, item.state, item.callId, (item.chat as { title: string }).title]),
			[
				[0, 'none', null, 'Quiet Room'],
				[1, 'none', null, 'Last Week'],
			],
		);
		assert.equal(sandbox.world.callOfChat('2004')?.state, 'ended', 'the world agrees: the call of Last Week ended');
		assert.equal(items[0].participantsCount, null);
		assert.equal(items[0].link, null);
	});

	it('answers state "ended" for an ended call named by ID (Telegram answers groupCallDiscarded), with no chat or link', async () => {
		const run = await runOperation(sandbox, { operation: 'get', items: [{ call: '3004:9004' }, { call: '3003:9003' }] });
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		const [ended, scheduled] = jsonWithItems(run.outputs[0]);
		assert.deepEqual(
			[ended.callId, ended.accessHash, ended.state, ended.chat, ended.link, ended.recording],
			['3004', '9004', 'ended', null, null, false],
		);
		assert.equal(scheduled.state, 'scheduled');
		assert.equal(scheduled.title, 'Quarterly town hall');
		assert.equal(scheduled.scheduledFor, iso(sandbox.world.call('3003')?.call.scheduleDate ?? 0));
	});

	it('gives each bad Call its own error item, paired, and reads the good ones (Continue)', async () => {
		const before = sandbox.requests().length;
		const run = await runOperation(sandbox, {
			operation: 'get',
			onError: 'continueRegularOutput',
			items: [{ call: '@no_such_chat_here' }, { call: '' }, { call: '3001:1' }, { call: '3008:9008' }, { call: '@demo_group' }],
		});
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		const items = jsonWithItems(run.outputs[0]);
		assert.deepEqual(
			items.map((item) => [item._item, (item.details as { code?: string } | undefined)?.code ?? item.state]),
			[
				[0, 'USERNAME_NOT_OCCUPIED'],
				[1, 'INVALID_PARAMETER'],
				[2, 'GROUPCALL_INVALID'],
				[3, 'GROUPCALL_FORBIDDEN'],
				[4, 'active'],
			],
		);
		assert.match(String(items[1].error), /^Call: the Call parameter is empty/);
		const sent = sandbox.requests().slice(before).map((entry) => entry.method);
		assert.equal(sent.filter((method) => method === 'contacts.resolveUsername').length, 2, 'the empty Call sent nothing');
		assert.deepEqual(hintsOf(run), []);
	});

	it('stops the workflow at the first bad item, naming the field and the item, before connecting for it', async () => {
		const run = await runOperation(sandbox, { operation: 'get', items: [{ call: '@demo_group' }, { call: null }] });
		assert.equal(run.status, 'error');
		assert.match(run.error?.message ?? '', /^Call: the Call parameter is empty/);
		assert.equal(run.error?.context?.itemIndex, 1);
	});
});
