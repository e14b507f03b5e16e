/**
 * Property-based: generated input items (users as text, arrays, numbers, booleans, objects, empty cells,
 * phone spellings, usernames in any case, links, duplicates; calls by name, link, Bot API id, id pair or
 * object, or unusable; Dry Run in any spelling; batch sizes; On Error modes) run through the node in n8n's
 * engine against one sandbox. Checked on every run, against oracles that do not use the node's parsers and
 * against the sandbox's request log and invite ledger:
 * - Dry Run in any spelling that means true (or that means nothing) sends no invite, ever;
 * - nobody is invited to a call who is not named by an input item for that call;
 * - each item gives one result per user entry (echoing the entry), or one NO_USERS result when it has none;
 *   unreadable options stop the run before it connects;
 * - no secret of the credential (API hash, session) in any output item or error.
 * Seeded and replayable: TG_RANDOM_SEED=<seed> (and TG_FC_PATH=<path> for one counterexample), TG_RANDOM_CASES=<runs>.
 * Build first: the engine loads dist/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import fc from 'fast-check';
import type { IDataObject, INodeExecutionData, INodeParameters, OnError } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../../sandbox';
import type { BatchMode } from '../../../sandbox/world/worldFile';
import type { EngineRun } from '../../harness';
import { dryMeaning, itemsArbitrary, type GeneratedItem } from './support/inputArbitraries';
import { lastRequestSeq, requestsSince, runWithInputs } from './support/inputRuns';
import { assertNobodyInvitedTwice } from './support/inviteLedger';
import { propertyWorld } from './support/propertyWorld';
import { callIdOf, INVITE_METHOD, invitedIdsOf } from './support/requestLog';
import { closeCompiledPool, pairedIndex } from './support/sandboxRuns';

const DEFAULT_SEED = 20260802;
const DEFAULT_RUNS = 150;
/** A fresh world now and then, so that runs keep meeting users nobody has invited yet. */
const RUNS_PER_WORLD = 50;

function fromEnv(name: string): string | undefined {
	const text = process.env[name];
	return text === undefined || text === '' ? undefined : text;
}

/** Batch Size values, given as a fixed option: the valid ones and some that must be refused. */
const BATCH_SIZES: Array<{ value: string | number | undefined; valid: boolean }> = [
	{ value: undefined, valid: true },
	{ value: 1, valid: true },
	{ value: '2', valid: true },
	{ value: ' 3 ', valid: true },
	{ value: 10, valid: true },
	{ value: 50, valid: false },
	{ value: 2.5, valid: false },
	{ value: 'x', valid: false },
];

interface Scenario {
	items: GeneratedItem[];
	/** How the sandbox treats a batch with a user it refuses (docs/decisions/0002-batch-attribution.md). */
	batchMode: BatchMode;
	batch: (typeof BATCH_SIZES)[number];
	includeInputFields: 'none' | 'all' | 'selected';
	onError: OnError;
}

const scenarioArbitrary: fc.Arbitrary<Scenario> = fc.record({
	items: itemsArbitrary,
	batchMode: fc.constantFrom<BatchMode>('atomic', 'partial', 'lenient'),
	batch: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...BATCH_SIZES.filter((batch) => batch.valid)) }, { weight: 1, arbitrary: fc.constantFrom(...BATCH_SIZES.filter((batch) => !batch.valid)) }),
	includeInputFields: fc.constantFrom('none' as const, 'all' as const, 'selected' as const),
	onError: fc.constantFrom<OnError>('stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'),
});

async function runScenario(sandbox: Sandbox, scenario: Scenario): Promise<EngineRun> {
	const options: INodeParameters = { dryRun: '={{ $json.dry }}', includeInputFields: scenario.includeInputFields, fieldsToInclude: 'row_number' };
	if (scenario.batch.value !== undefined) options.batchSize = scenario.batch.value;
	return await runWithInputs(sandbox, { items: scenario.items.map((item) => item.json), options, onError: scenario.onError });
}

/** Users each call may receive: those named by an item whose Call names that call. */
function namedPerCall(items: readonly GeneratedItem[]): Map<string, Set<string>> {
	const named = new Map<string, Set<string>>();
	for (const item of items) {
		if (item.callId === null) continue;
		const users = named.get(item.callId) ?? new Set<string>();
		for (const entry of item.entries) if (entry.names !== null) users.add(entry.names);
		named.set(item.callId, users);
	}
	return named;
}

function isErrorItem(item: INodeExecutionData): boolean {
	return Object.keys(item.json).every((key) => key === 'error' || key === 'details');
}

function checkRun(sandbox: Sandbox, scenario: Scenario, run: EngineRun, since: number, ledgerBefore: number): void {
	const { items } = scenario;
	const requests = requestsSince(sandbox, since);
	const invites = requests.filter((entry) => entry.method === INVITE_METHOD);
	const meanings = items.map((item) => dryMeaning(item.json.dry));

	// Dry Run: any item that does not clearly say false means no invitation at all.
	if (meanings.some((meaning) => meaning !== 'false')) assert.deepEqual(invites.map(invitedIdsOf), [], `Dry Run ${JSON.stringify(items.map((item) => item.json.dry))} sent invitations`);

	// Nobody invited who is not named for that call: every request, and every invite the sandbox applied.
	const named = namedPerCall(items);
	for (const entry of invites) {
		const allowed = named.get(callIdOf(entry)) ?? new Set<string>();
		for (const userId of invitedIdsOf(entry)) assert.ok(allowed.has(userId), `request ${entry.seq} invited ${userId} to call ${callIdOf(entry)}, which no item named`);
	}
	for (const record of sandbox.world.inviteLog().slice(ledgerBefore)) {
		assert.ok(named.get(record.callId)?.has(record.userId), `the sandbox invited ${record.userId} to call ${record.callId}, which no item named`);
	}
	assertNobodyInvitedTwice(sandbox.world);

	// No secret anywhere the person or a later node can see.
	const visible = JSON.stringify([run.outputs, run.error ?? null, run.nodeError ?? null]);
	const { apiHash, session } = sandbox.credentials();
	assert.ok(!visible.includes(apiHash), 'the API hash is in the output');
	assert.ok(!visible.includes(session), 'the session is in the output');

	const optionsReadable = scenario.batch.valid && meanings.every((meaning) => meaning !== 'unreadable') && new Set(meanings).size === 1;
	if (!optionsReadable) {
		assert.deepEqual(requests, [], 'unreadable options, yet the node talked to Telegram');
		if (scenario.onError === 'stopWorkflow') {
			assert.equal(run.status, 'error');
			assert.match(run.error?.message ?? '', /"(Dry Run|Batch Size)" must/);
		} else {
			const errors = run.outputs.flat();
			assert.deepEqual(errors.map(pairedIndex), items.map((_, index) => index), 'one error item per input item');
			for (const item of errors) assert.equal((item.json.details as IDataObject).code, 'INVALID_PARAMETER');
		}
		return;
	}
	assert.equal(run.status, 'success', JSON.stringify(run.error));
	const results = run.outputs.flat();
	for (const [itemIndex, item] of items.entries()) {
		const own = results.filter((result) => pairedIndex(result) === itemIndex);
		assert.ok(own.every((result) => !isErrorItem(result)), `item ${itemIndex}: an error item ${JSON.stringify(own)}`);
		if (item.entries.length === 0) {
			assert.deepEqual(own.map((result) => result.json.code), ['NO_USERS'], `item ${itemIndex} has no users`);
		} else {
			const echoed = own.map((result) => String(result.json.user)).sort();
			const expected = item.entries.map((entry) => (typeof entry.value === 'number' ? String(entry.value) : entry.value.trim())).sort();
			assert.deepEqual(echoed, expected, `item ${itemIndex}: one result per entry`);
		}
		if (scenario.includeInputFields !== 'none') {
			for (const result of own) assert.equal(result.json.row_number, item.json.row_number, `item ${itemIndex}: its row`);
		}
	}
	if (meanings[0] === 'true') {
		for (const result of run.outputs[0]) assert.equal(result.json.status, 'would_invite');
	}
}

describe('the node on generated inputs (property-based)', () => {
	let sandbox: Sandbox;
	let runsOnThisWorld = 0;

	async function freshSandbox(): Promise<void> {
		await closeCompiledPool();
		await sandbox.stop();
		sandbox = await startSandbox({ port: 0, world: propertyWorld() });
		runsOnThisWorld = 0;
	}

	before(async () => {
		sandbox = await startSandbox({ port: 0, world: propertyWorld() });
	});

	after(async () => {
		await closeCompiledPool();
		await sandbox.stop();
	});

	it('never invites in a dry run, never invites anyone not named, loses no entry and no item, leaks no secret', { timeout: 300_000 }, async (t) => {
		const seed = Number(fromEnv('TG_RANDOM_SEED') ?? DEFAULT_SEED);
		const numRuns = Number(fromEnv('TG_RANDOM_CASES') ?? DEFAULT_RUNS);
		const path = fromEnv('TG_FC_PATH');
		let runs = 0;
		let applied = 0;
		const property = fc.asyncProperty(scenarioArbitrary, async (scenario) => {
			runs += 1;
			if (runsOnThisWorld === RUNS_PER_WORLD) {
				applied += sandbox.world.inviteLog().length;
				await freshSandbox();
			}
			runsOnThisWorld += 1;
			sandbox.setBehaviour({ batch: scenario.batchMode });
			const since = lastRequestSeq(sandbox);
			const ledgerBefore = sandbox.world.inviteLog().length;
			const run = await runScenario(sandbox, scenario);
			checkRun(sandbox, scenario, run, since, ledgerBefore);
		});
		try {
			await fc.assert(property, { seed, numRuns, path, endOnFailure: path !== undefined });
		} catch (error) {
			// fast-check's report (seed, path, shrunk counterexample), then the failed check's own message.
			const cause = error instanceof Error && error.cause instanceof Error ? `\n${error.cause.message}` : '';
			throw new Error(`${error instanceof Error ? error.message : String(error)}${cause}\nReplay: TG_RANDOM_SEED=${seed} TG_FC_PATH=<path above>`, { cause: error });
		}
		t.diagnostic(`${runs} runs from seed ${seed}; ${applied + sandbox.world.inviteLog().length} invites applied in all`);
	});
});
