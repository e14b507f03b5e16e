/**
 * The trigger's connection (transport `watchCalls`, decision 0015) over the real transport (pool, GramJS, TCP)
 * against the sandbox, driven while it listens (`sandbox.drive`). Ground truth: the sandbox's change log,
 * connection counts and request log.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';

import { closeAllTelegramConnections, openTelegramSession, watchCalls, type CallWatch } from '../../../../../nodes/TelegramGroupCall/transport';
import { startSandbox, type Sandbox } from '../../../../../sandbox';
import { FRIENDS, TEAM, teamAndFriendsWorld } from '../../../../support/teamAndFriendsWorld';
import { chatOfUpdate, describeCallUpdate, WatchRecorder } from './watchRecorder';

const world = teamAndFriendsWorld;

/** A sandbox whose connection events can be awaited. */
async function openSandbox(): Promise<{ sandbox: Sandbox; whenConnections: (done: (open: number) => boolean) => Promise<void> }> {
	let waiters: Array<() => void> = [];
	const sandbox = await startSandbox({
		port: 0,
		world: world(),
		onEvent: () => {
			const waiting = waiters;
			waiters = [];
			for (const wake of waiting) wake();
		},
	});
	const whenConnections = async (done: (open: number) => boolean): Promise<void> => {
		while (!done(sandbox.openConnections)) await new Promise<void>((resolve) => waiters.push(resolve));
	};
	return { sandbox, whenConnections };
}

/** Every update pushed before a request's answer has been dispatched once the answer is in (wire order). */
async function barrier(sandbox: Sandbox): Promise<void> {
	const session = await openTelegramSession({ ...sandbox.credentials() });
	try {
		await session.gateway.listChats();
	} finally {
		session.release();
	}
	await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('watchCalls against the sandbox (TCP)', () => {
	const cleanups: Array<() => Promise<unknown>> = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
		await closeAllTelegramConnections();
	});

	it('turns every driven action into the right CallUpdate, per chat in order, with ids as decimal strings', async () => {
		const { sandbox } = await openSandbox();
		cleanups.push(async () => await sandbox.stop());
		const recorder = new WatchRecorder();
		const watch = await watchCalls({ ...sandbox.credentials() }, recorder);
		cleanups.push(async () => await watch.close());
		assert.deepEqual(recorder.entries, [{ kind: 'connected' }], 'connected before watchCalls resolves');

		const drive = sandbox.drive;
		const startsAt = Math.floor(Date.now() / 1000) + 3600;
		const team = drive.adminSchedules(TEAM, { date: startsAt, title: 'Retro' });
		const friends = drive.adminStarts(FRIENDS, { title: 'Games' });
		drive.adminStarts(TEAM);
		drive.adminRenames(team.callId, 'Retro 2');
		drive.adminRecords(team.callId, 'start');
		drive.adminInvites(team.callId, ['1003'], { by: '1002' });
		drive.adminRecords(team.callId, 'stop');
		drive.userJoins(team.callId, '1001');
		drive.adminEnds(friends.callId);
		drive.adminEnds(team.callId);
		await recorder.until(() => recorder.updates.length >= 14);
		await barrier(sandbox);

		const teamLog = sandbox.world.callChanges(team.callId);
		const teamDuration = teamLog.at(-1)?.after.duration;
		assert.equal(typeof teamDuration, 'number');
		assert.deepEqual(
			recorder.updates.filter((update) => chatOfUpdate(update) === `channel:${TEAM}`).map(describeCallUpdate),
			[
				'call:scheduled:Retro',
				'message:scheduled',
				'call:active:Retro',
				'message:started',
				'call:active:Retro 2',
				'call:active:Retro 2:recording',
				'message:invited:1003',
				'call:active:Retro 2',
				`call:ended:duration=${teamDuration}`,
				`message:ended:${teamDuration}`,
			],
		);
		const friendsDuration = sandbox.world.callChanges(friends.callId).at(-1)?.after.duration;
		assert.deepEqual(
			recorder.updates.filter((update) => chatOfUpdate(update) === `chat:${FRIENDS}`).map(describeCallUpdate),
			['call:active:Games', 'message:started', `call:ended:duration=${friendsDuration}`, `message:ended:${friendsDuration}`],
		);
		assert.equal(recorder.updates.length, 14, 'nothing else: the join pushes nothing to a member who is not in the call');

		const scheduled = recorder.updates.find((update) => update.type === 'message' && update.message.action.kind === 'scheduled');
		assert.deepEqual(scheduled?.type === 'message' ? scheduled.message : undefined, {
			chat: { kind: 'channel', id: TEAM },
			messageId: sandbox.world.messages(TEAM).find((message) => message.action.kind === 'groupCallScheduled')?.id,
			date: teamLog[0]?.at,
			fromUserId: '1001',
			call: { callId: team.callId, accessHash: team.accessHash },
			action: { kind: 'scheduled', scheduledFor: startsAt },
		});
		const invite = recorder.updates.find((update) => update.type === 'message' && update.message.action.kind === 'invited');
		assert.equal(invite?.type === 'message' ? invite.message.fromUserId : undefined, '1002', 'the inviter');
		const first = recorder.updates[0];
		assert.ok(first.type === 'call');
		assert.equal(first.call.callId, team.callId);
		assert.equal(first.call.accessHash, team.accessHash);
		const messageIds = recorder.updates.flatMap((update) => (update.type === 'message' && update.message.chat.id === TEAM ? [update.message.messageId] : []));
		assert.deepEqual(messageIds, [...messageIds].sort((a, b) => a - b), 'message ids grow within the chat');
		assert.equal(recorder.count('disconnected'), 0);
	});

	it('shares one connection between two watches and the action node; a closed watch hears nothing and leaves no connection', async () => {
		const { sandbox, whenConnections } = await openSandbox();
		cleanups.push(async () => await sandbox.stop());
		const handlesBefore = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap').length;
		const first = new WatchRecorder();
		const second = new WatchRecorder();
		const watches: CallWatch[] = [await watchCalls({ ...sandbox.credentials() }, first), await watchCalls({ ...sandbox.credentials() }, second)];
		const session = await openTelegramSession({ ...sandbox.credentials() });
		assert.equal((await session.gateway.getMe()).id, '1000');
		session.release();
		assert.equal(sandbox.connectionsAccepted, 1, 'one TCP connection for both watches and the execution');
		assert.equal(sandbox.openConnections, 1);

		const call = sandbox.drive.adminStarts(TEAM);
		await first.until(() => first.updates.length === 2);
		await second.until(() => second.updates.length === 2);
		assert.deepEqual(first.updates, second.updates);

		await watches[0].close();
		sandbox.drive.adminRenames(call.callId, 'Only the second hears this');
		await second.until(() => second.updates.length === 3);
		await barrier(sandbox);
		assert.equal(first.updates.length, 2, 'the closed watch has no handler left');
		assert.equal(sandbox.openConnections, 1, 'the second watch still holds the connection');

		await watches[1].close();
		await whenConnections((open) => open === 0);
		assert.equal(sandbox.openConnections, 0, 'the last watch closed the unused connection');
		const handlesAfter = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap').length;
		assert.ok(handlesAfter <= handlesBefore, `no handle left behind: ${handlesBefore} before, ${process.getActiveResourcesInfo().join(', ')} after`);
	});

	it('after dropConnections(): disconnected, connected again once updates flow, and nothing sent while away is replayed', async () => {
		const { sandbox } = await openSandbox();
		cleanups.push(async () => await sandbox.stop());
		const recorder = new WatchRecorder();
		const watch = await watchCalls({ ...sandbox.credentials() }, recorder);
		cleanups.push(async () => await watch.close());
		const call = sandbox.drive.adminStarts(TEAM, { title: 'Before' });
		await recorder.until(() => recorder.updates.length === 2);

		assert.equal(sandbox.drive.dropConnections(), 1);
		sandbox.drive.adminRenames(call.callId, 'While away');
		await recorder.until(() => recorder.count('connected') === 2);
		sandbox.drive.adminRenames(call.callId, 'After');
		await recorder.until(() => recorder.updates.length === 3);
		await barrier(sandbox);

		assert.deepEqual(
			recorder.entries.map((entry) => (entry.kind === 'update' ? describeCallUpdate(entry.update) : entry.kind)),
			['connected', 'call:active:Before', 'message:started', 'disconnected', 'connected', 'call:active:After'],
		);
		const dropped = recorder.entries.find((entry) => entry.kind === 'disconnected');
		assert.match(dropped?.kind === 'disconnected' ? dropped.reason : '', /dropped/);
		assert.equal(sandbox.connectionsAccepted, 2, 'GramJS reconnected by itself, on the same pooled connection');
		assert.deepEqual(
			sandbox.world.callChanges(call.callId).map((change) => change.after.title),
			['Before', 'While away', 'After'],
			'the rename made while away did happen: the trigger re-reads it after connected()',
		);
		const getStates = sandbox.requests('updates.getState');
		assert.equal(getStates.length, 2, 'updates.getState on connect and after the reconnect');
	});

	it('re-reads what was missed while away: getChatCalls finds the calls cheaply, getCallMessages the service messages', async () => {
		const { sandbox } = await openSandbox();
		cleanups.push(async () => await sandbox.stop());
		const recorder = new WatchRecorder();
		const watch = await watchCalls({ ...sandbox.credentials() }, recorder);
		cleanups.push(async () => await watch.close());
		const team = sandbox.drive.adminStarts(TEAM, { title: 'Standup' });
		await recorder.until(() => recorder.updates.length === 2);
		const seen = recorder.updates[1];
		assert.ok(seen.type === 'message');
		const lastSeen = seen.message.messageId;

		sandbox.drive.dropConnections();
		sandbox.drive.adminInvites(team.callId, ['1003'], { by: '1002' });
		sandbox.drive.adminEnds(team.callId);
		const friends = sandbox.drive.adminStarts(FRIENDS, { title: 'Games' });
		await recorder.until(() => recorder.count('connected') === 2);
		assert.equal(recorder.updates.length, 2, 'nothing from while away arrived live');

		const requestsBefore = sandbox.requests().length;
		const session = await openTelegramSession({ ...sandbox.credentials() });
		try {
			const states = await session.gateway.getChatCalls();
			assert.deepEqual(
				states
					.map((state) => [state.chat.kind, state.chat.id, state.call?.callId ?? null, state.call?.state ?? null, state.call?.title ?? null])
					.sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
				[
					['channel', TEAM, null, null, null],
					['chat', FRIENDS, friends.callId, 'active', 'Games'],
				],
			);
			const teamState = states.find((state) => state.chat.id === TEAM);
			assert.equal(teamState?.topMessageId, sandbox.world.lastMessage(TEAM)?.id);
			assert.deepEqual(
				sandbox.requests().slice(requestsBefore).map((entry) => entry.method),
				['messages.getDialogs', 'messages.getFullChat', 'phone.getGroupCall'],
				'a chat without a call costs nothing beyond the dialogs',
			);

			const missed = await session.gateway.getCallMessages({ kind: 'channel', id: TEAM }, lastSeen, 100);
			assert.deepEqual(
				missed.messages.map((message) => [message.messageId, message.action.kind, message.fromUserId]),
				[
					[lastSeen + 1, 'invited', '1002'],
					[lastSeen + 2, 'ended', '1001'],
				],
			);
			assert.deepEqual(missed.messages[0]?.action, { kind: 'invited', userIds: ['1003'] });
			assert.deepEqual(missed.messages[1]?.action, { kind: 'ended', duration: sandbox.world.callChanges(team.callId).at(-1)?.after.duration });
			assert.deepEqual(missed.messages[1]?.call, { callId: team.callId, accessHash: team.accessHash });
			assert.equal(missed.readUpTo, lastSeen + 2);
			assert.equal(missed.complete, true);

			const firstPage = await session.gateway.getCallMessages({ kind: 'channel', id: TEAM }, 0, 2);
			assert.equal(sandbox.world.messages(TEAM)[0]?.action.kind, 'chatCreate', 'message 1 is not a call\'s');
			assert.deepEqual(firstPage.messages.map((message) => message.messageId), [2], 'only the call\'s message of the two read');
			assert.equal(firstPage.readUpTo, 2);
			assert.equal(firstPage.complete, false, 'more after the first page');

			const basicGroup = await session.gateway.getCallMessages({ kind: 'chat', id: FRIENDS }, 0, 100);
			assert.deepEqual(basicGroup.messages.map((message) => [message.chat, message.action.kind]), [[{ kind: 'chat', id: FRIENDS }, 'started']]);
			assert.equal(basicGroup.complete, true);
		} finally {
			session.release();
		}
	});

	it('keeps going through an outage: when GramJS gives up reconnecting, the watch retries with growing waits until the sandbox is back', async () => {
		const { sandbox } = await openSandbox();
		cleanups.push(async () => await sandbox.stop());
		const recorder = new WatchRecorder();
		const watch = await watchCalls({ ...sandbox.credentials() }, recorder);
		cleanups.push(async () => await watch.close());
		// Like the pool's connections, GramJS's own reconnect pauses never keep a process alive (decision 0003); with
		// the sandbox not listening nothing else would, so the test holds the event loop open meanwhile.
		const keepAlive = setInterval(() => undefined, 60_000);
		try {
			await sandbox.stopListening();
			await recorder.until(() => recorder.entries.some((entry) => entry.kind === 'disconnected' && entry.reason.startsWith('could not connect')));
			await sandbox.startListening();
			await recorder.until(() => recorder.count('connected') === 2);
		} finally {
			clearInterval(keepAlive);
		}
		const reasons = recorder.entries.flatMap((entry) => (entry.kind === 'disconnected' ? [entry.reason] : []));
		assert.match(reasons[0] ?? '', /dropped/, 'first the drop GramJS handles itself');
		assert.match(reasons[1] ?? '', /^SERVER_UNREACHABLE: the connection was lost and reconnecting failed \(reconnect\); reconnecting in 1 s$/);
		assert.match(reasons[2] ?? '', /^could not connect \(SERVER_UNREACHABLE: could not reach 127\.0\.0\.1:\d+ \(connect\)\); reconnecting in 2 s$/);
		assert.equal(recorder.count('failed'), 0);

		const call = sandbox.drive.adminStarts(TEAM, { title: 'Back' });
		await recorder.until(() => recorder.updates.length === 2);
		assert.deepEqual(recorder.updates.map(describeCallUpdate), ['call:active:Back', 'message:started']);
		assert.equal(call.title, 'Back');
		assert.equal(sandbox.openConnections, 1);
	});

	it('a revoked session ends the watch with the catalog code, closed: no connection left', async () => {
		const { sandbox, whenConnections } = await openSandbox();
		cleanups.push(async () => await sandbox.stop());
		const recorder = new WatchRecorder();
		const watch = await watchCalls({ ...sandbox.credentials() }, recorder);
		cleanups.push(async () => await watch.close());
		sandbox.revokeSession('SESSION_REVOKED');
		sandbox.drive.dropConnections();
		await recorder.until(() => recorder.count('failed') === 1);
		const failed = recorder.entries.find((entry) => entry.kind === 'failed');
		assert.equal(failed?.kind === 'failed' ? failed.error.code : undefined, 'SESSION_REVOKED');
		assert.equal(failed?.kind === 'failed' ? failed.error.httpCode : undefined, 401);
		await whenConnections((open) => open === 0);
		const call = sandbox.drive.adminStarts(TEAM);
		assert.equal(call.chatId, TEAM);
		assert.equal(recorder.updates.length, 0);
		assert.equal(recorder.entries.at(-1)?.kind, 'failed', 'nothing after failed');
	});

	it('shutting the transport down closes open watches instead of letting them reconnect', async () => {
		const { sandbox, whenConnections } = await openSandbox();
		cleanups.push(async () => await sandbox.stop());
		const recorder = new WatchRecorder();
		await watchCalls({ ...sandbox.credentials() }, recorder);
		const accepted = sandbox.connectionsAccepted;
		await closeAllTelegramConnections();
		await whenConnections((open) => open === 0);
		sandbox.drive.adminStarts(TEAM);
		await barrier(sandbox);
		await closeAllTelegramConnections();
		assert.equal(sandbox.connectionsAccepted, accepted + 1, 'only the barrier\'s own connection: the watch did not reconnect');
		assert.deepEqual(recorder.entries, [{ kind: 'connected' }]);
	});

	it('a first connection that cannot be made rejects watchCalls with the catalog code', async () => {
		const { sandbox } = await openSandbox();
		cleanups.push(async () => await sandbox.stop());
		sandbox.revokeSession('AUTH_KEY_UNREGISTERED');
		const recorder = new WatchRecorder();
		await assert.rejects(watchCalls({ ...sandbox.credentials() }, recorder), (error: unknown) => {
			assert.equal((error as { code?: string }).code, 'AUTH_KEY_UNREGISTERED');
			return true;
		});
		assert.deepEqual(recorder.entries, []);
	});
});
