/**
 * Runs the invite algorithm (planInvites + runInvites) over the node's real transport — the pooled GramJS
 * connection from openTelegramSession — against an in-process sandbox speaking MTProto over TCP. Only the
 * environment's sleep and logger are injected (the node's own seam): waits are recorded instead of slept.
 * Ground truth comes from the sandbox: its request log and its world state (the invite ledger).
 */
import assert from 'node:assert/strict';

import { planInvites, type ItemParameters } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/planInvites';
import { resultKey, runInvites, type RunReport } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/runInvites';
import type {
	FailedResult,
	InviteOptions,
	InvitedResult,
	RunEnvironment,
	UserResult,
} from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/types';
import { closeAllTelegramConnections, openTelegramSession, type TelegramSession } from '../../../../nodes/TelegramGroupCall/transport';
import { startSandbox, type RequestLogEntry, type Sandbox } from '../../../../sandbox';
import type { WorldBehaviour, WorldFile, WorldUser } from '../../../../sandbox/world/worldFile';
import { buildWorld, worldCall } from '../../../support/worldBuilder';
import { DEFAULT_OPTIONS } from '../support/inviteOptions';
import { INVITE_METHOD, invitedIdsOf, stringParamOf } from '../support/requestLog';

export { DEFAULT_OPTIONS };

/** A large signed access hash per user id: 64-bit values must survive the whole way as decimal strings. */
function userHash(id: string): string {
	return (-(7n * 10n ** 18n) - BigInt(id)).toString();
}

/**
 * The account 100 (@ops_owner); users 101-110; @demo_group (call 3001:9001) with members 100-108, 108 in the
 * call and 107 already invited; @other_group (call 3002:9002) with 100, 101, 110; @quiet_group without a call.
 * 105 is a deleted account (no username, as Telegram frees it: reachable by id among the members); 109 is in
 * no chat; 110 only in @other_group.
 */
export function baseWorld(): WorldFile {
	const user = (id: string, firstName: string, extra: Partial<WorldUser> = {}): WorldUser => ({
		id,
		accessHash: userHash(id),
		firstName,
		...extra,
	});
	return buildWorld({
		me: { id: '100', username: 'ops_owner' },
		users: [
			user('101', 'Alice', { username: 'alice', phone: '15550001001' }),
			user('102', 'Bobby', { username: 'bobby' }),
			user('103', 'Carol', { username: 'carol' }),
			user('104', 'Helper', { username: 'helper_bot', bot: true }),
			user('105', 'Deleted Account', { deleted: true }),
			user('106', 'Shy', { username: 'shy_one', inviteRestricted: true }),
			user('107', 'Already', { username: 'already' }),
			user('108', 'In Call', { username: 'in_call' }),
			user('109', 'Outsider', { username: 'outsider' }),
			user('110', 'Other', { username: 'other_member' }),
		],
		chats: [
			{
				id: '2001',
				accessHash: '-4611686018427388001',
				kind: 'supergroup',
				title: 'Demo',
				username: 'demo_group',
				members: ['100', '101', '102', '103', '104', '105', '106', '107', '108'],
				call: worldCall('3001', '9001', { participants: ['108'], invited: ['107'] }),
			},
			{
				id: '2002',
				accessHash: '-4611686018427388002',
				kind: 'supergroup',
				title: 'Other',
				username: 'other_group',
				members: ['100', '101', '110'],
				call: worldCall('3002', '9002'),
			},
			{
				id: '2003',
				accessHash: '-4611686018427388003',
				kind: 'supergroup',
				title: 'Quiet',
				username: 'quiet_group',
				members: ['100', '101', '102', '103'],
			},
		],
	});
}

export interface RunSetup {
	/** The world file to serve; default baseWorld(). */
	world?: WorldFile;
	/** Merged into the world's behaviour before the sandbox starts. */
	behaviour?: Partial<WorldBehaviour>;
	/** Replaces the recording sleep (e.g. to cancel during a wait). */
	sleep?: RunEnvironment['sleep'];
}

export class InviteHarness {
	readonly sleeps: number[] = [];

	readonly logs: string[] = [];

	/** Users each invite request applied, by the request's log sequence number (from the invite ledger). */
	readonly appliedByRequest = new Map<number, string[]>();

	report: RunReport | undefined;

	private closed = false;

	private session: TelegramSession | undefined;

	private constructor(readonly sandbox: Sandbox) {}

	static async start(world: WorldFile): Promise<InviteHarness> {
		// The log calls back once a request's outcome is known, after the invite ledger has recorded it.
		const started: { harness?: InviteHarness; ledgerSize: number } = { ledgerSize: 0 };
		const sandbox = await startSandbox({
			world,
			port: 0,
			onRequest: (entry) => {
				const harness = started.harness;
				if (harness === undefined || entry.method !== INVITE_METHOD) return;
				const ledger = harness.sandbox.world.inviteLog();
				harness.appliedByRequest.set(entry.seq, ledger.slice(started.ledgerSize).map((record) => record.userId));
				started.ledgerSize = ledger.length;
			},
		});
		const harness = new InviteHarness(sandbox);
		started.harness = harness;
		openHarnesses.add(harness);
		return harness;
	}

	/** Plans the items and runs the invites over a gateway from the sandbox's credential values. */
	async run(
		items: ReadonlyArray<Omit<ItemParameters, 'itemIndex'>>,
		options: Partial<InviteOptions> = {},
		sleep?: RunEnvironment['sleep'],
	): Promise<RunReport> {
		assert.equal(this.session, undefined, 'one run per harness');
		this.session = await openTelegramSession({ ...this.sandbox.credentials() });
		const environment: RunEnvironment = {
			logger: {
				info: (message) => this.logs.push(message),
				warn: (message) => this.logs.push(message),
				debug: () => undefined,
			},
			sleep:
				sleep ??
				(async (ms) => {
					this.sleeps.push(ms);
				}),
		};
		const plan = planInvites(items.map((item, itemIndex) => ({ itemIndex, ...item })));
		this.report = await runInvites(plan, this.session.gateway, { ...DEFAULT_OPTIONS, ...options }, environment);
		return this.report;
	}

	result(itemIndex: number, tokenIndex: number): UserResult {
		const found = this.report?.results.get(resultKey(itemIndex, tokenIndex));
		assert.ok(found, `no result for item ${itemIndex} token ${tokenIndex}`);
		return found;
	}

	/** Every RPC of a method the sandbox saw, in order. */
	requests(method: string): RequestLogEntry[] {
		return this.sandbox.requests(method);
	}

	/** The user ids of every invite request that reached the sandbox, in order (faulted ones included). */
	inviteRequests(): string[][] {
		return this.requests(INVITE_METHOD).map(invitedIdsOf);
	}

	/** The usernames contacts.resolveUsername was asked for, in order. */
	resolvedUsernames(): string[] {
		return this.requests('contacts.resolveUsername').map((entry) => stringParamOf(entry, 'username'));
	}

	/** How many times an invite of this user to this call was applied (the sandbox's ledger). */
	inviteCount(callId: string, userId: string): number {
		return this.sandbox.world.inviteCount(callId, userId);
	}

	/** Users invited to the call during this run, sorted. */
	invitedTo(callId: string): string[] {
		return this.sandbox.world.invitedUsers(callId).sort();
	}

	/** Releases the pooled connection, destroys every pooled client and stops the sandbox. Idempotent. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		openHarnesses.delete(this);
		try {
			this.session?.release();
			await closeAllTelegramConnections();
		} finally {
			await this.sandbox.stop();
		}
	}
}

const openHarnesses = new Set<InviteHarness>();

/** For afterEach: closes whatever a test (or a failed test) left open. */
export async function closeOpenHarnesses(): Promise<void> {
	for (const harness of [...openHarnesses]) await harness.close();
}

/** Starts a sandbox for the world and runs the items through the real transport. */
export async function runAgainstSandbox(
	items: ReadonlyArray<Omit<ItemParameters, 'itemIndex'>>,
	options: Partial<InviteOptions> = {},
	setup: RunSetup = {},
): Promise<InviteHarness> {
	const world = setup.world ?? baseWorld();
	world.behaviour = { ...world.behaviour, ...setup.behaviour };
	const harness = await InviteHarness.start(world);
	await harness.run(items, options, setup.sleep);
	return harness;
}

export function asInvited(result: UserResult): InvitedResult {
	assert.equal(result.output, 'invited', `expected invited, got ${JSON.stringify(result)}`);
	return result as InvitedResult;
}

export function asFailed(result: UserResult): FailedResult {
	assert.equal(result.output, 'failed', `expected failed, got ${JSON.stringify(result)}`);
	return result as FailedResult;
}
