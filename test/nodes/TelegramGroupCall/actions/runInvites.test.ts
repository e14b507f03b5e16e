import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { planInvites, type ItemParameters } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/planInvites';
import { resultKey, runInvites, type RunReport } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/runInvites';
import type {
	FailedResult,
	InviteOptions,
	InvitedResult,
	RunEnvironment,
	UserResult,
} from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/types';
import { CancelledError } from '../../../../nodes/TelegramGroupCall/helpers/cancellation';
import { FakeGateway, telegramError, type BatchMode, type FakeWorldOptions } from './fakeGateway';

const DEFAULTS: InviteOptions = {
	batchSize: 1,
	pauseMs: 0,
	maxFloodWaitSeconds: 60,
	alreadyInvitedCountsAsSuccess: false,
	skipUsersAlreadyInCall: false,
	dryRun: false,
};

/** me 100; members 101-108 of @demo_group (call 3001); 109 not a member; 110 only in @other_group (call 3002). */
function world(overrides: Partial<FakeWorldOptions> = {}): FakeWorldOptions {
	return {
		me: { id: '100', username: 'ops_owner' },
		users: [
			{ id: '101', username: 'alice', phone: '15550001001' },
			{ id: '102', username: 'bobby' },
			{ id: '103', username: 'carol' },
			{ id: '104', username: 'helper_bot', bot: true },
			{ id: '105', username: 'gone_user', deleted: true },
			{ id: '106', username: 'shy_one', restricted: true },
			{ id: '107', username: 'already' },
			{ id: '108', username: 'in_call' },
			{ id: '109', username: 'outsider' },
			{ id: '110', username: 'other_member' },
		],
		calls: [
			{
				callId: '3001',
				accessHash: '9001',
				chat: 'demo_group',
				members: ['100', '101', '102', '103', '104', '105', '106', '107', '108'],
				participants: ['108'],
				invited: ['107'],
			},
			{ callId: '3002', accessHash: '9002', chat: 'other_group', members: ['100', '101', '110'] },
		],
		...overrides,
	};
}

interface Harness {
	gateway: FakeGateway;
	report: RunReport;
	sleeps: number[];
	logs: string[];
	result(itemIndex: number, tokenIndex: number): UserResult;
}

async function run(
	items: Array<Omit<ItemParameters, 'itemIndex'>>,
	options: Partial<InviteOptions> = {},
	worldOptions: Partial<FakeWorldOptions> = {},
	sleep?: RunEnvironment['sleep'],
): Promise<Harness> {
	const gateway = new FakeGateway(world(worldOptions));
	const sleeps: number[] = [];
	const logs: string[] = [];
	const environment: RunEnvironment = {
		logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), debug: () => undefined },
		sleep:
			sleep ??
			(async (ms) => {
				sleeps.push(ms);
			}),
	};
	const plan = planInvites(items.map((item, itemIndex) => ({ itemIndex, ...item })));
	const report = await runInvites(plan, gateway, { ...DEFAULTS, ...options }, environment);
	return {
		gateway,
		report,
		sleeps,
		logs,
		result(itemIndex, tokenIndex) {
			const found = report.results.get(resultKey(itemIndex, tokenIndex));
			assert.ok(found, `no result for item ${itemIndex} token ${tokenIndex}`);
			return found;
		},
	};
}

function asInvited(result: UserResult): InvitedResult {
	assert.equal(result.output, 'invited', `expected invited, got ${JSON.stringify(result)}`);
	return result as InvitedResult;
}

function asFailed(result: UserResult): FailedResult {
	assert.equal(result.output, 'failed', `expected failed, got ${JSON.stringify(result)}`);
	return result as FailedResult;
}

const EVERY_OUTCOME = '@alice @helper_bot @gone_user @shy_one @already @in_call @outsider @nobody_here 102 999 @ops_owner bad!';

function assertEveryOutcome(harness: Harness): void {
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
		const harness = await run([{ call: '@demo_group', users: EVERY_OUTCOME }]);
		assertEveryOutcome(harness);
		const alice = asInvited(harness.result(0, 0));
		assert.deepEqual(alice, { output: 'invited', status: 'invited', userId: '101', username: 'alice', callId: '3001' });
		const bot = asFailed(harness.result(0, 1));
		assert.equal(bot.userId, '104');
		assert.equal(bot.callId, '3001');
		assert.equal(bot.httpCode, 403);
		assert.match(bot.message, /bots/);
		assert.equal(harness.report.failure, undefined);
		assert.equal(harness.gateway.inviteCount('3001', '101'), 1);
	});

	for (const mode of ['atomic', 'partial', 'lenient'] as const) {
		it(`keeps per-user results exact with batch size 10 in ${mode} mode, inviting nobody twice`, async () => {
			const harness = await run([{ call: '@demo_group', users: EVERY_OUTCOME }], { batchSize: 10 }, { mode });
			const codes = Array.from({ length: 12 }, (_, index) => harness.result(0, index));
			for (const userId of ['101', '102']) assert.equal(harness.gateway.inviteCount('3001', userId), 1, userId);
			for (const userId of ['104', '105', '106', '107', '108']) assert.equal(harness.gateway.inviteCount('3001', userId), 0, userId);
			expectModeSpecificOutcome(mode, codes, harness);
		});
	}

	it('counts "already invited" as success when asked to, on Invited with status already_invited', async () => {
		const harness = await run([{ call: '@demo_group', users: '@already' }], { alreadyInvitedCountsAsSuccess: true });
		assert.deepEqual(asInvited(harness.result(0, 0)), {
			output: 'invited',
			status: 'already_invited',
			userId: '107',
			username: 'already',
			callId: '3001',
		});
	});

	it('resolves phone numbers and numeric ids of members', async () => {
		const harness = await run([{ call: '@demo_group', users: ['+15550001001', '103'] }]);
		assert.equal(asInvited(harness.result(0, 0)).userId, '101');
		assert.equal(asInvited(harness.result(0, 1)).username, 'carol');
	});
});

function expectModeSpecificOutcome(mode: BatchMode, results: UserResult[], harness: Harness): void {
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
	} else {
		// Lenient: a success that leaves users out; alone, they are left out again without a reason.
		for (const index of [1, 2, 3, 4, 5, 6]) assert.equal(asFailed(results[index]).code, 'NOT_INVITED_BY_TELEGRAM');
	}
}

describe('runInvites: batches', () => {
	it('sends batches of the configured size and a pause between requests', async () => {
		const harness = await run([{ call: '@demo_group', users: '@alice @bobby @carol' }], { batchSize: 2, pauseMs: 250 });
		assert.deepEqual(harness.gateway.inviteRequests, [['101', '102'], ['103']]);
		assert.deepEqual(harness.sleeps, [250]);
	});

	it('reports users a partially applied batch invited as possibly invited by this run', async () => {
		const harness = await run([{ call: '@demo_group', users: '@helper_bot @alice' }], { batchSize: 2 }, { mode: 'partial' });
		assert.equal(asFailed(harness.result(0, 0)).code, 'CHAT_TYPE_INVALID');
		const alice = asFailed(harness.result(0, 1));
		assert.equal(alice.code, 'USER_ALREADY_INVITED');
		assert.equal(alice.maybeInvitedByThisRun, true);
		assert.match(alice.message, /may be from this run/);
		assert.equal(harness.gateway.inviteCount('3001', '101'), 1);
	});

	it('falls back to one user per request after USERS_TOO_MUCH', async () => {
		const harness = await run(
			[{ call: '@demo_group', users: '@alice @bobby @carol' }],
			{ batchSize: 3 },
			{ maxUsersPerInvite: 2 },
		);
		for (const index of [0, 1, 2]) assert.equal(asInvited(harness.result(0, index)).status, 'invited');
		assert.deepEqual(harness.gateway.inviteRequests, [['101', '102', '103'], ['101'], ['102'], ['103']]);
	});
});

describe('runInvites: calls', () => {
	it('resolves each distinct call once and merges references to the same call', async () => {
		const harness = await run([
			{ call: '@demo_group', users: '@alice' },
			{ call: 'https://t.me/demo_group?videochat', users: '@bobby' },
			{ call: '3001:9001', users: '@carol @alice' },
		]);
		assert.deepEqual(
			harness.gateway.lookups.filter((lookup) => lookup.startsWith('call:')),
			['call:username:demo_group', 'call:call:3001'],
		);
		assert.equal(asInvited(harness.result(0, 0)).status, 'invited');
		assert.equal(asInvited(harness.result(1, 0)).status, 'invited');
		assert.equal(asInvited(harness.result(2, 0)).status, 'invited');
		const duplicate = asFailed(harness.result(2, 1));
		assert.equal(duplicate.code, 'DUPLICATE_IN_INPUT');
		assert.match(duplicate.message, /"@alice" in item 0/);
		assert.equal(harness.gateway.inviteCount('3001', '101'), 1);
	});

	it('invites the same user to two different calls', async () => {
		const harness = await run([
			{ call: '@demo_group', users: '@alice' },
			{ call: '@other_group', users: '@alice' },
		]);
		assert.equal(asInvited(harness.result(0, 0)).callId, '3001');
		assert.equal(asInvited(harness.result(1, 0)).callId, '3002');
	});

	it('fails every user of a call with a per-call error, without per-user retries', async () => {
		const calls = world().calls.map((call) =>
			call.callId === '3001' ? { ...call, inviteError: { code: 'GROUPCALL_FORBIDDEN', httpCode: 403 } } : call,
		);
		const harness = await run(
			[
				{ call: '@demo_group', users: '@alice @bobby @carol @nobody_here' },
				{ call: '@other_group', users: '@other_member' },
			],
			{ batchSize: 1 },
			{ calls },
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
		assert.deepEqual(harness.gateway.inviteRequests, [['101'], ['110']]);
		assert.equal(asInvited(harness.result(1, 0)).status, 'invited');
	});

	it('fails users of an unknown or invalid call reference, and of a chat without a call', async () => {
		const harness = await run([
			{ call: 'not a chat!', users: '@alice' },
			{ call: '@quiet_group', users: '@bobby' },
			{ call: '3001:1', users: '@carol' },
		]);
		const invalid = asFailed(harness.result(0, 0));
		assert.equal(invalid.code, 'INVALID_CALL_REFERENCE');
		assert.match(invalid.message, /Here: /);
		assert.equal(asFailed(harness.result(1, 0)).code, 'NO_ACTIVE_CALL');
		assert.equal(asFailed(harness.result(2, 0)).code, 'GROUPCALL_INVALID');
		assert.equal(harness.gateway.inviteRequests.length, 0);
	});
});

describe('runInvites: limits', () => {
	it('waits out a short FLOOD_WAIT, says so in the log, and retries the same request', async () => {
		const harness = await run([{ call: '@demo_group', users: '@alice @bobby' }], { batchSize: 2 }, {
			scripted: [{ invite: 1, error: telegramError('FLOOD_WAIT', 420, 3) }],
		});
		assert.deepEqual(harness.sleeps, [3000]);
		assert.deepEqual(harness.gateway.inviteRequests, [['101', '102'], ['101', '102']]);
		assert.equal(asInvited(harness.result(0, 1)).status, 'invited');
		assert.ok(harness.logs.some((line) => /wait 3 s/.test(line)));
	});

	it('fails that user and the rest of the call with retryAfter when FLOOD_WAIT exceeds the maximum', async () => {
		const harness = await run(
			[
				{ call: '@demo_group', users: '@alice @bobby @carol' },
				{ call: '@other_group', users: '@other_member' },
			],
			{ maxFloodWaitSeconds: 10 },
			{ scripted: [{ invite: 2, error: telegramError('FLOOD_WAIT', 420, 3600) }] },
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
	});

	it('stops inviting on PEER_FLOOD: that user and every remaining one fail with it', async () => {
		const harness = await run(
			[
				{ call: '@demo_group', users: '@alice @bobby @carol' },
				{ call: '@other_group', users: '@other_member' },
			],
			{},
			{ peerFloodAfterInvites: 1 },
		);
		assert.equal(asInvited(harness.result(0, 0)).status, 'invited');
		for (const [item, token] of [[0, 1], [0, 2], [1, 0]]) {
			assert.equal(asFailed(harness.result(item, token)).code, 'PEER_FLOOD');
		}
		assert.equal(harness.gateway.inviteRequests.length, 2, 'no request after PEER_FLOOD');
	});

	it('stops the run on an account-level error, keeping what was decided and leaving the rest undecided', async () => {
		const harness = await run([{ call: '@demo_group', users: '@alice @bobby @carol' }], {}, {
			scripted: [{ invite: 2, error: telegramError('AUTH_KEY_UNREGISTERED', 401) }],
		});
		assert.equal(harness.report.failure?.code, 'AUTH_KEY_UNREGISTERED');
		assert.equal(asInvited(harness.result(0, 0)).status, 'invited');
		assert.equal(harness.report.results.size, 1);
	});

	it('retries a server hiccup, then reports it per user', async () => {
		const internal = telegramError('INTERNAL', 500);
		const harness = await run([{ call: '@demo_group', users: '@alice @bobby' }], {}, {
			scripted: [
				{ invite: 1, error: internal },
				{ invite: 3, error: internal },
				{ invite: 4, error: internal },
				{ invite: 5, error: internal },
			],
		});
		assert.equal(asInvited(harness.result(0, 0)).status, 'invited');
		assert.equal(asFailed(harness.result(0, 1)).code, 'INTERNAL');
	});

	it('rejects with CancelledError when the execution is cancelled during a wait', async () => {
		await assert.rejects(
			run([{ call: '@demo_group', users: '@alice @bobby' }], { pauseMs: 1000 }, {}, async () => {
				throw new CancelledError();
			}),
			CancelledError,
		);
	});
});

describe('runInvites: options', () => {
	it('dry run resolves and checks everything but invites nobody', async () => {
		const harness = await run([{ call: '@demo_group', users: '@alice @in_call @nobody_here' }], {
			dryRun: true,
			skipUsersAlreadyInCall: true,
		});
		assert.equal(asInvited(harness.result(0, 0)).status, 'would_invite');
		assert.equal(asInvited(harness.result(0, 1)).status, 'already_in_call');
		assert.equal(asFailed(harness.result(0, 2)).code, 'USERNAME_NOT_OCCUPIED');
		assert.equal(harness.gateway.inviteRequests.length, 0);
	});

	it('skips users already in the call', async () => {
		const harness = await run([{ call: '@demo_group', users: '@in_call @alice' }], { skipUsersAlreadyInCall: true });
		assert.deepEqual(asInvited(harness.result(0, 0)), {
			output: 'invited',
			status: 'already_in_call',
			userId: '108',
			username: 'in_call',
			callId: '3001',
		});
		assert.deepEqual(harness.gateway.inviteRequests, [['101']]);
	});
});

describe('runInvites: a dropped connection', () => {
	it('reports a user whose invite was applied before the drop as possibly invited by this run, invited once', async () => {
		const harness = await run([{ call: '@demo_group', users: '@alice' }], {}, { dropAfterApplying: [1] });
		const alice = asFailed(harness.result(0, 0));
		assert.equal(alice.code, 'USER_ALREADY_INVITED');
		assert.equal(alice.maybeInvitedByThisRun, true);
		assert.equal(harness.gateway.inviteCount('3001', '101'), 1);
	});
});

describe('runInvites: invariant on random worlds and inputs', () => {
	it('decides every token exactly once and never invites anyone twice', async () => {
		const random = seededRandom(20260101);
		const modes: BatchMode[] = ['atomic', 'partial', 'lenient'];
		const pool = ['@alice', '@bobby', '@carol', '@helper_bot', '@gone_user', '@shy_one', '@already', '@in_call', '@outsider',
			'@nobody_here', '101', '102', '999', '+15550001001', '@ops_owner', 'bad!', '@other_member'];
		const calls = ['@demo_group', '@other_group', '3001:9001', '@quiet_group', 'nonsense!'];
		for (let round = 0; round < 60; round++) {
			const items = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
				call: pick(random, calls),
				users: Array.from({ length: Math.floor(random() * 8) }, () => pick(random, pool)),
			}));
			const options: Partial<InviteOptions> = {
				batchSize: 1 + Math.floor(random() * 10),
				alreadyInvitedCountsAsSuccess: random() < 0.5,
				skipUsersAlreadyInCall: random() < 0.5,
			};
			const harness = await run(items, options, {
				mode: pick(random, modes),
				peerFloodAfterInvites: random() < 0.2 ? Math.floor(random() * 4) : undefined,
			});
			const expectedKeys = items.flatMap((item, itemIndex) =>
				item.users.flatMap((users) => users.split(/[\s,;]+/).filter(Boolean)).map((_, tokenIndex) => resultKey(itemIndex, tokenIndex)),
			);
			assert.deepEqual([...harness.report.results.keys()].sort(), [...expectedKeys].sort(), `round ${round}`);
			for (const counts of harness.gateway.applied.values()) {
				for (const [userId, count] of counts) assert.equal(count, 1, `round ${round}: user ${userId} invited ${count} times`);
			}
			for (const result of harness.report.results.values()) {
				if (result.output === 'invited' && result.status === 'invited') {
					assert.equal(harness.gateway.inviteCount(result.callId, result.userId), 1, `round ${round}: reported but not invited`);
				}
			}
		}
	});
});

function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

function pick<T>(random: () => number, values: readonly T[]): T {
	return values[Math.floor(random() * values.length)];
}
