/**
 * The invite algorithm (planInvites + runInvites) over the node's real transport: the pooled GramJS client
 * talking MTProto over TCP to an in-process sandbox, one sandbox per test. Ground truth is the sandbox's
 * request log and invite ledger; only the environment's sleep (recorded, not slept) and logger are injected.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';

import { resultKey } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/runInvites';
import type { FailedResult, UserResult } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/types';
import { abortableSleep, CancelledError } from '../../../../nodes/TelegramGroupCall/errors/cancellation';
import type { BatchMode } from '../../../../sandbox/world/worldFile';
import { assertNobodyInvitedTwice } from '../support/inviteLedger';
import { randomSeeds, regressionSeeds, replayHint } from '../support/randomSeeds';
import { callIdOf, INVITE_METHOD, invitedIdsOf } from '../support/requestLog';
import { randomInviteCase } from './randomInviteCase';
import { asFailed, asInvited, baseWorld, closeOpenHarnesses, InviteHarness, runAgainstSandbox } from './sandboxInviteRun';

/**
 * What may come off a pause in the sandbox's log: the time from a slot to the request's arrival differs between
 * two requests by a few ms (more on a busy machine). Allowed: 10 % of the pause.
 */
const PACING_ALLOWANCE = 0.1;

afterEach(closeOpenHarnesses);

/** 105 is the deleted account, found by id among @demo_group's members (Telegram frees its username). */
const EVERY_OUTCOME = '@alice @helper_bot 105 @shy_one @already @in_call @outsider @nobody_here 102 999 @ops_owner bad!';

function assertEveryOutcome(harness: InviteHarness): void {
	const code = (tokenIndex: number) => {
		const result = harness.result(0, tokenIndex);
		return result.output === 'invited' ? `invited:${result.status}` : result.code;
	};
	assert.deepEqual(
		Array.from({ length: 12 }, (_, index) => code(index)),
		[
			'invited:invited',
			'CHAT_TYPE_INVALID',
			'INPUT_USER_DEACTIVATED',
			'USER_PRIVACY_RESTRICTED',
			'USER_ALREADY_INVITED',
			'USER_ALREADY_INVITED',
			'USER_NOT_PARTICIPANT',
			'USERNAME_NOT_OCCUPIED',
			'invited:invited',
			'USER_NOT_RESOLVED',
			'CANNOT_INVITE_SELF',
			'INVALID_USER_REFERENCE',
		],
	);
}

describe('runInvites: per-user outcomes', () => {
	it('routes every outcome with batch size 1', async () => {
		const harness = await runAgainstSandbox([{ call: '@demo_group', users: EVERY_OUTCOME }]);
		assertEveryOutcome(harness);
		const alice = asInvited(harness.result(0, 0));
		assert.deepEqual(alice, { output: 'invited', status: 'invited', userId: '101', username: 'alice', callId: '3001' });
		const bot = asFailed(harness.result(0, 1));
		assert.equal(bot.userId, '104');
		assert.equal(bot.callId, '3001');
		assert.equal(bot.httpCode, 403);
		assert.match(bot.message, /bots/);
		assert.equal(asFailed(harness.result(0, 2)).userId, '105');
		assert.equal(harness.report?.failure, undefined);
		assert.equal(harness.inviteCount('3001', '101'), 1);
		assert.deepEqual(harness.invitedTo('3001'), ['101', '102'], 'Telegram invited exactly the two reported users');
		// One request per resolved user other than the account itself; nobody is sent twice.
		assert.deepEqual(harness.inviteRequests(), [['101'], ['104'], ['105'], ['106'], ['107'], ['108'], ['109'], ['102']]);
	});

	for (const mode of ['atomic', 'partial', 'lenient'] as const) {
		it(`keeps per-user results exact with batch size 10 in ${mode} mode, inviting nobody twice`, async () => {
			const harness = await runAgainstSandbox([{ call: '@demo_group', users: EVERY_OUTCOME }], { batchSize: 10 }, { behaviour: { batch: mode } });
			const results = Array.from({ length: 12 }, (_, index) => harness.result(0, index));
			for (const userId of ['101', '102']) assert.equal(harness.inviteCount('3001', userId), 1, userId);
			for (const userId of ['104', '105', '106', '107', '108']) assert.equal(harness.inviteCount('3001', userId), 0, userId);
			assert.deepEqual(harness.invitedTo('3001'), ['101', '102']);
			assert.deepEqual(harness.inviteRequests()[0], ['101', '104', '105', '106', '107', '108', '109', '102'], 'one batch first');
			expectModeSpecificOutcome(mode, results, harness);
		});
	}

	it('counts "already invited" as success when asked to, on Invited with status already_invited', async () => {
		const harness = await runAgainstSandbox([{ call: '@demo_group', users: '@already' }], { alreadyInvitedCountsAsSuccess: true });
		assert.deepEqual(asInvited(harness.result(0, 0)), {
			output: 'invited',
			status: 'already_invited',
			userId: '107',
			username: 'already',
			callId: '3001',
		});
		assert.deepEqual(harness.inviteRequests(), [['107']]);
		assert.equal(harness.sandbox.world.inviteLog().length, 0, 'nothing was applied');
	});

	it('resolves phone numbers and numeric ids of members', async () => {
		const harness = await runAgainstSandbox([{ call: '@demo_group', users: ['+15550001001', '103'] }]);
		assert.equal(asInvited(harness.result(0, 0)).userId, '101');
		assert.equal(asInvited(harness.result(0, 1)).username, 'carol');
		assert.equal(harness.requests('contacts.resolvePhone').length, 1);
		assert.ok(harness.requests('channels.getParticipants').length >= 1, 'the id was found among the chat members');
		assert.deepEqual(harness.invitedTo('3001'), ['101', '103']);
	});
});

function expectModeSpecificOutcome(mode: BatchMode, results: UserResult[], harness: InviteHarness): void {
	const failedCodes = results.filter((result) => result.output === 'failed').map((result) => (result as FailedResult).code);
	if (mode === 'atomic') {
		// The rejected batch invited nobody, so the one-by-one resend gives Telegram's exact answers.
		assertEveryOutcome(harness);
		for (const result of results) assert.notEqual((result as FailedResult).maybeInvitedByThisRun, true);
	} else if (mode === 'partial') {
		// The rejected batch invited the valid users; the resend cannot tell that from an earlier invite,
		// so they are reported as "already invited", possibly by this run (see docs/decisions/0002).
		for (const index of [0, 8]) {
			const user = asFailed(results[index]);
			assert.equal(user.code, 'USER_ALREADY_INVITED');
			assert.equal(user.maybeInvitedByThisRun, true);
		}
		assert.deepEqual(failedCodes.slice(0, 4), ['USER_ALREADY_INVITED', 'CHAT_TYPE_INVALID', 'INPUT_USER_DEACTIVATED', 'USER_PRIVACY_RESTRICTED']);
		const batch = harness.requests(INVITE_METHOD)[0];
		assert.equal(batch.applied, true, 'the rejected batch was applied');
		assert.deepEqual(harness.appliedByRequest.get(batch.seq), ['101', '102']);
	} else {
		// Lenient: a success that leaves users out; alone, they are left out again without a reason.
		for (const index of [1, 2, 3, 4, 5, 6]) assert.equal(asFailed(results[index]).code, 'NOT_INVITED_BY_TELEGRAM');
		assert.equal(asInvited(results[0]).status, 'invited');
		assert.equal(asInvited(results[8]).status, 'invited');
		assert.deepEqual(harness.inviteRequests().slice(1), [['104'], ['105'], ['106'], ['107'], ['108'], ['109']], 'each left-out user alone');
	}
}

describe('runInvites: batches', () => {
	it('sends batches of the configured size, the requests at least the pause apart as the sandbox saw them', async () => {
		const waits: number[] = [];
		const sleep = async (ms: number, signal?: AbortSignal) => {
			waits.push(ms);
			await abortableSleep(ms, signal);
		};
		const harness = await runAgainstSandbox([{ call: '@demo_group', users: '@alice @bobby @carol' }], { batchSize: 2, pauseMs: 250 }, { sleep });
		assert.deepEqual(harness.inviteRequests(), [['101', '102'], ['103']]);
		assert.equal(waits.length, 1, 'no wait before the first request');
		assert.ok(waits[0] > 0 && waits[0] <= 250, `waited what was left of the pause: ${waits[0]} ms`);
		const [first, second] = harness.requests(INVITE_METHOD).map((entry) => Date.parse(entry.at));
		assert.ok(second - first >= 250 * (1 - PACING_ALLOWANCE), `the sandbox saw them ${second - first} ms apart`);
		assert.deepEqual(harness.invitedTo('3001'), ['101', '102', '103']);
	});

	it('reports users a partially applied batch invited as possibly invited by this run', async () => {
		const harness = await runAgainstSandbox([{ call: '@demo_group', users: '@helper_bot @alice' }], { batchSize: 2 }, { behaviour: { batch: 'partial' } });
		assert.equal(asFailed(harness.result(0, 0)).code, 'CHAT_TYPE_INVALID');
		const alice = asFailed(harness.result(0, 1));
		assert.equal(alice.code, 'USER_ALREADY_INVITED');
		assert.equal(alice.maybeInvitedByThisRun, true);
		assert.match(alice.message, /may be from this run/);
		assert.equal(harness.inviteCount('3001', '101'), 1);
		assert.deepEqual(harness.inviteRequests(), [['104', '101'], ['104'], ['101']]);
		assert.deepEqual(harness.appliedByRequest.get(harness.requests(INVITE_METHOD)[0].seq), ['101'], 'the rejected batch invited alice');
	});

	it('falls back to one user per request after USERS_TOO_MUCH', async () => {
		const harness = await runAgainstSandbox(
			[{ call: '@demo_group', users: '@alice @bobby @carol' }],
			{ batchSize: 3 },
			{ behaviour: { maxUsersPerInvite: 2 } },
		);
		for (const index of [0, 1, 2]) assert.equal(asInvited(harness.result(0, index)).status, 'invited');
		assert.deepEqual(harness.inviteRequests(), [['101', '102', '103'], ['101'], ['102'], ['103']]);
		assert.equal(harness.requests(INVITE_METHOD)[0].error?.message, 'USERS_TOO_MUCH');
		assert.deepEqual(harness.invitedTo('3001'), ['101', '102', '103']);
	});
});

describe('runInvites: calls', () => {
	it('resolves each distinct call once and merges references to the same call', async () => {
		const harness = await runAgainstSandbox([
			{ call: '@demo_group', users: '@alice' },
			{ call: 'https://t.me/demo_group?videochat', users: '@bobby' },
			{ call: '3001:9001', users: '@carol @alice' },
		]);
		// @demo_group and its call link are one reference: one lookup and one full-chat request; the id form
		// needs one phone.getGroupCall. Alice is looked up once.
		assert.deepEqual(harness.resolvedUsernames(), ['demo_group', 'alice', 'bobby', 'carol']);
		assert.equal(harness.requests('channels.getFullChannel').length, 1);
		assert.equal(harness.requests('phone.getGroupCall').length, 1);
		assert.equal(asInvited(harness.result(0, 0)).status, 'invited');
		assert.equal(asInvited(harness.result(1, 0)).status, 'invited');
		assert.equal(asInvited(harness.result(2, 0)).status, 'invited');
		const duplicate = asFailed(harness.result(2, 1));
		assert.equal(duplicate.code, 'DUPLICATE_IN_INPUT');
		assert.match(duplicate.message, /"@alice" in item 0/);
		assert.equal(harness.inviteCount('3001', '101'), 1);
		assert.deepEqual(harness.inviteRequests(), [['101'], ['102'], ['103']]);
	});

	it('invites the same user to two different calls', async () => {
		const harness = await runAgainstSandbox([
			{ call: '@demo_group', users: '@alice' },
			{ call: '@other_group', users: '@alice' },
		]);
		assert.equal(asInvited(harness.result(0, 0)).callId, '3001');
		assert.equal(asInvited(harness.result(1, 0)).callId, '3002');
		assert.equal(harness.inviteCount('3001', '101'), 1);
		assert.equal(harness.inviteCount('3002', '101'), 1);
		assert.deepEqual(harness.requests(INVITE_METHOD).map(callIdOf), ['3001', '3002']);
	});

	it('fails every user of a call with a per-call error, without per-user retries', async () => {
		// Demo's call is scheduled, not started: every invite to it answers 403 GROUPCALL_FORBIDDEN.
		const world = baseWorld();
		const demo = world.chats.find((chat) => chat.id === '2001');
		assert.ok(demo?.call);
		demo.call = { ...demo.call, state: 'scheduled', scheduleDate: 2_000_000_000, participants: [] };
		const harness = await runAgainstSandbox(
			[
				{ call: '@demo_group', users: '@alice @bobby @carol @nobody_here' },
				{ call: '@other_group', users: '@other_member' },
			],
			{ batchSize: 1 },
			{ world },
		);
		for (const index of [0, 1, 2]) {
			const failed = asFailed(harness.result(0, index));
			assert.equal(failed.code, 'GROUPCALL_FORBIDDEN');
			assert.equal(failed.httpCode, 403);
			assert.equal(failed.callId, '3001');
		}
		const unresolved = asFailed(harness.result(0, 3));
		assert.equal(unresolved.code, 'GROUPCALL_FORBIDDEN', 'users after a per-call error are not even looked up');
		assert.equal(unresolved.userId, null);
		assert.deepEqual(harness.resolvedUsernames(), ['demo_group', 'other_group', 'alice', 'other_member']);
		assert.deepEqual(harness.inviteRequests(), [['101'], ['110']]);
		assert.equal(asInvited(harness.result(1, 0)).status, 'invited');
		assert.deepEqual(harness.invitedTo('3002'), ['110']);
	});

	it('fails users of an unknown or invalid call reference, and of a chat without a call', async () => {
		const harness = await runAgainstSandbox([
			{ call: 'not a chat!', users: '@alice' },
			{ call: '@quiet_group', users: '@bobby' },
			{ call: '3001:1', users: '@carol' },
		]);
		const invalid = asFailed(harness.result(0, 0));
		assert.equal(invalid.code, 'INVALID_CALL_REFERENCE');
		assert.match(invalid.message, /Here: /);
		assert.equal(asFailed(harness.result(1, 0)).code, 'NO_ACTIVE_CALL');
		const wrongHash = asFailed(harness.result(2, 0));
		assert.equal(wrongHash.code, 'GROUPCALL_INVALID');
		assert.equal(harness.requests('phone.getGroupCall')[0]?.error?.message, 'GROUPCALL_INVALID');
		assert.equal(harness.inviteRequests().length, 0);
		assert.deepEqual(harness.resolvedUsernames(), ['quiet_group'], 'no user of a failed call is looked up');
	});
});

describe('runInvites: limits', () => {
	it('waits out a short FLOOD_WAIT, says so in the log, and retries the same request', async () => {
		const harness = await runAgainstSandbox([{ call: '@demo_group', users: '@alice @bobby' }], { batchSize: 2 }, {
			behaviour: { faults: [{ method: INVITE_METHOD, call: 1, action: 'floodWait', seconds: 3 }] },
		});
		assert.deepEqual(harness.sleeps, [3000]);
		assert.deepEqual(harness.inviteRequests(), [['101', '102'], ['101', '102']]);
		assert.equal(harness.requests(INVITE_METHOD)[0].error?.message, 'FLOOD_WAIT_3');
		assert.equal(asInvited(harness.result(0, 0)).status, 'invited');
		assert.equal(asInvited(harness.result(0, 1)).status, 'invited');
		assert.ok(harness.logs.some((line) => /wait 3 s/.test(line)));
		assert.deepEqual(harness.invitedTo('3001'), ['101', '102']);
	});

	it('fails that user and the rest of the call with retryAfter when FLOOD_WAIT exceeds the maximum', async () => {
		const harness = await runAgainstSandbox(
			[
				{ call: '@demo_group', users: '@alice @bobby @carol' },
				{ call: '@other_group', users: '@other_member' },
			],
			{ maxFloodWaitSeconds: 10 },
			{ behaviour: { faults: [{ method: INVITE_METHOD, call: 2, action: 'floodWait', seconds: 3600 }] } },
		);
		assert.equal(asInvited(harness.result(0, 0)).status, 'invited');
		for (const index of [1, 2]) {
			const failed = asFailed(harness.result(0, index));
			assert.equal(failed.code, 'FLOOD_WAIT');
			assert.equal(failed.retryAfter, 3600);
			assert.equal(failed.httpCode, 420);
		}
		assert.equal(asInvited(harness.result(1, 0)).status, 'invited', 'another call is not affected');
		assert.deepEqual(harness.sleeps, []);
		assert.deepEqual(harness.inviteRequests(), [['101'], ['102'], ['110']], 'nothing more is sent to the flooded call');
		assert.deepEqual(harness.invitedTo('3001'), ['101']);
		assert.deepEqual(harness.invitedTo('3002'), ['110']);
	});

	it('stops inviting on PEER_FLOOD: that user and every remaining one fail with it', async () => {
		const harness = await runAgainstSandbox(
			[
				{ call: '@demo_group', users: '@alice @bobby @carol' },
				{ call: '@other_group', users: '@other_member' },
			],
			{},
			{ behaviour: { peerFloodAfterInvites: 1 } },
		);
		assert.equal(asInvited(harness.result(0, 0)).status, 'invited');
		for (const [item, token] of [[0, 1], [0, 2], [1, 0]]) {
			assert.equal(asFailed(harness.result(item, token)).code, 'PEER_FLOOD');
		}
		assert.equal(harness.inviteRequests().length, 2, 'no request after PEER_FLOOD');
		assert.equal(harness.requests(INVITE_METHOD)[1].error?.message, 'PEER_FLOOD');
		assert.deepEqual(harness.invitedTo('3001'), ['101']);
		assert.deepEqual(harness.invitedTo('3002'), []);
	});

	it('stops the run on an account-level error, keeping what was decided and leaving the rest undecided', async () => {
		const harness = await runAgainstSandbox([{ call: '@demo_group', users: '@alice @bobby @carol' }], {}, {
			behaviour: { faults: [{ method: INVITE_METHOD, call: 2, action: 'error', code: 401, message: 'AUTH_KEY_UNREGISTERED' }] },
		});
		assert.equal(harness.report?.failure?.code, 'AUTH_KEY_UNREGISTERED');
		assert.equal(asInvited(harness.result(0, 0)).status, 'invited');
		assert.equal(harness.report?.results.size, 1);
		assert.deepEqual(harness.inviteRequests(), [['101'], ['102']]);
		assert.equal(harness.sandbox.requests().at(-1)?.method, INVITE_METHOD, 'nothing is asked after the account error');
		assert.deepEqual(harness.invitedTo('3001'), ['101']);
	});

	it('retries a server hiccup, then reports it per user', async () => {
		const internal = (call: number) => ({ method: INVITE_METHOD, call, action: 'error' as const, code: 500, message: 'INTERNAL' });
		const harness = await runAgainstSandbox([{ call: '@demo_group', users: '@alice @bobby' }], {}, {
			behaviour: { faults: [internal(1), internal(3), internal(4), internal(5)] },
		});
		assert.equal(asInvited(harness.result(0, 0)).status, 'invited');
		const bobby = asFailed(harness.result(0, 1));
		assert.equal(bobby.code, 'INTERNAL');
		assert.equal(bobby.httpCode, 500);
		assert.deepEqual(harness.inviteRequests(), [['101'], ['101'], ['102'], ['102'], ['102']]);
		assert.deepEqual(harness.sleeps, [1000, 1000, 2000], 'a growing back-off, recorded instead of slept');
		assert.deepEqual(harness.invitedTo('3001'), ['101']);
	});

	it('rejects with CancelledError when the execution is cancelled during a wait', async () => {
		const harness = await InviteHarness.start(baseWorld());
		await assert.rejects(
			harness.run([{ call: '@demo_group', users: '@alice @bobby' }], { pauseMs: 1000 }, async () => {
				throw new CancelledError();
			}),
			CancelledError,
		);
		assert.deepEqual(harness.inviteRequests(), [['101']], 'nothing is sent after the cancelled wait');
		assert.deepEqual(harness.invitedTo('3001'), ['101']);
	});
});

describe('runInvites: options', () => {
	it('dry run resolves and checks everything but invites nobody', async () => {
		const harness = await runAgainstSandbox([{ call: '@demo_group', users: '@alice @in_call @nobody_here' }], {
			dryRun: true,
			skipUsersAlreadyInCall: true,
		});
		assert.equal(asInvited(harness.result(0, 0)).status, 'would_invite');
		assert.equal(asInvited(harness.result(0, 1)).status, 'already_in_call');
		assert.equal(asFailed(harness.result(0, 2)).code, 'USERNAME_NOT_OCCUPIED');
		assert.equal(harness.inviteRequests().length, 0);
		assert.ok(harness.requests('phone.getGroupParticipants').length >= 1, 'the call was checked');
		assert.equal(harness.sandbox.world.inviteLog().length, 0);
	});

	it('dry run on a scheduled call predicts the refusal: CALL_NOT_STARTED for every user, nothing sent', async () => {
		const world = baseWorld();
		const demo = world.chats.find((chat) => chat.id === '2001');
		assert.ok(demo?.call);
		demo.call = { ...demo.call, state: 'scheduled', scheduleDate: 2_000_000_000, participants: [] };
		const harness = await runAgainstSandbox(
			[
				{ call: '@demo_group', users: '@alice @bobby' },
				{ call: '@other_group', users: '@other_member' },
			],
			{ dryRun: true },
			{ world },
		);
		for (const index of [0, 1]) assert.equal(asFailed(harness.result(0, index)).code, 'CALL_NOT_STARTED');
		assert.equal(asInvited(harness.result(1, 0)).status, 'would_invite', 'a running call is still a would_invite');
		assert.deepEqual(harness.requests('phone.getGroupCall').map(callIdOf), ['3001', '3002'], 'each call asked about once');
		assert.equal(harness.inviteRequests().length, 0);
		assert.equal(harness.sandbox.world.inviteLog().length, 0);
	});

	it('dry run on a call the account joined as a channel predicts the refusal a real run gets, sending nothing', async () => {
		const world = () => {
			const file = baseWorld();
			const demo = file.chats.find((chat) => chat.id === '2001');
			assert.ok(demo?.call);
			demo.call = { ...demo.call, joinedAs: 'channel' };
			return file;
		};
		const items = [
			{ call: '@demo_group', users: '@alice @bobby' },
			{ call: '@other_group', users: '@other_member' },
		];
		const dry = await runAgainstSandbox(items, { dryRun: true }, { world: world() });
		for (const index of [0, 1]) assert.equal(asFailed(dry.result(0, index)).code, 'INVITE_FORBIDDEN_WITH_JOINAS');
		assert.equal(asInvited(dry.result(1, 0)).status, 'would_invite', 'a call joined as the account itself is still a would_invite');
		assert.equal(dry.inviteRequests().length, 0);
		assert.equal(dry.sandbox.world.inviteLog().length, 0);
		await dry.close();
		const real = await runAgainstSandbox(items, {}, { world: world() });
		for (const index of [0, 1]) assert.equal(asFailed(real.result(0, index)).code, 'INVITE_FORBIDDEN_WITH_JOINAS');
		assert.equal(asInvited(real.result(1, 0)).status, 'invited');
	});

	it('skips users already in the call', async () => {
		const harness = await runAgainstSandbox([{ call: '@demo_group', users: '@in_call @alice' }], { skipUsersAlreadyInCall: true });
		assert.deepEqual(asInvited(harness.result(0, 0)), {
			output: 'invited',
			status: 'already_in_call',
			userId: '108',
			username: 'in_call',
			callId: '3001',
		});
		assert.deepEqual(harness.inviteRequests(), [['101']]);
		assert.deepEqual(harness.invitedTo('3001'), ['101']);
	});
});

describe('runInvites: a dropped connection', () => {
	it('reports a user whose invite was applied before the drop as possibly invited by this run, invited once', async () => {
		const harness = await runAgainstSandbox([{ call: '@demo_group', users: '@alice' }], {}, {
			behaviour: { faults: [{ method: INVITE_METHOD, call: 1, action: 'drop', when: 'after' }] },
		});
		const alice = asFailed(harness.result(0, 0));
		assert.equal(alice.code, 'USER_ALREADY_INVITED');
		assert.equal(alice.maybeInvitedByThisRun, true);
		assert.equal(harness.inviteCount('3001', '101'), 1);
		// GramJS re-sent the request on a new connection; the node sent it once.
		const [first, resent] = harness.requests(INVITE_METHOD);
		assert.equal(first.outcome, 'dropped');
		assert.equal(first.applied, true);
		assert.equal(resent?.error?.message, 'USER_ALREADY_INVITED');
		assert.notEqual(resent.connectionId, first.connectionId);
	});

	it('reports a user as invited when the drop came before the invite was applied and the re-sent copy applied it', async () => {
		const harness = await runAgainstSandbox([{ call: '@demo_group', users: '@alice' }], {}, {
			behaviour: { faults: [{ method: INVITE_METHOD, call: 1, action: 'drop', when: 'before' }] },
		});
		assert.equal(asInvited(harness.result(0, 0)).status, 'invited');
		assert.equal(harness.inviteCount('3001', '101'), 1);
		const [first, resent] = harness.requests(INVITE_METHOD);
		assert.equal(first.applied, false);
		assert.equal(resent?.applied, true);
	});
});

/**
 * Issue 8, item 5: in "lenient" mode a re-sent copy of an applied invite is answered with success and a service
 * message that leaves the user out (already invited). The user was invited by this run, so the "left out"
 * verdict must carry the doubt, whether the user was sent alone or in a batch (then resent alone).
 */
describe('runInvites: left out after a reconnect', () => {
	for (const batchSize of [1, 3]) {
		it(`reports users left out by a re-sent copy as possibly invited by this run (lenient, batch size ${batchSize})`, async () => {
			const harness = await runAgainstSandbox([{ call: '@demo_group', users: '@alice @bobby @helper_bot' }], { batchSize }, {
				behaviour: { batch: 'lenient', faults: [{ method: INVITE_METHOD, call: 1, action: 'drop', when: 'after' }] },
			});
			const [first, resent] = harness.requests(INVITE_METHOD);
			assert.equal(first.outcome, 'dropped');
			assert.equal(first.applied, true);
			assert.notEqual(resent.connectionId, first.connectionId, 'GramJS re-sent the request on a new connection');
			const alice = asFailed(harness.result(0, 0));
			assert.equal(alice.code, 'NOT_INVITED_BY_TELEGRAM');
			assert.equal(alice.maybeInvitedByThisRun, true);
			assert.match(alice.message, /may be from this run/);
			assert.equal(harness.inviteCount('3001', '101'), 1, 'alice was invited, once');
			assertInvitedUsersReported(harness, `batch size ${batchSize}`);
			// The bot was never invited: its verdict carries the doubt only if it was in the re-sent request.
			const bot = asFailed(harness.result(0, 2));
			assert.equal(bot.maybeInvitedByThisRun, batchSize === 3 ? true : undefined);
		});
	}
});

/**
 * A user Telegram invited must be reported as invited, or as "already invited, maybe by this run"
 * (decision 0002): never as a plain failure. Regressions for a product bug, now fixed: in partial mode, when
 * the one-by-one resend of a partially applied batch was stopped by PEER_FLOOD, a FLOOD_WAIT beyond the
 * maximum or a persistent server error, the users the rejected batch did invite got that error without
 * maybeInvitedByThisRun.
 */
describe('runInvites: users a rejected batch invited, when the resend is stopped', () => {
	it('PEER_FLOOD during the resend of a partially applied batch', async () => {
		const harness = await runAgainstSandbox(
			[{ call: '@demo_group', users: '@helper_bot @alice @bobby' }],
			{ batchSize: 3 },
			{ behaviour: { batch: 'partial', peerFloodAfterInvites: 1 } },
		);
		assert.deepEqual(harness.invitedTo('3001'), ['101', '102'], 'the rejected batch invited alice and bobby');
		assertInvitedUsersReported(harness, 'PEER_FLOOD scenario');
	});

	it('a FLOOD_WAIT beyond the maximum during the resend of a partially applied batch', async () => {
		const harness = await runAgainstSandbox(
			[{ call: '@demo_group', users: '@helper_bot @alice' }],
			{ batchSize: 2, maxFloodWaitSeconds: 10 },
			{ behaviour: { batch: 'partial', faults: [{ method: INVITE_METHOD, call: 2, action: 'floodWait', seconds: 3600 }] } },
		);
		assert.deepEqual(harness.invitedTo('3001'), ['101'], 'the rejected batch invited alice');
		assertInvitedUsersReported(harness, 'FLOOD_WAIT scenario');
	});
});

/** Checks one random case (support/randomWorld.ts plus faults and options); a failure names the seed to replay. */
async function checkRandomCase(seed: number): Promise<void> {
	const randomCase = randomInviteCase(seed);
	const context = `seed ${seed} (replay: ${replayHint(seed)})`;
	const harness = await InviteHarness.start(randomCase.world);
	try {
		const report = await harness.run(randomCase.items, randomCase.options);
		assert.equal(report.failure, undefined, `${context}: no account-level failure expected, got ${report.failure?.message}`);
		const expectedKeys = randomCase.tokens.flatMap((itemTokens, itemIndex) => itemTokens.map((_, tokenIndex) => resultKey(itemIndex, tokenIndex)));
		assert.deepEqual([...report.results.keys()].sort(), expectedKeys.sort(), `${context}: every token decided exactly once`);
		assertNoInviteRepeated(harness, context);
		for (const result of report.results.values()) {
			if (result.output !== 'invited') continue;
			if (result.status === 'invited') {
				assert.equal(harness.inviteCount(result.callId, result.userId), 1, `${context}: ${result.userId} reported invited but not invited`);
			}
			if (result.status === 'would_invite') assert.equal(randomCase.options.dryRun, true, `${context}: would_invite outside a dry run`);
			if (result.status === 'already_in_call') {
				const call = harness.sandbox.world.call(result.callId);
				assert.ok(call?.isParticipant(result.userId), `${context}: ${result.userId} reported in the call but is not`);
			}
		}
		assertInvitedUsersReported(harness, context);
		if (randomCase.options.dryRun === true) assert.equal(harness.inviteRequests().length, 0, `${context}: a dry run sent an invite`);
	} finally {
		await harness.close();
	}
}

describe('runInvites: invariant on random worlds and inputs', () => {
	// Seeds: support/randomSeeds.ts (TG_RANDOM_SEED replays one, TG_RANDOM_CASES runs more or fewer).
	it('decides every token exactly once and never invites anyone twice', async () => {
		for (const seed of randomSeeds()) await checkRandomCase(seed);
	});

	// Seeds of the longer sequence (TG_RANDOM_CASES=300) that caught a bug the default ones miss here: in
	// "lenient" mode an answer without any update was taken as "everyone invited", so users Telegram silently
	// left out were reported invited (decision 0002: nobody is invited). Kept as regressions.
	for (const seed of regressionSeeds([20260146, 20260147])) {
		it(`seed ${seed} (lenient mode, an answer that invites nobody): the same invariant`, async () => {
			await checkRandomCase(seed);
		});
	}
});

/**
 * Every invite the sandbox applied shows in the report: the user is Invited (status "invited", or
 * "already_invited" with the may-be-from-this-run message), or failed with maybeInvitedByThisRun.
 */
function assertInvitedUsersReported(harness: InviteHarness, context: string): void {
	const results = [...(harness.report?.results.values() ?? [])];
	for (const record of harness.sandbox.world.inviteLog()) {
		const own = results.filter((result) => result.callId === record.callId && result.userId === record.userId);
		const reported = own.some(
			(result) =>
				(result.output === 'invited' && (result.status === 'invited' || (result.status === 'already_invited' && result.message !== undefined))) ||
				(result.output === 'failed' && result.maybeInvitedByThisRun === true),
		);
		assert.ok(reported, `${context}: Telegram invited ${record.userId} to call ${record.callId}, but the report says ${JSON.stringify(own)}`);
	}
}

/**
 * Nobody invited twice. The ledger never applies an invite twice, so "twice" also shows in what the node sends:
 * once a request was answered with success and applied a user, no later request may carry that user to that
 * call again.
 */
function assertNoInviteRepeated(harness: InviteHarness, context: string): void {
	assertNobodyInvitedTwice(harness.sandbox.world, `${context}: `);
	const confirmed = new Set<string>();
	for (const entry of harness.requests(INVITE_METHOD)) {
		const callId = callIdOf(entry);
		for (const userId of invitedIdsOf(entry)) {
			assert.ok(!confirmed.has(`${callId}:${userId}`), `${context}: request ${entry.seq} re-sent ${userId}, already invited by a successful request`);
		}
		if (entry.outcome === 'answered') {
			for (const userId of harness.appliedByRequest.get(entry.seq) ?? []) confirmed.add(`${callId}:${userId}`);
		}
	}
}
