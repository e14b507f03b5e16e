// The in-memory gateway's getChatCalls and getCallMessages, which the trigger's fast tests stand on, page as the
// GramJS gateway does against the sandbox (watchCalls.sandbox.test.ts): oldest first after an id, `limit`
// messages read, only calls' messages kept, `complete` when fewer than `limit` were left.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MemoryGateway } from '../../support/memoryGateway';

const TEAM = { kind: 'channel', id: '5001' } as const;
const call = { callId: '9001', accessHash: '77' };

describe('MemoryGateway history', () => {
	it('reads after a message id, oldest first, keeping the calls\' messages, and says when it is complete', async () => {
		const gateway = new MemoryGateway();
		gateway.postMessage(TEAM);
		const started = gateway.postMessage(TEAM, { date: 1, fromUserId: '1001', call, action: { kind: 'started' } });
		gateway.postMessage(TEAM);
		const ended = gateway.postMessage(TEAM, { date: 2, fromUserId: '1001', call, action: { kind: 'ended', duration: 60 } });

		const all = await gateway.getCallMessages(TEAM, 0, 100);
		assert.deepEqual(all.messages.map((message) => [message.messageId, message.action.kind, message.chat]), [
			[started, 'started', TEAM],
			[ended, 'ended', TEAM],
		]);
		assert.deepEqual([all.readUpTo, all.complete], [4, true]);

		const page = await gateway.getCallMessages(TEAM, 0, 2);
		assert.deepEqual([page.messages.map((message) => message.messageId), page.readUpTo, page.complete], [[started], 2, false]);
		const rest = await gateway.getCallMessages(TEAM, page.readUpTo, 2);
		assert.deepEqual([rest.messages.map((message) => message.messageId), rest.readUpTo, rest.complete], [[ended], 4, false]);
		const none = await gateway.getCallMessages(TEAM, rest.readUpTo, 2);
		assert.deepEqual([none.messages, none.readUpTo, none.complete], [[], 4, true]);
		assert.deepEqual(gateway.requests('getCallMessages').map((request) => request.args), [
			['channel:5001', '0', '100'],
			['channel:5001', '0', '2'],
			['channel:5001', '2', '2'],
			['channel:5001', '4', '2'],
		]);
	});

	it('gives each chat once with its current call and newest message id, optionally only some chats', async () => {
		const gateway = new MemoryGateway();
		const team = gateway.world.addChat('@team', { kind: 'channel', id: '5001', accessHash: '1', title: 'Team' });
		gateway.world.addChat('-1005001', team);
		const quiet = gateway.world.addChat('@quiet', { kind: 'channel', id: '5002', accessHash: '2', title: 'Quiet' });
		const live = gateway.world.addCall(team, 'active', 'Standup');
		gateway.postMessage(TEAM, { date: 1, fromUserId: null, call: { callId: live.callId, accessHash: live.accessHash }, action: { kind: 'started' } });

		const states = await gateway.getChatCalls();
		assert.deepEqual(
			states.map((state) => [state.chat.id, state.call?.callId ?? null, state.call?.state ?? null, state.topMessageId]),
			[
				['5001', live.callId, 'active', 1],
				[quiet.id, null, null, 0],
			],
		);
		assert.deepEqual((await gateway.getChatCalls([{ kind: 'channel', id: quiet.id }])).map((state) => state.chat.id), [quiet.id]);
	});
});
