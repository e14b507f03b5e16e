/**
 * The invite algorithm (planInvites + runInvites) on the in-memory gateway: every branch of
 * docs/decisions/0002-batch-attribution.md and of the error routing in 0004-errors.md, in milliseconds. The
 * gateway's ledger is the ground truth of who was really invited; its call record shows every request sent.
 * The same behaviour over MTProto against the sandbox is tested in ../runInvites.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CancelledError } from '../../../../../nodes/TelegramGroupCall/errors/cancellation';
import type { InviteOutcome } from '../../../../../nodes/TelegramGroupCall/transport';
import { MemoryGateway, memoryUser, telegramError } from '../../support/memoryGateway';
import { recordingEnvironment, runOnMemory } from '../../support/memoryRun';

const MAYBE_OURS = /may be from this run/;

/**
 * The account 1 (@ops_owner); @alice 101, @bobby 102, @carol 103, @dave 105; @helper_bot 104 (CHAT_TYPE_INVALID) and
 * @shy_one 106 (USER_PRIVACY_RESTRICTED) are refused; @group has call 3001 and @other_group call 3002.
 */
function world(): MemoryGateway {
	const gateway = new MemoryGateway();
	gateway.addUser(gateway.me);
	for (const [id, name] of [['101', 'alice'], ['102', 'bobby'], ['103', 'carol'], ['104', 'helper_bot'], ['105', 'dave'], ['106', 'shy_one']]) {
		gateway.addUser(memoryUser(id, name));
	}
	gateway.refuse('104', 'CHAT_TYPE_INVALID');
	gateway.refuse('106', 'USER_PRIVACY_RESTRICTED');
	gateway.addCall('@group', { callId: '3001', accessHash: '9001' }, ['105']);
	gateway.addCall('@other_group', { callId: '3002', accessHash: '9002' });
	return gateway;
}

const confirmed = (...invitedUserIds: string[]): InviteOutcome => ({ invitedUserIds, confirmed: true, reconnected: false });

describe('runInvites (in memory): batch size 1', () => {
	it('asks about one user per request and gives each Telegram\'s own answer', async () => {
		const gateway = world();
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @helper_bot @shy_one @bobby' }]);
		assert.deepEqual(run.outcomes(), ['invited:invited', 'CHAT_TYPE_INVALID', 'USER_PRIVACY_RESTRICTED', 'invited:invited']);
		assert.deepEqual(gateway.inviteRequests(), [['101'], ['104'], ['106'], ['102']]);
		assert.deepEqual(gateway.invitedTo('3001'), ['101', '102']);
		assert.deepEqual(run.invited(0, 0), { output: 'invited', status: 'invited', userId: '101', username: 'alice', callId: '3001' });
		const bot = run.failed(0, 1);
		assert.equal(bot.userId, '104');
		assert.equal(bot.httpCode, 403);
		assert.equal(bot.maybeInvitedByThisRun, undefined);
	});

	it('a user invited before the run answers "already invited": Failed, or Invited with already_invited when asked', async () => {
		for (const countsAsSuccess of [false, true]) {
			const gateway = world();
			gateway.alreadyInvited('3001', '101');
			const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice' }], { alreadyInvitedCountsAsSuccess: countsAsSuccess });
			if (countsAsSuccess) assert.deepEqual(run.invited(0, 0), { output: 'invited', status: 'already_invited', userId: '101', username: 'alice', callId: '3001' });
			else assert.equal(run.failed(0, 0).code, 'USER_ALREADY_INVITED');
			assert.doesNotMatch(run.result(0, 0).message ?? '', MAYBE_OURS, 'no doubt: nothing was resent');
			assert.deepEqual(gateway.invitedTo('3001'), ['101'], 'invited once, before the run');
		}
	});

	it('pauses before every invite request but the first', async () => {
		const gateway = world();
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby @carol' }], { pauseMs: 250 });
		assert.deepEqual(run.environment.sleeps, [250, 250]);
		assert.equal(gateway.inviteRequests().length, 3);
	});
});

describe('runInvites (in memory): a batch rejected with a per-user error (decision 0002)', () => {
	it('resends one user at a time; each gets their own answer, nobody is in doubt when the batch applied nothing', async () => {
		const gateway = world();
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @helper_bot @shy_one @bobby' }], { batchSize: 10 });
		assert.deepEqual(gateway.inviteRequests(), [['101', '104', '106', '102'], ['101'], ['104'], ['106'], ['102']]);
		assert.deepEqual(run.outcomes(), ['invited:invited', 'CHAT_TYPE_INVALID', 'USER_PRIVACY_RESTRICTED', 'invited:invited']);
		for (const index of [1, 2]) assert.equal(run.failed(0, index).maybeInvitedByThisRun, undefined);
		assert.deepEqual(gateway.invitedTo('3001'), ['101', '102']);
	});

	it('a server that applied the valid part: their "already invited" on the resend may be this run\'s doing', async () => {
		const gateway = world();
		gateway.batchRejection = 'partial';
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@helper_bot @alice @bobby' }], { batchSize: 3 });
		assert.deepEqual(run.outcomes(), ['CHAT_TYPE_INVALID', 'USER_ALREADY_INVITED', 'USER_ALREADY_INVITED']);
		for (const index of [1, 2]) {
			const user = run.failed(0, index);
			assert.equal(user.maybeInvitedByThisRun, true);
			assert.match(user.message, MAYBE_OURS);
		}
		assert.equal(run.failed(0, 0).maybeInvitedByThisRun, undefined, 'a refusal of the user alone is certain');
		assert.deepEqual(gateway.invitedTo('3001'), ['101', '102'], 'invited once, by the rejected batch');
	});

	it('the same doubt with "Already Invited Counts as Success": Invited, already_invited, with the message', async () => {
		const gateway = world();
		gateway.batchRejection = 'partial';
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@helper_bot @alice' }], { batchSize: 2, alreadyInvitedCountsAsSuccess: true });
		const alice = run.invited(0, 1);
		assert.equal(alice.status, 'already_invited');
		assert.match(alice.message ?? '', MAYBE_OURS);
	});

	it('when the resend invites someone, the batch applied nothing: "already invited" answers are genuine', async () => {
		const gateway = world();
		gateway.alreadyInvited('3001', '102');
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@helper_bot @bobby @alice' }], { batchSize: 3 });
		assert.deepEqual(run.outcomes(), ['CHAT_TYPE_INVALID', 'USER_ALREADY_INVITED', 'invited:invited']);
		const bobby = run.failed(0, 1);
		assert.equal(bobby.maybeInvitedByThisRun, undefined);
		assert.doesNotMatch(bobby.message, MAYBE_OURS);
	});

	it('an "already invited" answer that spanned a reconnect stays in doubt even when the resend invited someone', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', telegramError('CHAT_TYPE_INVALID'), telegramError('CHAT_TYPE_INVALID'), telegramError('USER_ALREADY_INVITED', { reconnected: true }));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@helper_bot @bobby @alice' }], { batchSize: 3 });
		assert.deepEqual(run.outcomes(), ['CHAT_TYPE_INVALID', 'USER_ALREADY_INVITED', 'invited:invited']);
		assert.equal(run.failed(0, 1).maybeInvitedByThisRun, true);
	});

	it('USERS_TOO_MUCH: the batch is resent one by one and the rest of the call goes one user per request', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', telegramError('USERS_TOO_MUCH'));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby @carol @dave' }], { batchSize: 2 });
		assert.deepEqual(gateway.inviteRequests(), [['101', '102'], ['101'], ['102'], ['103'], ['105']]);
		assert.deepEqual(run.outcomes(), ['invited:invited', 'invited:invited', 'invited:invited', 'invited:invited']);
	});
});

describe('runInvites (in memory): a resend stopped before a user got their own answer (decision 0002)', () => {
	it('PEER_FLOOD during the resend: the unanswered users fail with it and may have been invited by the rejected batch', async () => {
		const gateway = world();
		gateway.batchRejection = 'partial';
		gateway.script('inviteToGroupCall', telegramError('CHAT_TYPE_INVALID'), telegramError('CHAT_TYPE_INVALID'), telegramError('PEER_FLOOD'));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@helper_bot @alice @bobby' }, { call: '@other_group', users: '@carol' }], { batchSize: 3 });
		assert.deepEqual(run.outcomes(0), ['CHAT_TYPE_INVALID', 'PEER_FLOOD', 'PEER_FLOOD']);
		for (const index of [1, 2]) assert.equal(run.failed(0, index).maybeInvitedByThisRun, true);
		assert.equal(run.failed(1, 0).code, 'PEER_FLOOD', 'inviting stops for every call');
		assert.equal(run.failed(1, 0).maybeInvitedByThisRun, undefined);
		assert.deepEqual(gateway.inviteRequests(), [['104', '101', '102'], ['104'], ['101']], 'nothing sent after PEER_FLOOD');
		assert.ok(run.environment.logs.some((line) => /warn: Telegram answered PEER_FLOOD/.test(line)));
	});

	it('the same stop after the resend invited someone: the batch applied nothing, so no doubt', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', telegramError('CHAT_TYPE_INVALID'), confirmed('101'), telegramError('PEER_FLOOD'));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby @carol' }], { batchSize: 3 });
		assert.deepEqual(run.outcomes(), ['invited:invited', 'PEER_FLOOD', 'PEER_FLOOD']);
		for (const index of [1, 2]) assert.equal(run.failed(0, index).maybeInvitedByThisRun, undefined);
	});

	it('a FLOOD_WAIT beyond the maximum during the resend fails the rest of that call in doubt, with retryAfter', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', telegramError('CHAT_TYPE_INVALID'), telegramError('FLOOD_WAIT', { retryAfter: 3600 }));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby' }, { call: '@other_group', users: '@carol' }], { batchSize: 2 });
		for (const index of [0, 1]) {
			const user = run.failed(0, index);
			assert.equal(user.code, 'FLOOD_WAIT');
			assert.equal(user.retryAfter, 3600);
			assert.equal(user.maybeInvitedByThisRun, true);
		}
		assert.equal(run.invited(1, 0).callId, '3002', 'another call goes on');
		assert.deepEqual(gateway.inviteRequests(), [['101', '102'], ['101'], ['103']]);
	});

	it('a per-call error during the resend leaves the unanswered users in doubt too', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', telegramError('CHAT_TYPE_INVALID'), telegramError('GROUPCALL_FORBIDDEN'));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby' }], { batchSize: 2 });
		assert.deepEqual(run.outcomes(), ['GROUPCALL_FORBIDDEN', 'GROUPCALL_FORBIDDEN']);
		for (const index of [0, 1]) assert.equal(run.failed(0, index).maybeInvitedByThisRun, true);
		assert.deepEqual(gateway.inviteRequests(), [['101', '102'], ['101']]);
	});
});

describe('runInvites (in memory): a batch accepted, with users left out (decision 0002)', () => {
	it('resends each left-out user alone; left out again, they fail NOT_INVITED_BY_TELEGRAM; listed users are Invited', async () => {
		const gateway = world();
		gateway.leaveOut('102');
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby @carol' }], { batchSize: 3 });
		assert.deepEqual(gateway.inviteRequests(), [['101', '102', '103'], ['102']]);
		assert.deepEqual(run.outcomes(), ['invited:invited', 'NOT_INVITED_BY_TELEGRAM', 'invited:invited']);
		assert.equal(run.failed(0, 1).httpCode, null);
		assert.deepEqual(gateway.invitedTo('3001'), ['101', '103']);
	});

	it('a left-out user invited by their own resend is Invited', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', confirmed('101'));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby' }], { batchSize: 2 });
		assert.deepEqual(gateway.inviteRequests(), [['101', '102'], ['102']]);
		assert.deepEqual(run.outcomes(), ['invited:invited', 'invited:invited']);
	});

	it('an answer without a service message for the call: the request succeeded, its users are Invited', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', { invitedUserIds: [], confirmed: false, reconnected: false });
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby' }], { batchSize: 2 });
		assert.deepEqual(run.outcomes(), ['invited:invited', 'invited:invited']);
		assert.equal(gateway.inviteRequests().length, 1);
	});

	it('an answer with no updates at all invites nobody: each user is resent alone, then NOT_INVITED_BY_TELEGRAM', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', confirmed(), confirmed(), confirmed());
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby' }], { batchSize: 2 });
		assert.deepEqual(gateway.inviteRequests(), [['101', '102'], ['101'], ['102']]);
		assert.deepEqual(run.outcomes(), ['NOT_INVITED_BY_TELEGRAM', 'NOT_INVITED_BY_TELEGRAM']);
	});
});

describe('runInvites (in memory): errors of another scope (decision 0004)', () => {
	it('a per-call error fails the batch and the rest of the call without per-user retries; other calls go on', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', telegramError('GROUPCALL_FORBIDDEN'));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby @carol' }, { call: '@other_group', users: '@alice' }], { batchSize: 2 });
		assert.deepEqual(run.outcomes(0), ['GROUPCALL_FORBIDDEN', 'GROUPCALL_FORBIDDEN', 'GROUPCALL_FORBIDDEN']);
		assert.equal(run.failed(0, 0).maybeInvitedByThisRun, undefined);
		assert.equal(run.failed(0, 2).userId, null, 'the rest of the call is failed before being looked up');
		assert.equal(run.invited(1, 0).callId, '3002');
		assert.deepEqual(gateway.inviteRequests(), [['101', '102'], ['101']]);
	});

	it('a FLOOD_WAIT within the maximum is waited out and the same request sent again', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', telegramError('FLOOD_WAIT', { retryAfter: 12 }));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice' }]);
		assert.deepEqual(run.outcomes(), ['invited:invited']);
		assert.deepEqual(run.environment.sleeps, [12_000]);
		assert.deepEqual(gateway.inviteRequests(), [['101'], ['101']]);
	});

	it('a FLOOD_WAIT beyond the maximum fails that user and the rest of the call with retryAfter; no doubt without a resend', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', confirmed('101'), telegramError('FLOOD_WAIT', { retryAfter: 61 }));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby @carol' }]);
		assert.deepEqual(run.outcomes(), ['invited:invited', 'FLOOD_WAIT', 'FLOOD_WAIT']);
		for (const index of [1, 2]) {
			assert.equal(run.failed(0, index).retryAfter, 61);
			assert.equal(run.failed(0, index).maybeInvitedByThisRun, undefined);
		}
		assert.match(run.failed(0, 1).message, /61 s/);
		assert.deepEqual(run.environment.sleeps, []);
	});

	it('server errors are retried twice, then reported for the users of that request only', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', ...[1, 2, 3].map(() => telegramError('RPC_CALL_FAIL')));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby' }]);
		assert.deepEqual(run.outcomes(), ['RPC_CALL_FAIL', 'invited:invited']);
		assert.deepEqual(run.environment.sleeps, [1_000, 2_000]);
	});

	it('an account-level error stops the run: users decided so far keep their results, the rest stay undecided', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', confirmed('101'), telegramError('AUTH_KEY_UNREGISTERED'));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby @carol' }]);
		assert.equal(run.report.failure?.code, 'AUTH_KEY_UNREGISTERED');
		assert.deepEqual([...run.report.results.keys()], ['0:0']);
		assert.equal(gateway.inviteRequests().length, 2);
	});

	it('an account-level error while resolving the call stops the run too', async () => {
		const gateway = world();
		gateway.script('resolveCall', telegramError('SESSION_REVOKED'));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice' }]);
		assert.equal(run.report.failure?.code, 'SESSION_REVOKED');
		assert.equal(run.report.results.size, 0);
	});

	it('a cancellation during a wait is not a result: the run rejects with CancelledError', async () => {
		const gateway = world();
		gateway.script('inviteToGroupCall', telegramError('FLOOD_WAIT', { retryAfter: 5 }));
		const controller = new AbortController();
		const environment = recordingEnvironment(controller.signal, () => controller.abort());
		await assert.rejects(runOnMemory(gateway, [{ call: '@group', users: '@alice' }], {}, environment), CancelledError);
	});
});

describe('runInvites (in memory): calls and users before any invite', () => {
	it('resolves each call reference once, merges references to one call, and fails users of an unresolvable or invalid one', async () => {
		const gateway = world();
		const run = await runOnMemory(gateway, [
			{ call: '@group', users: '@alice' },
			{ call: 'https://t.me/group', users: '@bobby' },
			{ call: '@nowhere', users: '@carol' },
			{ call: 'not a call!', users: '@dave' },
		]);
		assert.equal(gateway.requests('resolveCall').length, 2, '@group once, @nowhere once');
		assert.equal(run.invited(0, 0).callId, '3001');
		assert.equal(run.invited(1, 0).callId, '3001');
		assert.deepEqual({ code: run.failed(2, 0).code, callId: run.failed(2, 0).callId, userId: run.failed(2, 0).userId }, { code: 'CHAT_NOT_FOUND', callId: null, userId: null });
		assert.equal(run.failed(3, 0).code, 'INVALID_CALL_REFERENCE');
		assert.deepEqual(gateway.inviteRequests(), [['101'], ['102']]);
	});

	it('the same person twice for one call (by text or by resolved id) is DUPLICATE_IN_INPUT; the account itself is CANNOT_INVITE_SELF', async () => {
		const gateway = world();
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @alice 101 @ops_owner bad! @bobby' }]);
		assert.deepEqual(run.outcomes(), ['invited:invited', 'DUPLICATE_IN_INPUT', 'DUPLICATE_IN_INPUT', 'CANNOT_INVITE_SELF', 'INVALID_USER_REFERENCE', 'invited:invited']);
		assert.deepEqual(gateway.inviteRequests(), [['101'], ['102']]);
		assert.equal(gateway.requests('getMe').length, 1, 'the account is asked for once');
	});

	it('a failed look-up fails that user only; PEER_FLOOD while looking up stops inviting', async () => {
		const gateway = world();
		gateway.script('resolveUsername', (username: string) => {
			assert.equal(username, 'alice');
			throw telegramError('USERNAME_NOT_OCCUPIED');
		}, telegramError('PEER_FLOOD'));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby @carol' }]);
		assert.deepEqual(run.outcomes(), ['USERNAME_NOT_OCCUPIED', 'PEER_FLOOD', 'PEER_FLOOD']);
		assert.deepEqual(gateway.inviteRequests(), []);
		assert.deepEqual(gateway.requests('resolveUsername').map((call) => call.args[0]), ['alice', 'bobby'], 'carol is not looked up');
	});

	it('skips users already in the call with one participant listing per call', async () => {
		const gateway = world();
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@dave @alice' }], { skipUsersAlreadyInCall: true });
		assert.deepEqual(run.outcomes(), ['invited:already_in_call', 'invited:invited']);
		assert.equal(gateway.requests('getCallParticipants').length, 1);
		assert.deepEqual(gateway.inviteRequests(), [['101']]);
	});

	it('dry run and a real run agree on a call the account joined as a channel: INVITE_FORBIDDEN_WITH_JOINAS', async () => {
		for (const dryRun of [true, false]) {
			const gateway = world();
			gateway.joinAsChat('3001');
			const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @bobby' }], { dryRun });
			assert.deepEqual(run.outcomes(), ['INVITE_FORBIDDEN_WITH_JOINAS', 'INVITE_FORBIDDEN_WITH_JOINAS'], `dryRun ${dryRun}`);
			assert.deepEqual(gateway.invitedTo('3001'), [], `dryRun ${dryRun}: nobody invited`);
		}
	});

	it('dry run resolves and checks everything but invites nobody; a scheduled call gives CALL_NOT_STARTED', async () => {
		const gateway = world();
		gateway.addCall('@later', { callId: '3003', accessHash: '9003', state: 'scheduled' });
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@alice @nobody_here' }, { call: '@later', users: '@bobby' }], { dryRun: true });
		assert.deepEqual(run.outcomes(0), ['invited:would_invite', 'USERNAME_NOT_OCCUPIED']);
		assert.equal(run.failed(1, 0).code, 'CALL_NOT_STARTED');
		assert.deepEqual(gateway.inviteRequests(), []);
		assert.deepEqual(gateway.invitedTo('3001'), []);
	});
});
