/**
 * The invite algorithm against the real sandbox, in n8n's real engine (test/harness loads dist/: build first).
 * Every batch mode the sandbox models × batch size 1 and 10 on one mixed input; PEER_FLOOD; an unreachable
 * server; and the invariants of docs/decisions/0002-batch-attribution.md on random worlds and inputs.
 * Assertions are on the sandbox's ground truth (world state, request log) as well as on the node's outputs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { defaultWorld, startSandbox, type Sandbox } from '../../../sandbox';
import type { BatchMode, WorldFile } from '../../../sandbox/world/worldFile';
import { assertNobodyInvitedTwice } from './support/inviteLedger';
import { randomSeeds, regressionSeeds, replayHint } from './support/randomSeeds';
import { randomCase, type RandomCase } from './support/randomWorld';
import { callIdOf, INVITE_METHOD, invitedIdsOf } from './support/requestLog';
import { assertOutputRows, closeCompiledPool, closedPort, pairedIndex, rows, runInvite, withSandbox } from './support/sandboxRuns';

const DEMO_CALL = '3001';

// ---------------------------------------------------------------------------------------------------------
// The matrix: batch mode × batch size on one input that holds every per-user outcome.
// ---------------------------------------------------------------------------------------------------------

/**
 * What each token is, in the default world, for Demo's call (3001):
 * - valid: a member nobody invited yet (Telegram invites them);
 * - pre: already invited, or already in the call, before the run (USER_ALREADY_INVITED);
 * - refused: Telegram refuses this user with `code`;
 * - node: decided by the node before any invite, with `code`.
 */
type TokenKind = { kind: 'valid' } | { kind: 'pre' } | { kind: 'refused'; code: string } | { kind: 'node'; code: string };

interface MatrixToken {
	item: number;
	text: string;
	/** The user the token names, when it names one the sandbox knows. */
	userId: string | null;
	is: TokenKind;
}

const valid: TokenKind = { kind: 'valid' };
const pre: TokenKind = { kind: 'pre' };
const refused = (code: string): TokenKind => ({ kind: 'refused', code });
const node = (code: string): TokenKind => ({ kind: 'node', code });

/**
 * Item 0 is text, item 1 an array, item 2 text with other separators. With batch size 10 the node sends
 * [alice, frank, bot, deleted, ivan, judy, bob, dave, erin, kim] and then [carol, leo, grace, mia]:
 * both batches hold valid users and at least one user Telegram refuses.
 */
const MATRIX_TOKENS: MatrixToken[] = [
	{ item: 0, text: '@alice', userId: '1001', is: valid },
	{ item: 0, text: '@frank_invited', userId: '1006', is: pre },
	{ item: 0, text: '@demo_helper_bot', userId: '1008', is: refused('CHAT_TYPE_INVALID') },
	{ item: 0, text: '1009', userId: '1009', is: refused('INPUT_USER_DEACTIVATED') },
	{ item: 0, text: '@ivan_outsider', userId: '1010', is: refused('USER_NOT_PARTICIPANT') },
	{ item: 0, text: '@judy_private', userId: '1011', is: refused('USER_PRIVACY_RESTRICTED') },
	{ item: 0, text: '@bob_brown', userId: '1002', is: valid },
	{ item: 1, text: '+15550001004', userId: '1004', is: valid },
	{ item: 1, text: '1005', userId: '1005', is: valid },
	{ item: 1, text: '@nope_nobody', userId: null, is: node('USERNAME_NOT_OCCUPIED') },
	{ item: 1, text: '@ALICE', userId: '1001', is: node('DUPLICATE_IN_INPUT') },
	{ item: 1, text: 'bad!', userId: null, is: node('INVALID_USER_REFERENCE') },
	{ item: 1, text: 'https://t.me/kim_kato', userId: '1012', is: valid },
	{ item: 1, text: '1001', userId: '1001', is: node('DUPLICATE_IN_INPUT') },
	{ item: 1, text: '@carol_chen', userId: '1003', is: valid },
	{ item: 1, text: '@ops_owner', userId: '1000', is: node('CANNOT_INVITE_SELF') },
	{ item: 1, text: '@demo_group', userId: null, is: node('NOT_A_USER') },
	{ item: 1, text: '+15559999999', userId: null, is: node('PHONE_NOT_OCCUPIED') },
	{ item: 1, text: '4242', userId: null, is: node('USER_NOT_RESOLVED') },
	{ item: 2, text: '@leo_lopez', userId: '1013', is: valid },
	{ item: 2, text: '@grace_in_call', userId: '1007', is: pre },
	{ item: 2, text: '@mia_moreau', userId: '1014', is: valid },
	{ item: 2, text: '@LEO_LOPEZ', userId: '1013', is: node('DUPLICATE_IN_INPUT') },
];

const MATRIX_ITEMS = [
	{ call: '@demo_group', users: MATRIX_TOKENS.filter((token) => token.item === 0).map((token) => token.text).join(' ') },
	{ call: '@demo_group', users: MATRIX_TOKENS.filter((token) => token.item === 1).map((token) => token.text) },
	{ call: 'https://t.me/demo_group?videochat', users: MATRIX_TOKENS.filter((token) => token.item === 2).map((token) => token.text).join(',\n ;') },
];

const VALID_IDS = MATRIX_TOKENS.filter((token) => token.is.kind === 'valid').map((token) => token.userId as string);
/** Users that reach an invite request: valid, pre and refused ones, each once. */
const SENT_COUNT = MATRIX_TOKENS.filter((token) => token.is.kind !== 'node').length;

interface Scenario {
	mode: BatchMode;
	batchSize: number;
	alreadyInvitedCountsAsSuccess?: boolean;
}

/** Where a token must end: "item:user:status-or-code[:maybe]" on Invited or on Failed. */
function expectedRow(token: MatrixToken, scenario: Scenario): { output: 'invited' | 'failed'; row: string } {
	const at = `${token.item}:${token.text}:`;
	const is = token.is;
	if (is.kind === 'node') return { output: 'failed', row: at + is.code };
	// partial + batches: every batch of this input is rejected after its valid users were applied, so the
	// one-by-one resend invites nobody, and every "already invited" answer may be this run's (decision 0002).
	const ambiguous = scenario.mode === 'partial' && scenario.batchSize > 1;
	if (is.kind === 'valid' && !ambiguous) return { output: 'invited', row: at + 'invited' };
	if (is.kind === 'valid' || is.kind === 'pre') {
		// lenient: Telegram says nothing about a left-out user (decision 0002: NOT_INVITED_BY_TELEGRAM).
		if (scenario.mode === 'lenient') return { output: 'failed', row: at + 'NOT_INVITED_BY_TELEGRAM' };
		if (scenario.alreadyInvitedCountsAsSuccess) return { output: 'invited', row: at + 'already_invited' };
		return { output: 'failed', row: at + 'USER_ALREADY_INVITED' + (ambiguous ? ':maybe' : '') };
	}
	if (scenario.mode === 'lenient') return { output: 'failed', row: at + 'NOT_INVITED_BY_TELEGRAM' };
	return { output: 'failed', row: at + is.code };
}

/** Invite requests the node must send: one per user with batch size 1; two batches plus resends otherwise. */
function expectedInviteRequests(scenario: Scenario): number {
	if (scenario.batchSize === 1) return SENT_COUNT;
	// Both batches fail (atomic, partial) or leave users out (lenient); then one request per user concerned.
	if (scenario.mode === 'lenient') return 2 + MATRIX_TOKENS.filter((token) => token.is.kind === 'pre' || token.is.kind === 'refused').length;
	return 2 + SENT_COUNT;
}

function worldWithBatchMode(mode: BatchMode): WorldFile {
	const world = defaultWorld();
	world.behaviour.batch = mode;
	return world;
}

describe('every batch mode × batch size, one mixed input, against the sandbox', () => {
	const scenarios: Scenario[] = [];
	for (const mode of ['atomic', 'partial', 'lenient'] as const) for (const batchSize of [1, 10]) scenarios.push({ mode, batchSize });
	scenarios.push({ mode: 'partial', batchSize: 10, alreadyInvitedCountsAsSuccess: true });

	for (const scenario of scenarios) {
		const name = `${scenario.mode}, batch size ${scenario.batchSize}${scenario.alreadyInvitedCountsAsSuccess ? ', already invited counts as success' : ''}`;
		it(`${name}: each token exactly once with the right code and item; Telegram invited exactly the reported users`, async () => {
			// The world file sets the mode for batch size 1; for batches it is switched while the sandbox runs.
			const fromFile = scenario.batchSize === 1;
			await withSandbox(fromFile ? worldWithBatchMode(scenario.mode) : undefined, async (sandbox) => {
				if (!fromFile) sandbox.setBehaviour({ batch: scenario.mode });
				assert.equal(sandbox.world.behaviour.batch, scenario.mode);

				const run = await runInvite(sandbox, {
					items: MATRIX_ITEMS,
					options: { batchSize: scenario.batchSize, alreadyInvitedCountsAsSuccess: scenario.alreadyInvitedCountsAsSuccess ?? false },
				});
				assert.equal(run.status, 'success', JSON.stringify(run.error));
				assert.equal(run.outputs.length, 2);

				// Outputs: each token once, in input order, on the right output, with its code and item.
				const expected = MATRIX_TOKENS.map((token) => expectedRow(token, scenario));
				assert.deepEqual(rows(run.outputs[0]), expected.filter((entry) => entry.output === 'invited').map((entry) => entry.row));
				assert.deepEqual(rows(run.outputs[1]), expected.filter((entry) => entry.output === 'failed').map((entry) => entry.row));
				for (const item of [...run.outputs[0], ...run.outputs[1]]) {
					const token = MATRIX_TOKENS.find((candidate) => candidate.item === pairedIndex(item) && candidate.text === item.json.user);
					assert.ok(token, `an output item for no token: ${JSON.stringify(item.json)}`);
					// Resolved users carry their id as a decimal string; node-decided failures before resolving carry null.
					if (item.json.userId !== null) assert.equal(item.json.userId, token.userId);
					if (item.json.callId !== null) assert.equal(item.json.callId, DEMO_CALL);
				}
				for (const item of run.outputs[1]) assert.equal(typeof item.json.message, 'string');

				// Ground truth: Telegram invited every valid user, exactly once, and nobody else.
				assert.deepEqual([...sandbox.world.invitedUsers(DEMO_CALL)].sort(), [...VALID_IDS].sort());
				for (const userId of VALID_IDS) assert.equal(sandbox.world.inviteCount(DEMO_CALL, userId), 1, `user ${userId}`);
				assertNobodyInvitedTwice(sandbox.world);

				// What the node reports as invited by this run is exactly what Telegram applied; in partial mode with
				// batches the applied users are those flagged "may be from this run" (decision 0002).
				const reportedInvited = run.outputs[0].filter((item) => item.json.status === 'invited').map((item) => String(item.json.userId));
				const ambiguous = scenario.mode === 'partial' && scenario.batchSize > 1;
				if (!ambiguous) {
					assert.deepEqual(reportedInvited.sort(), [...VALID_IDS].sort());
				} else {
					assert.deepEqual(reportedInvited, [], 'no resend invited anyone: the batches were applied');
					const flagged = [...run.outputs[0], ...run.outputs[1]].filter((item) => typeof item.json.message === 'string' && /may be from this run/.test(String(item.json.message)));
					const flaggedIds = flagged.map((item) => String(item.json.userId));
					// Every user Telegram applied is among them; the others were invited before the run (genuinely).
					for (const userId of VALID_IDS) assert.ok(flaggedIds.includes(userId), `applied user ${userId} is not flagged`);
					assert.deepEqual(flaggedIds.filter((id) => !VALID_IDS.includes(id)).sort(), ['1006', '1007']);
					if (!scenario.alreadyInvitedCountsAsSuccess) for (const item of flagged) assert.equal(item.json.maybeInvitedByThisRun, true);
				}

				// The request log: how many invites were sent, each within the batch size and about Demo's call.
				const invites = sandbox.requests(INVITE_METHOD);
				assert.equal(invites.length, expectedInviteRequests(scenario));
				for (const entry of invites) {
					const ids = invitedIdsOf(entry);
					assert.ok(ids.length >= 1 && ids.length <= scenario.batchSize, `request ${entry.seq} carried ${ids.length} users`);
					assert.equal(new Set(ids).size, ids.length, 'a user twice in one request');
					assert.equal(callIdOf(entry), DEMO_CALL);
					assert.ok(!ids.includes('1000'), 'the account itself is never sent');
				}
				if (scenario.batchSize > 1) {
					// Batches go out in input order; a batch's resends come before the next batch.
					assert.deepEqual(
						invites.map((entry) => invitedIdsOf(entry).length).filter((size) => size > 1),
						[10, 4],
						'the input forms two batches',
					);
				}
				// Users the node decided itself were never sent to Telegram.
				const sentIds = new Set(invites.flatMap(invitedIdsOf));
				for (const token of MATRIX_TOKENS) {
					if (token.is.kind !== 'node' && token.userId !== null) assert.ok(sentIds.has(token.userId), `${token.text} was never sent`);
				}
				assert.equal(sentIds.size, SENT_COUNT);
			});
		});
	}
});

// ---------------------------------------------------------------------------------------------------------
// PEER_FLOOD: the account is limited after k invites.
// ---------------------------------------------------------------------------------------------------------

describe('PEER_FLOOD after k invites', () => {
	for (const batchSize of [1, 2]) {
		it(`with batch size ${batchSize}: the user that hits it and every later user fail with PEER_FLOOD; Telegram invited only the first k`, async () => {
			await withSandbox(undefined, async (sandbox) => {
				const k = 2;
				sandbox.setBehaviour({ peerFloodAfterInvites: k });
				const run = await runInvite(sandbox, {
					items: [
						{ call: '@demo_group', users: '@alice @bob_brown @carol_chen @demo_helper_bot' },
						{ call: '@demo_group', users: ['@kim_kato', 'bad!', '@leo_lopez'] },
						{ call: '-2002', users: '@alice' },
					],
					options: { batchSize },
				});
				// Every user after the first k fails with PEER_FLOOD, even bad! and another call's user: nothing more is decided.
				const afterFlood = ['0:@carol_chen', '0:@demo_helper_bot', '1:@kim_kato', '1:bad!', '1:@leo_lopez', '2:@alice'];
				assertOutputRows(run, ['0:@alice:invited', '0:@bob_brown:invited'], afterFlood.map((row) => `${row}:PEER_FLOOD`));
				assert.match(String(run.outputs[1][0].json.message), /stopped inviting/);

				// Ground truth: only the first k were invited, and the node stopped asking after the PEER_FLOOD answer.
				assert.deepEqual(sandbox.world.invitedUsers(DEMO_CALL), ['1001', '1002']);
				assert.deepEqual(sandbox.world.invitedUsers('3002'), []);
				assert.equal(sandbox.world.inviteLog().length, k);
				const invites = sandbox.requests(INVITE_METHOD);
				assert.deepEqual(
					invites.map((entry) => entry.error?.message ?? 'ok'),
					batchSize === 1 ? ['ok', 'ok', 'PEER_FLOOD'] : ['ok', 'PEER_FLOOD'],
				);
				const flood = invites[invites.length - 1];
				const later = sandbox.requests().filter((entry) => entry.seq > flood.seq);
				assert.deepEqual(later.map((entry) => entry.method), [], 'nothing is asked after PEER_FLOOD');
			});
		});
	}
});

// ---------------------------------------------------------------------------------------------------------
// An unreachable server.
// ---------------------------------------------------------------------------------------------------------

describe('an unreachable server', () => {
	const TIMEOUT_SECONDS = 5;

	async function unreachableCredentials(): Promise<ICredentialDataDecryptedObject> {
		const world = defaultWorld();
		const port = await closedPort();
		// Same shape as a sandbox credential, but nothing listens at the port; the session is the sandbox's format.
		const sandbox = await startSandbox({ port: 0 });
		try {
			return { ...sandbox.credentials(), apiId: world.apiId, apiHash: world.apiHash, server: `127.0.0.1:${port}`, timeout: TIMEOUT_SECONDS };
		} finally {
			await sandbox.stop();
		}
	}

	it('stops the node with a NodeOperationError naming the problem and the address, well within the timeout', { timeout: 30_000 }, async () => {
		const credentials = await unreachableCredentials();
		try {
			const started = Date.now();
			const run = await runInvite(undefined, { items: [{ call: '@demo_group', users: '@alice' }] }, credentials);
			const elapsed = Date.now() - started;
			assert.equal(run.status, 'error');
			assert.equal(run.error?.name, 'NodeOperationError');
			assert.match(run.error?.message ?? '', /Could not connect to the Telegram server/);
			assert.match(String(run.error?.description), new RegExp(`could not reach ${String(credentials.server).replace(/\./g, '\\.')}`));
			assert.ok(elapsed < TIMEOUT_SECONDS * 1000, `took ${elapsed} ms`);
			const serialized = JSON.stringify(run.run);
			assert.ok(!serialized.includes(String(credentials.session)), 'the session leaked');
			assert.ok(!serialized.includes(String(credentials.apiHash)), 'the API hash leaked');
		} finally {
			await closeCompiledPool();
		}
	});

	for (const onError of ['continueRegularOutput', 'continueErrorOutput'] as const) {
		it(`with "${onError}": one error item per input item, listing that item's users, and nothing on Invited`, { timeout: 30_000 }, async () => {
			const credentials = await unreachableCredentials();
			try {
				const run = await runInvite(
					undefined,
					{
						items: [
							{ call: '@demo_group', users: '@alice @bob_brown' },
							{ call: '@demo_group', users: ['@carol_chen'] },
							{ call: '-2002', users: '+15550001004' },
						],
						onError,
					},
					credentials,
				);
				assert.equal(run.status, 'success');
				const errorOutput = onError === 'continueErrorOutput' ? 2 : 1;
				assert.equal(run.outputs.length, onError === 'continueErrorOutput' ? 3 : 2);
				assert.deepEqual(run.outputs[0], []);
				if (onError === 'continueErrorOutput') assert.deepEqual(run.outputs[1], []);
				const errors = run.outputs[errorOutput];
				assert.deepEqual(
					errors.map((item: INodeExecutionData) => [pairedIndex(item), (item.json.details as IDataObject).code, (item.json.details as IDataObject).users]),
					[
						[0, 'SERVER_UNREACHABLE', ['@alice', '@bob_brown']],
						[1, 'SERVER_UNREACHABLE', ['@carol_chen']],
						[2, 'SERVER_UNREACHABLE', ['+15550001004']],
					],
				);
				for (const item of errors) assert.match(String(item.json.error), /Could not connect to the Telegram server/);
			} finally {
				await closeCompiledPool();
			}
		});
	}

	it('a sandbox that stops listening: the run fails within the timeout and invites nobody; once it is back, the next run invites once', { timeout: 40_000 }, async () => {
		await withSandbox(undefined, async (sandbox) => {
			const credentials = { timeout: TIMEOUT_SECONDS };
			// A pooled connection exists first, then the server goes away (an outage, not a typo in the port).
			const warm = await runInvite(sandbox, { items: [{ call: '@demo_group', users: '@alice' }], options: { dryRun: true }, credentials });
			assert.equal(warm.outputs[0][0]?.json.status, 'would_invite');
			await sandbox.stopListening();
			const before = sandbox.requests().length;

			const started = Date.now();
			const down = await runInvite(sandbox, { items: [{ call: '@demo_group', users: '@alice' }], credentials });
			const elapsed = Date.now() - started;
			assert.equal(down.status, 'error');
			assert.equal(down.error?.name, 'NodeOperationError');
			assert.match(down.error?.message ?? '', /Could not connect|did not answer in time/);
			// The pending request's deadline is the credential's timeout.
			assert.ok(elapsed < TIMEOUT_SECONDS * 1000 + 2000, `took ${elapsed} ms`);
			assert.equal(sandbox.requests().length, before, 'nothing reached the sandbox while it was down');
			assert.deepEqual(sandbox.world.invitedUsers(DEMO_CALL), []);

			await sandbox.startListening();
			const up = await runInvite(sandbox, { items: [{ call: '@demo_group', users: '@alice' }], credentials });
			assert.deepEqual(rows(up.outputs[0]), ['0:@alice:invited']);
			assert.deepEqual(sandbox.world.invitedUsers(DEMO_CALL), ['1001']);
			assert.equal(sandbox.world.inviteCount(DEMO_CALL, '1001'), 1);
		});
	});
});

// ---------------------------------------------------------------------------------------------------------
// The invariants on random worlds and inputs (seeded; the seed is in the test name and in every failure).
// ---------------------------------------------------------------------------------------------------------

/** Codes whose meaning the sandbox's final world can confirm for (call, user). */
function checkCodeAgainstWorld(sandbox: Sandbox, code: string, callId: string, userId: string): void {
	const call = sandbox.world.call(callId);
	const user = sandbox.world.user(userId);
	if (call === undefined || user === undefined) return;
	switch (code) {
		case 'CHAT_TYPE_INVALID':
			assert.ok(user.bot, `${userId} failed with ${code} but is no bot`);
			break;
		case 'INPUT_USER_DEACTIVATED':
			assert.ok(user.deleted, `${userId} failed with ${code} but is not deleted`);
			break;
		case 'USER_NOT_PARTICIPANT':
			assert.ok(!sandbox.world.isMember(call.chat.id, userId), `${userId} failed with ${code} but is a member`);
			break;
		case 'USER_PRIVACY_RESTRICTED':
			assert.ok(user.inviteRestricted, `${userId} failed with ${code} but is not restricted`);
			break;
		case 'USER_ALREADY_INVITED':
			assert.ok(call.hasInvited(userId) || call.isParticipant(userId), `${userId} failed with ${code} but is neither invited nor in the call`);
			break;
	}
}

/** The shared random world and items (support/randomWorld.ts) with this suite's options: no waits, no faults. */
interface EngineCase extends Omit<RandomCase, 'random'> {
	options: IDataObject & { batchSize: number };
}

function engineCase(seed: number): EngineCase {
	const { random, ...shared } = randomCase(seed);
	const options = { batchSize: random.int(1, 10), alreadyInvitedCountsAsSuccess: random.chance(0.3), skipUsersAlreadyInCall: random.chance(0.3) };
	return { ...shared, options };
}

function assertRandomInvariants(sandbox: Sandbox, testCase: EngineCase, run: Awaited<ReturnType<typeof runInvite>>, batchLimit: number): void {
	assert.equal(run.status, 'success', `the run failed: ${JSON.stringify(run.error)}`);
	assert.equal(run.outputs.length, 2);
	const [invitedItems, failedItems] = run.outputs;

	// Every token of every item exactly once, in one output, paired to its item, in input order.
	for (const [outputIndex, items] of run.outputs.entries()) {
		let previous = -1;
		for (const item of items) {
			const index = pairedIndex(item);
			assert.ok(index >= previous, `output ${outputIndex} is not in input order`);
			previous = index;
			assert.ok(index >= 0 && index < testCase.items.length, `paired to item ${index}, which does not exist`);
			assert.equal(item.json.error, undefined, `an error item: ${JSON.stringify(item.json)}`);
		}
	}
	for (const [itemIndex, itemTokens] of testCase.tokens.entries()) {
		const echoed = (items: INodeExecutionData[]): string[] => items.filter((item) => pairedIndex(item) === itemIndex).map((item) => String(item.json.user));
		const fromInvited = echoed(invitedItems);
		const fromFailed = echoed(failedItems);
		if (itemTokens.length === 0) {
			// An item without users is not lost: it gets one NO_USERS result.
			const codes = failedItems.filter((item) => pairedIndex(item) === itemIndex).map((item) => item.json.code);
			assert.deepEqual([fromInvited, codes], [[], ['NO_USERS']], `item ${itemIndex} has no users`);
			continue;
		}
		assert.deepEqual([...fromInvited, ...fromFailed].sort(), [...itemTokens].sort(), `item ${itemIndex}: tokens and results differ`);
		for (const fromOutput of [fromInvited, fromFailed]) {
			// Each output lists an item's tokens in their input order: a subsequence of the tokens.
			let cursor = 0;
			for (const user of fromOutput) {
				while (cursor < itemTokens.length && itemTokens[cursor] !== user) cursor++;
				assert.ok(cursor < itemTokens.length, `item ${itemIndex}: ${user} out of order`);
				cursor++;
			}
		}
	}
	for (const item of invitedItems) {
		assert.ok(['invited', 'already_invited', 'already_in_call'].includes(String(item.json.status)), JSON.stringify(item.json));
		assert.equal(typeof item.json.userId, 'string');
	}
	for (const item of failedItems) {
		assert.equal(typeof item.json.code, 'string', JSON.stringify(item.json));
		assert.equal(typeof item.json.message, 'string');
		if (typeof item.json.userId === 'string' && typeof item.json.callId === 'string') {
			checkCodeAgainstWorld(sandbox, String(item.json.code), item.json.callId, item.json.userId);
		}
	}

	// Ground truth: nobody invited twice; whoever is reported invited really is; whoever Telegram invited is
	// reported invited, or (a partially applied batch, decision 0002) flagged as maybe invited by this run.
	assertNobodyInvitedTwice(sandbox.world);
	const applied = new Set(sandbox.world.inviteLog().map((record) => `${record.callId}:${record.userId}`));
	const reportedInvited = invitedItems.filter((item) => item.json.status === 'invited').map((item) => `${String(item.json.callId)}:${String(item.json.userId)}`);
	assert.equal(new Set(reportedInvited).size, reportedInvited.length, 'one user reported invited twice');
	for (const key of reportedInvited) assert.ok(applied.has(key), `${key} reported invited, but the sandbox did not invite them`);
	const flagged = new Set(
		[...invitedItems, ...failedItems]
			.filter((item) => item.json.maybeInvitedByThisRun === true || /may be from this run/.test(String(item.json.message ?? '')))
			.map((item) => `${String(item.json.callId)}:${String(item.json.userId)}`),
	);
	for (const key of applied) {
		assert.ok(reportedInvited.includes(key) || flagged.has(key), `the sandbox invited ${key}, but the node did not report it`);
	}
	if (sandbox.world.behaviour.batch !== 'partial') {
		assert.deepEqual([...reportedInvited].sort(), [...applied].sort(), 'reported invited and really invited differ');
	}
	for (const item of invitedItems.filter((candidate) => candidate.json.status === 'already_in_call')) {
		const call = sandbox.world.call(String(item.json.callId));
		assert.ok(call?.isParticipant(String(item.json.userId)), `${String(item.json.userId)} reported in the call, but is not`);
	}

	// The request log: batches within the limit, nobody twice in one request, never the account itself.
	for (const entry of sandbox.requests(INVITE_METHOD)) {
		const ids = invitedIdsOf(entry);
		assert.ok(ids.length >= 1 && ids.length <= batchLimit, `request ${entry.seq} carried ${ids.length} users (batch size ${batchLimit})`);
		assert.equal(new Set(ids).size, ids.length, `request ${entry.seq} names a user twice`);
		assert.ok(!ids.includes(testCase.world.me.id), 'the account itself was sent');
	}
}

/** Runs one random case and checks the invariants; a failure names the seed that replays it. */
async function checkRandomCase(seed: number, diagnostic: (message: string) => void): Promise<void> {
	const testCase = engineCase(seed);
	try {
		await withSandbox(testCase.world, async (sandbox) => {
			const run = await runInvite(sandbox, { items: testCase.items, options: testCase.options });
			assertRandomInvariants(sandbox, testCase, run, testCase.options.batchSize);
			// What the case exercised, for whoever reads the test output.
			const codes = new Map<string, number>();
			for (const item of run.outputs.flat()) {
				const code = String(item.json.status ?? item.json.code);
				codes.set(code, (codes.get(code) ?? 0) + 1);
			}
			diagnostic(
				`${testCase.world.behaviour.batch}, batch ${testCase.options.batchSize}, ${testCase.tokens.flat().length} tokens, ` +
					`${sandbox.requests(INVITE_METHOD).length} invite requests, ${sandbox.world.inviteLog().length} applied: ` +
					[...codes].map(([code, count]) => `${code}×${count}`).join(' '),
			);
		});
	} catch (error) {
		const summary = { batch: testCase.world.behaviour.batch, behaviour: testCase.world.behaviour, options: testCase.options, items: testCase.items };
		const reason = error instanceof Error ? error.message : String(error);
		throw new Error(`random case failed, replay with ${replayHint(seed)}: ${reason}\n${JSON.stringify(summary)}`, { cause: error });
	}
}

describe('invariants on random worlds and inputs', () => {
	// Seeds: support/randomSeeds.ts (TG_RANDOM_SEED replays one, TG_RANDOM_CASES runs more or fewer).
	for (const seed of randomSeeds()) {
		it(`seed ${seed}: every token once, paired to its item; nobody invited twice; reported invited = really invited`, { timeout: 20_000 }, async (t) => {
			await checkRandomCase(seed, (message) => t.diagnostic(message));
		});
	}

	// Seeds of the longer sequence (TG_RANDOM_CASES=600) that caught a bug: in "partial" mode, when PEER_FLOOD
	// stopped the one-by-one resend of a rejected batch, the users that batch had invited were reported as plain
	// PEER_FLOOD failures, without maybeInvitedByThisRun (decision 0002 says to flag them). Kept as regressions.
	for (const seed of regressionSeeds([20260397, 20260489, 20260549])) {
		it(`seed ${seed} (partial mode, PEER_FLOOD during the resend): the same invariants`, { timeout: 20_000 }, async (t) => {
			await checkRandomCase(seed, (message) => t.diagnostic(message));
		});
	}
});
