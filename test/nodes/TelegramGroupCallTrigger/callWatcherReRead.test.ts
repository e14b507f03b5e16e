import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { CancelledError } from '../../../nodes/TelegramGroupCall/errors/cancellation';
import type { CallUpdate, TelegramChat } from '../../../nodes/TelegramGroupCall/transport';
import type { WatchEvent } from '../../../nodes/TelegramGroupCallTrigger/watcher/watchEvent';
import { memoryParticipant, telegramError } from '../TelegramGroupCall/support/memoryGateway';
import { FlakyGateway, historyReads, inviteThenEnd, message, OPS, TEAM, world } from './support/reReadWorld';
import { WatcherRig } from './support/watcherRig';

/**
 * The re-read after a drop, chat by chat: one chat that cannot be read does not hold up the others, and a chat
 * with more missed messages than the read's bound says what it skipped.
 */

describe('the call watcher re-reading chat by chat', () => {
	it('a chat whose re-read fails every time does not hold up the others; its events come once it reads again, each once', async () => {
		const { gateway, standup, weekly } = world();
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		await rig.poll();
		rig.watch.on.disconnected('dropped');
		gateway.world.now += 60;
		const standupEnded = (await inviteThenEnd(gateway, OPS, standup, '8')).ended;
		await inviteThenEnd(gateway, TEAM, weekly, '9');
		// Ops is first in the re-read, and its history cannot be read.
		gateway.unreadable = (chatId) => chatId === OPS.id;
		rig.watch.on.connected();
		// A message of Ops's redelivered meanwhile waits for Ops's re-read.
		rig.watch.on.update({ type: 'message', message: standupEnded });
		await rig.settle();
		const team = [`usersInvited ${weekly.callId}`, `participantLeft ${weekly.callId} 7`, `callEnded ${weekly.callId}`];
		assert.deepEqual(rig.names, team, 'Team is caught up although Ops fails before it');
		assert.equal(rig.warnings.length, 1);
		assert.match(rig.warnings[0], /could not read 1 of 2 chats \(Ops: INTERNAL\); it tries again in 10 s/);
		assert.equal(rig.saved?.chats[`channel:${OPS.id}`].call?.phase, 'active', 'Ops is not taken for ended: its call was not polled either');

		await rig.poll();
		assert.deepEqual(rig.names, team, 'a tick while Ops still fails reports nothing new');
		assert.equal(rig.warnings.length, 2);

		gateway.unreadable = () => false;
		await rig.poll();
		const ops = [`usersInvited ${standup.callId}`, `participantLeft ${standup.callId} 5`, `participantLeft ${standup.callId} 6`, `callEnded ${standup.callId}`];
		assert.deepEqual(rig.names, [...team, ...ops]);
		assert.deepEqual(rig.emitted.at(-1)?.find((event) => event.event === 'callEnded')?.duration, 60, 'the end as its service message tells it');
		assert.equal(rig.clock.pending, 0, 'nothing owed and no call running: no more ticks');

		// Another drop with nothing new: nothing is reported again.
		rig.watch.on.disconnected('dropped');
		rig.watch.on.connected();
		await rig.settle();
		assert.deepEqual(rig.names, [...team, ...ops]);
		assert.deepEqual(gateway.failedReads, [OPS.id, OPS.id]);
		assert.equal(historyReads(gateway, TEAM), 1, "Team's history was read once: the re-reads after found nothing newer");
		assert.equal(rig.warnings.length, 2);
		await rig.watcher.close();
		assert.equal(gateway.sessionsOpen, 0);
	});

	it('an activation with a chat that cannot be read still starts: the others report what happened while n8n was down', async () => {
		const { gateway, standup, weekly } = world();
		const first = new WatcherRig({ gateway });
		await first.watcher.start();
		await first.watcher.close();
		// While n8n is down: invitations in both chats.
		message(gateway, OPS, standup, { kind: 'invited', userIds: ['8'] });
		message(gateway, OPS, standup, { kind: 'invited', userIds: ['9'] });
		message(gateway, TEAM, weekly, { kind: 'invited', userIds: ['7'] });
		gateway.unreadable = (chatId) => chatId === OPS.id;
		const rig = new WatcherRig({ gateway, saved: first.saved, events: ['usersInvited'] });
		await rig.watcher.start();
		assert.deepEqual(rig.emitted.flat().map((event) => event.invitedUserIds), [['7']]);
		assert.match(rig.warnings[0], /could not read 1 of 2 chats \(Ops: INTERNAL\)/);
		// A message pushed for Ops now would move its mark past the two it missed: it waits for Ops's re-read.
		rig.watch.on.update({ type: 'message', message: message(gateway, OPS, standup, { kind: 'invited', userIds: ['10'] }) });
		await rig.settle();
		assert.equal(rig.emitted.length, 1);
		gateway.unreadable = () => false;
		await rig.poll();
		assert.deepEqual(rig.emitted.flat().map((event) => event.invitedUserIds), [['7'], ['8'], ['9'], ['10']]);
		await rig.watcher.close();
	});

	it('a remembered call whose read fails is not taken for ended until Telegram answers; one Telegram refuses ends at once', async () => {
		const { gateway, standup, weekly } = world();
		const rig = new WatcherRig({ gateway, events: ['callEnded'] });
		await rig.watcher.start();
		rig.watch.on.disconnected('dropped');
		gateway.world.now += 60;
		// Both calls end with no service message: the re-read asks Telegram for each remembered call.
		await gateway.discardGroupCall(standup);
		await gateway.discardGroupCall(weekly);
		gateway.script('getCall', telegramError('FLOOD_WAIT', { retryAfter: 30 }), telegramError('GROUPCALL_INVALID'));
		rig.watch.on.connected();
		await rig.settle();
		assert.deepEqual(rig.names, [`callEnded ${weekly.callId}`], 'Telegram no longer knows Weekly: it is gone');
		assert.match(rig.warnings[0], /1 of 2 chats \(Ops: FLOOD_WAIT\)/);
		await rig.poll();
		assert.deepEqual(rig.names, [`callEnded ${weekly.callId}`, `callEnded ${standup.callId}`]);
		assert.equal(rig.emitted.at(-1)?.[0].duration, gateway.world.call(standup.callId).duration, "Standup's end as Telegram tells it");
		assert.deepEqual(gateway.requests('getCall').map((request) => request.args[0]), [standup.callId, weekly.callId, standup.callId]);
		await rig.watcher.close();
	});

	it('an account-wide error stops the re-read as before: the chats after it wait for the next tick', async () => {
		const { gateway, standup, weekly } = world();
		const rig = new WatcherRig({ gateway, events: ['usersInvited'] });
		await rig.watcher.start();
		rig.watch.on.disconnected('dropped');
		message(gateway, OPS, standup, { kind: 'invited', userIds: ['8'] });
		message(gateway, TEAM, weekly, { kind: 'invited', userIds: ['9'] });
		gateway.script('getCallMessages', telegramError('TIMEOUT', { httpCode: null }));
		rig.watch.on.connected();
		await rig.settle();
		assert.deepEqual(rig.names, []);
		assert.equal(rig.warnings.length, 1);
		assert.match(rig.warnings[0], /could not read Telegram \(TIMEOUT\)/);
		assert.equal(historyReads(gateway, TEAM), 0, 'the connection is gone: Team is not tried');
		await rig.poll();
		assert.deepEqual(rig.names, [`usersInvited ${standup.callId}`, `usersInvited ${weekly.callId}`]);
		await rig.watcher.close();
	});

	it('a cancellation while a chat is read stops the re-read: closing leaves nothing running, nothing reported', async () => {
		const { gateway, standup } = world();
		const rig = new WatcherRig({ gateway });
		await rig.watcher.start();
		rig.watch.on.disconnected('dropped');
		message(gateway, OPS, standup, { kind: 'invited', userIds: ['8'] });
		// The trigger closes while Ops's history is read: the read in flight is cancelled.
		gateway.script('getCallMessages', () => {
			void rig.watcher.close();
			throw new CancelledError();
		});
		rig.watch.on.connected();
		await rig.settle();
		assert.deepEqual(rig.names, []);
		assert.deepEqual(rig.warnings, []);
		assert.equal(historyReads(gateway, TEAM), 0);
		assert.equal(rig.clock.pending, 0);
		assert.equal(gateway.sessionsOpen, 0);
	});
});

describe('the call watcher re-reading a chat with more messages than its bound', () => {
	it('a channel: the newest 1,000 messages are read and their events reported; the older ones are skipped with one warning', async () => {
		const { gateway, standup } = world();
		const rig = new WatcherRig({ gateway, events: ['usersInvited'] });
		await rig.watcher.start();
		rig.watch.on.disconnected('dropped');
		message(gateway, OPS, standup, { kind: 'invited', userIds: ['8'] });
		while (gateway.postMessage(OPS) < 100);
		const oldestRead = message(gateway, OPS, standup, { kind: 'invited', userIds: ['9'] });
		while (gateway.postMessage(OPS) < 1_099);
		const newest = message(gateway, OPS, standup, { kind: 'invited', userIds: ['10'] });
		rig.watch.on.connected();
		await rig.settle();
		assert.deepEqual(rig.emitted.flat().map((event) => event.invitedUserIds), [['9'], ['10']]);
		assert.deepEqual(rig.warnings, [
			`More than 1,000 messages in Ops since the trigger last read it (while disconnected); invitations and call messages before message ${oldestRead.messageId} were not read.`,
		]);
		assert.deepEqual(gateway.messageReads, Array.from({ length: 10 }, (_, page) => 100 + page * 100), 'ten pages of 100, from the newest 1,000 on');
		assert.equal(rig.saved?.chats[`channel:${OPS.id}`].lastMessageId, newest.messageId);
		// The next drop has nothing new: no warning again.
		rig.watch.on.disconnected('dropped');
		rig.watch.on.connected();
		await rig.settle();
		assert.equal(rig.warnings.length, 1);
		assert.equal(rig.emitted.flat().length, 2);
		await rig.watcher.close();
	});

	it('a basic group (ids shared with the account): the first 1,000 are read, the rest skipped with one warning, never read later', async () => {
		const { gateway, weekly } = world();
		const rig = new WatcherRig({ gateway, events: ['usersInvited'] });
		await rig.watcher.start();
		rig.watch.on.disconnected('dropped');
		message(gateway, TEAM, weekly, { kind: 'invited', userIds: ['8'] });
		while (gateway.postMessage(TEAM) < 1_049);
		const top = message(gateway, TEAM, weekly, { kind: 'invited', userIds: ['9'] });
		rig.watch.on.connected();
		await rig.settle();
		assert.deepEqual(rig.emitted.flat().map((event) => event.invitedUserIds), [['8']]);
		assert.deepEqual(rig.warnings, [
			'More than 1,000 messages in Team since the trigger last read it (while disconnected); invitations and call messages after message 1000 were not read.',
		]);
		assert.equal(gateway.messageReads.length, 10);
		assert.equal(rig.saved?.chats[`chat:${TEAM.id}`].lastMessageId, top.messageId);
		rig.watch.on.disconnected('dropped');
		rig.watch.on.connected();
		await rig.settle();
		assert.equal(gateway.messageReads.length, 10);
		assert.equal(rig.warnings.length, 1);
		await rig.watcher.close();
	});
});

/** What identifies an event across runs (times differ: the runs tick differently); a call's end with its duration. */
function identity(event: WatchEvent): string {
	return [event.chat.id, event.event, event.call.id, event.peer?.id ?? '', (event.invitedUserIds ?? []).join('+'), event.duration ?? ''].join(' ');
}

interface ChatPlan {
	invitations: number;
	ends: boolean;
	/** Reads of the chat (its history or its call) that fail, by try: true fails. */
	failures: boolean[];
	/** When Telegram pushes the end of a call that ends (updateGroupCall), in the run with pushes. */
	pushedEnd: 'never' | 'beforeReconnect' | 'afterReconnect';
	/** Whether the pushed end names the chat (or only the call). */
	pushNamesChat: boolean;
}

/**
 * Runs a drop over chats planned as given, with the planned read failures and pushed ends or without; gives the
 * events emitted by the re-read after the reconnect, and by the end.
 */
async function runDrop(plans: ChatPlan[], live: { failures: boolean; pushes: boolean }): Promise<{ reconnect: string[]; events: string[] }> {
	const gateway = new FlakyGateway();
	const chats = plans.map((_, index): TelegramChat => (index % 2 === 0 ? { kind: 'channel', id: String(4000 + index), title: `C${index}` } : { kind: 'chat', id: String(4000 + index), title: `C${index}` }));
	const calls = chats.map((chat, index) => {
		gateway.world.addChat(chat.kind === 'channel' ? `-100000000${chat.id}` : `-${chat.id}`, chat);
		const call = gateway.world.addCall(chat, 'active');
		gateway.listParticipants(call.callId, [memoryParticipant(String(100 + index))]);
		return call;
	});
	const rig = new WatcherRig({ gateway });
	await rig.watcher.start();
	await rig.poll();
	rig.watch.on.disconnected('dropped');
	gateway.world.now += 60;
	const pushed: Array<{ when: ChatPlan['pushedEnd']; update: CallUpdate }> = [];
	for (const [index, plan] of plans.entries()) {
		for (let invite = 0; invite < plan.invitations; invite++) message(gateway, chats[index], calls[index], { kind: 'invited', userIds: [String(200 + invite)] });
		if (!plan.ends) continue;
		const ended = await gateway.discardGroupCall(calls[index]);
		pushed.push({ when: plan.pushedEnd, update: { type: 'call', chat: plan.pushNamesChat ? { kind: chats[index].kind, id: chats[index].id } : null, call: ended } });
	}
	const push = (when: ChatPlan['pushedEnd']): void => {
		if (live.pushes) for (const end of pushed) if (end.when === when) rig.watch.on.update(end.update);
	};
	const tries = new Map<string, number>();
	if (live.failures) {
		gateway.unreadable = (chatId) => {
			const attempt = tries.get(chatId) ?? 0;
			tries.set(chatId, attempt + 1);
			return plans[Number(chatId) - 4000].failures[attempt] ?? false;
		};
	}
	push('beforeReconnect');
	rig.watch.on.connected();
	push('afterReconnect');
	await rig.settle();
	const reconnect = rig.emitted.flat().map(identity);
	for (let tick = 0; tick < 8 && rig.clock.pending > 0; tick++) await rig.poll();
	await rig.watcher.close();
	assert.equal(gateway.sessionsOpen, 0);
	return { reconnect, events: rig.emitted.flat().map(identity) };
}

describe('the call watcher re-reading chats that fail on random tries, with call ends pushed meanwhile', () => {
	it('reports exactly the events of the same drop without failures or pushes: none lost, none twice, in order', async () => {
		const plan = fc.record({
			invitations: fc.integer({ min: 0, max: 2 }),
			ends: fc.boolean(),
			failures: fc.array(fc.boolean(), { maxLength: 4 }),
			pushedEnd: fc.constantFrom('never' as const, 'beforeReconnect' as const, 'afterReconnect' as const),
			pushNamesChat: fc.boolean(),
		});
		await fc.assert(
			fc.asyncProperty(fc.array(plan, { minLength: 2, maxLength: 4 }), async (plans) => {
				const clean = await runDrop(plans, { failures: false, pushes: false });
				const flaky = await runDrop(plans, { failures: true, pushes: true });
				assert.deepEqual([...flaky.events].sort(), [...clean.events].sort());
				for (const [index, { failures }] of plans.entries()) {
					const ofChat = (events: string[]) => events.filter((event) => event.startsWith(`${4000 + index} `));
					// Each chat's own events come in the same order.
					assert.deepEqual(ofChat(flaky.events), ofChat(clean.events));
					// A chat that reads at every try is caught up by the first re-read, whatever the others do.
					if (!failures.includes(true)) assert.deepEqual(ofChat(flaky.reconnect), ofChat(clean.reconnect));
				}
			}),
			{ numRuns: 60 },
		);
	});
});
