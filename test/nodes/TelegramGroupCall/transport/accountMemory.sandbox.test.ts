/**
 * What the node remembers about an account between executions (transport/accountState.ts, decision 0011),
 * over the real transport (pool, GramJS, TCP) against the sandbox. Each execution opens its own session from
 * the pool as the node does; the sandbox's request log is the ground truth of what was sent.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';

import { planInvites, type ItemParameters } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/planInvites';
import { runInvites, type RunReport } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/runInvites';
import type { FailedResult, InviteOptions, RunEnvironment } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/types';
import { abortableSleep } from '../../../../nodes/TelegramGroupCall/errors/cancellation';
import { closeAllTelegramConnections, openTelegramSession } from '../../../../nodes/TelegramGroupCall/transport';
import { startSandbox, type Sandbox, type WorldFile } from '../../../../sandbox';
import { baseWorld, DEFAULT_OPTIONS } from '../actions/sandboxInviteRun';
import { INVITE_METHOD, invitedIdsOf, stringParamOf } from '../support/requestLog';

const DEMO = '@demo_group';

interface Execution {
	report: RunReport;
	sleeps: number[];
	logs: string[];
}

/** One execution as the node runs it: a session from the pool, the invite algorithm, the session released. */
async function execute(sandbox: Sandbox, users: string, options: Partial<InviteOptions> = {}, call = DEMO): Promise<Execution> {
	const sleeps: number[] = [];
	const logs: string[] = [];
	const environment: RunEnvironment = {
		logger: { info: (message) => logs.push(message), warn: (message) => logs.push(message), debug: () => undefined },
		sleep: async (ms, signal) => {
			sleeps.push(ms);
			await abortableSleep(ms, signal);
		},
	};
	const session = await openTelegramSession({ ...sandbox.credentials() });
	try {
		const items: ItemParameters[] = [{ itemIndex: 0, call, users }];
		const report = await runInvites(planInvites(items), session.gateway, { ...DEFAULT_OPTIONS, ...options }, environment);
		return { report, sleeps, logs };
	} finally {
		session.release();
	}
}

function outcomes(report: RunReport): string[] {
	return [...report.results.values()].map((result) => (result.output === 'invited' ? `${result.userId}:${result.status}` : result.code));
}

function failure(report: RunReport, index: number): FailedResult {
	const result = [...report.results.values()][index];
	assert.equal(result?.output, 'failed', JSON.stringify(result));
	return result as FailedResult;
}

function resolvedUsernames(sandbox: Sandbox, from = 0): string[] {
	return sandbox
		.requests('contacts.resolveUsername')
		.filter((entry) => entry.seq > from)
		.map((entry) => stringParamOf(entry, 'username'));
}

function lastSeq(sandbox: Sandbox): number {
	return sandbox.requests().at(-1)?.seq ?? 0;
}

function requestsAfter(sandbox: Sandbox, from: number): string[] {
	return sandbox
		.requests()
		.filter((entry) => entry.seq > from)
		.map((entry) => entry.method);
}

const sandboxes: Sandbox[] = [];

async function sandboxWith(world: WorldFile = baseWorld(), port = 0): Promise<Sandbox> {
	const sandbox = await startSandbox({ port, world });
	sandboxes.push(sandbox);
	return sandbox;
}

afterEach(async () => {
	// Closing the pool also forgets the account memory: no test sees another's.
	await closeAllTelegramConnections();
	for (const sandbox of sandboxes.splice(0)) await sandbox.stop();
});

describe('the account memory across executions (sandbox)', () => {
	it('a second execution with the same users sends no contacts.resolveUsername and no users.getUsers for the account', async () => {
		const sandbox = await sandboxWith();
		const first = await execute(sandbox, '@alice, @bobby');
		assert.deepEqual(outcomes(first.report), ['101:invited', '102:invited']);
		assert.deepEqual(resolvedUsernames(sandbox).sort(), ['alice', 'bobby', 'demo_group']);

		const before = lastSeq(sandbox);
		const second = await execute(sandbox, '@Alice, bobby, @carol', { alreadyInvitedCountsAsSuccess: true });
		assert.deepEqual(outcomes(second.report), ['101:already_invited', '102:already_invited', '103:invited']);
		// Only the new user is resolved; the call's chat, the known users and the account itself come from memory.
		assert.deepEqual(resolvedUsernames(sandbox, before), ['carol']);
		assert.deepEqual(requestsAfter(sandbox, before), [
			'channels.getFullChannel',
			INVITE_METHOD,
			INVITE_METHOD,
			'contacts.resolveUsername',
			INVITE_METHOD,
		]);
		assert.equal(sandbox.world.inviteCount('3001', '103'), 1);
	});

	it('numeric ids found in one member listing need no listing in the next execution', async () => {
		const sandbox = await sandboxWith();
		await execute(sandbox, '101');
		assert.equal(sandbox.requests('channels.getParticipants').length, 1);
		const before = lastSeq(sandbox);
		const second = await execute(sandbox, '102, 103');
		assert.deepEqual(outcomes(second.report), ['102:invited', '103:invited']);
		assert.deepEqual(requestsAfter(sandbox, before), ['channels.getFullChannel', INVITE_METHOD, INVITE_METHOD]);
	});

	it('a remembered access hash Telegram no longer accepts is refreshed once and the invite re-sent, not reported', async () => {
		const first = await sandboxWith();
		await execute(first, '@alice', { dryRun: true });
		const port = Number(first.credentials().server.split(':')[1]);
		await first.stop();
		sandboxes.splice(0);
		// The same account on the same server, but Telegram now knows @alice under another access hash.
		const world = baseWorld();
		const alice = world.users.find((user) => user.id === '101');
		assert.ok(alice);
		alice.accessHash = '-1234567890123456789';
		const second = await sandboxWith(world, port);

		const run = await execute(second, '@alice');
		assert.deepEqual(outcomes(run.report), ['101:invited']);
		const invites = second.requests(INVITE_METHOD);
		assert.equal(invites.length, 2, 'the stale hash, then the fresh one');
		assert.equal(invites[0].error?.message, 'USER_ID_INVALID');
		assert.equal(invites[1].outcome, 'answered');
		assert.deepEqual(invites.map(invitedIdsOf), [['101'], ['101']]);
		assert.deepEqual(resolvedUsernames(second).filter((name) => name === 'alice'), ['alice']);
		assert.equal(second.world.inviteCount('3001', '101'), 1);

		// Telegram's other answers about a remembered user are reported as they are, with no look-up again.
		const before = lastSeq(second);
		const again = await execute(second, '@alice');
		assert.deepEqual(outcomes(again.report), ['USER_ALREADY_INVITED']);
		assert.equal(requestsAfter(second, before).filter((method) => method === INVITE_METHOD).length, 1);
	});

	it('a remembered group whose access hash Telegram no longer accepts is looked up again', async () => {
		const first = await sandboxWith();
		await execute(first, '@alice', { dryRun: true });
		const port = Number(first.credentials().server.split(':')[1]);
		await first.stop();
		sandboxes.splice(0);
		const world = baseWorld();
		const demo = world.chats.find((chat) => chat.username === 'demo_group');
		assert.ok(demo);
		demo.accessHash = '-1234567890123456789';
		const second = await sandboxWith(world, port);

		const run = await execute(second, '@alice');
		assert.deepEqual(outcomes(run.report), ['101:invited']);
		const fullChannel = second.requests('channels.getFullChannel');
		assert.equal(fullChannel.length, 2, 'the remembered hash, then the fresh one');
		assert.equal(fullChannel[0].outcome, 'error');
		assert.deepEqual(resolvedUsernames(second), ['demo_group']);
	});

	it('a FLOOD_WAIT beyond Max Flood Wait is remembered: the next execution fails those users at once, without sending', async () => {
		const sandbox = await sandboxWith();
		sandbox.setBehaviour({ resolveUsernameLimit: { requests: 2, windowSeconds: 3_600 } });
		// demo_group and alice use up the window; bobby meets the limit.
		const first = await execute(sandbox, '@alice, @bobby');
		assert.deepEqual(outcomes(first.report), ['101:invited', 'FLOOD_WAIT']);
		const told = failure(first.report, 1).retryAfter;
		assert.ok(told !== undefined && told > 3_500 && told <= 3_600, `retryAfter ${told}`);

		const before = lastSeq(sandbox);
		const second = await execute(sandbox, '@carol, 102');
		assert.deepEqual(outcomes(second.report), ['FLOOD_WAIT', '102:invited']);
		const remembered = failure(second.report, 0);
		assert.ok(remembered.retryAfter !== undefined && remembered.retryAfter <= told, `retryAfter ${remembered.retryAfter}`);
		assert.deepEqual(resolvedUsernames(sandbox, before), [], 'no contacts.resolveUsername reached Telegram');
		assert.equal(second.sleeps.length, 0, 'nothing waited');
	});

	it('a FLOOD_WAIT on invitations is remembered per method: the next execution looks users up but sends no invitation', async () => {
		const sandbox = await sandboxWith();
		sandbox.addFault({ method: 'phone.inviteToGroupCall', call: 1, action: 'floodWait', seconds: 7_200 });
		const first = await execute(sandbox, '@alice');
		assert.deepEqual(outcomes(first.report), ['FLOOD_WAIT']);
		const before = lastSeq(sandbox);
		const second = await execute(sandbox, '@bobby, @carol');
		assert.deepEqual(outcomes(second.report), ['FLOOD_WAIT', 'FLOOD_WAIT']);
		assert.ok((failure(second.report, 1).retryAfter ?? 0) > 7_000);
		// The first invitation meets the remembered wait, which closes the call for the rest (decision 0002).
		assert.deepEqual(requestsAfter(sandbox, before), ['channels.getFullChannel', 'contacts.resolveUsername']);
		assert.deepEqual(sandbox.world.invitedUsers('3001'), []);
	});

	it('a remembered FLOOD_WAIT within Max Flood Wait is waited out, then the request is sent once', async () => {
		const sandbox = await sandboxWith();
		sandbox.addFault({ method: 'contacts.resolveUsername', call: 2, action: 'floodWait', seconds: 1 });
		const first = await execute(sandbox, '@alice', { maxFloodWaitSeconds: 0 });
		assert.deepEqual(outcomes(first.report), ['FLOOD_WAIT']);

		const before = lastSeq(sandbox);
		const second = await execute(sandbox, '@alice', { maxFloodWaitSeconds: 60 });
		assert.deepEqual(outcomes(second.report), ['101:invited']);
		assert.equal(second.sleeps.length, 1, 'one wait, for the remembered FLOOD_WAIT');
		assert.ok(second.sleeps[0] <= 1_000);
		assert.deepEqual(resolvedUsernames(sandbox, before), ['alice'], 'sent once, after the wait');
	});

	it('PEER_FLOOD holds the account for the cool-down: later executions fail at once saying until when, sending nothing', async () => {
		const sandbox = await sandboxWith();
		sandbox.setBehaviour({ peerFloodAfterInvites: 1 });
		const first = await execute(sandbox, '@alice, @bobby', { peerFloodCooldownHours: 6 });
		assert.deepEqual(outcomes(first.report), ['101:invited', 'PEER_FLOOD']);
		assert.ok(first.logs.some((line) => /until \d{4}-\d\d-\d\dT/.test(line)), first.logs.join('\n'));

		const before = lastSeq(sandbox);
		const startedAt = Date.now();
		const second = await execute(sandbox, '@carol, nope!, 103');
		assert.deepEqual(outcomes(second.report), ['PEER_FLOOD', 'INVALID_USER_REFERENCE', 'PEER_FLOOD']);
		assert.deepEqual(requestsAfter(sandbox, before), [], 'not a single request');
		const held = failure(second.report, 0);
		const until = /until (\S+Z)/.exec(held.message)?.[1];
		assert.ok(until, held.message);
		const hours = (Date.parse(until) - startedAt) / 3_600_000;
		assert.ok(hours > 5.9 && hours <= 6, `held for ${hours} h`);
		assert.ok(held.retryAfter !== undefined && held.retryAfter > 6 * 3_600 - 120);

		// A dry run sends no invitation, so the hold does not stop it.
		const dry = await execute(sandbox, '@carol', { dryRun: true });
		assert.deepEqual(outcomes(dry.report), ['103:would_invite']);
	});

	it('with a cool-down of 0 nothing is held: the next execution asks Telegram again', async () => {
		const sandbox = await sandboxWith();
		sandbox.setBehaviour({ peerFloodAfterInvites: 1 });
		await execute(sandbox, '@alice, @bobby', { peerFloodCooldownHours: 0 });
		const before = lastSeq(sandbox);
		const second = await execute(sandbox, '@carol', { peerFloodCooldownHours: 0 });
		assert.deepEqual(outcomes(second.report), ['PEER_FLOOD']);
		assert.deepEqual(requestsAfter(sandbox, before).filter((method) => method === INVITE_METHOD), [INVITE_METHOD]);
	});

	it('Pause Between Requests holds across executions of the account: two started at once take turns, the pause apart', async () => {
		const sandbox = await sandboxWith();
		const pauseMs = 600;
		await execute(sandbox, '@other_member', { pauseMs }); // warms the memory: the runs below only invite
		const before = lastSeq(sandbox);
		const [a, b] = await Promise.all([execute(sandbox, '@alice @bobby', { pauseMs }), execute(sandbox, '@carol @outsider', { pauseMs })]);
		assert.equal(a.report.results.size + b.report.results.size, 4);
		const times = sandbox
			.requests(INVITE_METHOD)
			.filter((entry) => entry.seq > before)
			.map((entry) => Date.parse(entry.at));
		assert.equal(times.length, 4);
		const gaps = times.slice(1).map((time, index) => time - times[index]);
		// Slots are exact (pacing.test.ts); the time from a slot to the request's arrival in the sandbox varies with
		// the machine's load (tens of ms, once 63 ms under a load of 10), so half the pause is allowed here. Without
		// shared pacing the two executions' requests arrive a few ms apart.
		assert.ok(Math.min(...gaps) >= pauseMs / 2, `gaps between invite requests: ${gaps.join(', ')} ms`);
		assert.ok(a.sleeps.length + b.sleeps.length >= 3, 'every request but the very first waited its turn');
	});
});
