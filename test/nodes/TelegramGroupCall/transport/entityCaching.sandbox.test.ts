/**
 * GramJS records the users and chats of every answer in its session (a row per entity per answer, duplicates
 * kept) and in the client's entity cache. On a pooled connection that grew with every invited user until the
 * connection closed. The node's client records nothing (transport/gramjs/entitylessSession.ts): these run the
 * invite algorithm over one connection against the sandbox, through every kind of request the gateway sends,
 * and count what GramJS holds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import bigInt from 'big-integer';
import { Api } from 'telegram';

import { planInvites, type ItemParameters } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/planInvites';
import { runInvites, type RunReport } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/runInvites';
import type { InviteOptions, RunEnvironment } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/types';
import { abortableSleep } from '../../../../nodes/TelegramGroupCall/errors/cancellation';
import { readConnectionSettings } from '../../../../nodes/TelegramGroupCall/transport/connectionSettings';
import { cachedEntityCount } from '../../../../nodes/TelegramGroupCall/transport/gramjs/entitylessSession';
import { GramjsGateway } from '../../../../nodes/TelegramGroupCall/transport/gramjs/gramjsGateway';
import { connectTelegram, type TelegramConnection } from '../../../../nodes/TelegramGroupCall/transport/gramjs/telegramConnection';
import { startSandbox, type Sandbox, type WorldFile } from '../../../../sandbox';
import { plainClient } from '../../../sandbox/support/plainClient';
import { buildWorld, worldCall } from '../../../support/worldBuilder';
import { DEFAULT_OPTIONS } from '../actions/sandboxInviteRun';

const USERS = 80;
const ACCOUNT = '1000';
const BIG_GROUP = { id: '1700000001', accessHash: '-4611686018427388001', username: 'big_group', callId: '3001' };
const BASIC_GROUP = { id: '1700000002', callId: '3002' };

/** Above 2^53, as real ids can be. */
function userId(index: number): string {
	return (2n ** 53n + 1n + BigInt(index)).toString();
}

const ids = Array.from({ length: USERS }, (_, index) => userId(index));

function world(): WorldFile {
	return buildWorld({
		me: { id: ACCOUNT, firstName: 'Owner', username: 'owner', phone: '15550002000' },
		users: ids.map((id, index) => ({
			id,
			accessHash: (-(2n ** 62n) + BigInt(index)).toString(),
			firstName: `User ${index}`,
			...(index === 0 ? { username: 'first_user' } : {}),
			...(index === 1 ? { phone: '15550002001' } : {}),
		})),
		chats: [
			{
				id: BIG_GROUP.id,
				accessHash: BIG_GROUP.accessHash,
				kind: 'supergroup',
				title: 'Big',
				username: BIG_GROUP.username,
				members: [ACCOUNT, ...ids],
				call: worldCall(BIG_GROUP.callId, '9001', { participants: [ids[79]] }),
			},
			{
				id: BASIC_GROUP.id,
				kind: 'group',
				title: 'Basic',
				members: [ACCOUNT, ...ids.slice(0, 5)],
				call: worldCall(BASIC_GROUP.callId, '9002'),
			},
		],
	});
}

const ENVIRONMENT: RunEnvironment = {
	logger: { info: () => undefined, warn: () => undefined, debug: () => undefined },
	sleep: abortableSleep,
};

/** One execution as the pool serves it: a new gateway over the shared connection. */
async function execute(connection: TelegramConnection, items: ItemParameters[], options: Partial<InviteOptions> = {}): Promise<RunReport> {
	const gateway = new GramjsGateway(async () => connection);
	try {
		return await runInvites(planInvites(items), gateway, { ...DEFAULT_OPTIONS, ...options }, ENVIRONMENT);
	} finally {
		gateway.close();
	}
}

function statuses(report: RunReport): string[] {
	return [...report.results.values()].map((result) => (result.output === 'invited' ? result.status : result.code));
}

describe('GramJS entity records on the pooled connection', () => {
	let sandbox: Sandbox;

	before(async () => {
		sandbox = await startSandbox({ port: 0, world: world() });
	});

	after(async () => {
		await sandbox.stop();
	});

	it('a plain GramJS client records every user of every answer, duplicates included (what the count measures)', async () => {
		const credentials = sandbox.credentials();
		const client = plainClient(credentials.session, credentials.apiId, credentials.apiHash, Number(credentials.server.split(':')[1]));
		try {
			assert.equal(await client.connect(), true);
			const listMembers = async () =>
				await client.invoke(
					new Api.channels.GetParticipants({
						channel: new Api.InputChannel({ channelId: bigInt(BIG_GROUP.id), accessHash: bigInt(BIG_GROUP.accessHash) }),
						filter: new Api.ChannelParticipantsRecent(),
						offset: 0,
						limit: 200,
						hash: bigInt.zero,
					}),
				);
			await listMembers();
			const once = cachedEntityCount(client);
			assert.ok(once > USERS, `${once} entities recorded after one member listing`);
			await listMembers();
			assert.ok(cachedEntityCount(client) >= once + USERS, 'the same users again are recorded again');
		} finally {
			await client.destroy();
		}
	});

	it("the node's connection records none, whatever it asks over several executions", { timeout: 60_000 }, async () => {
		const connection = await connectTelegram(readConnectionSettings({ ...sandbox.credentials() }));
		try {
			// By username and phone, ids among a supergroup's members (skipping who is in the call), and a basic
			// group named by id (messages.getFullChat).
			const first = await execute(
				connection,
				[
					{ itemIndex: 0, call: `@${BIG_GROUP.username}`, users: ['@first_user', '+15550002001', ...ids.slice(2, 40), ids[79]] },
					{ itemIndex: 1, call: `-${BASIC_GROUP.id}`, users: ids.slice(0, 3) },
				],
				{ skipUsersAlreadyInCall: true },
			);
			assert.equal(first.failure, undefined);
			assert.deepEqual(statuses(first), [...Array(40).fill('invited'), 'already_in_call', 'invited', 'invited', 'invited']);
			assert.equal(connection.cachedEntities, 0);

			// The supergroup by id (found among the dialogs), in batches.
			const second = await execute(connection, [{ itemIndex: 0, call: `-100${BIG_GROUP.id}`, users: ids.slice(40, 79) }], { batchSize: 10 });
			assert.deepEqual(statuses(second), Array(39).fill('invited'));
			assert.equal(connection.cachedEntities, 0);

			// The list search and the credential test's question.
			const gateway = new GramjsGateway(async () => connection);
			assert.equal((await gateway.listChatsWithCalls()).length, 2);
			assert.equal((await gateway.getMe()).id, ACCOUNT);
			gateway.close();
			assert.equal(connection.cachedEntities, 0);

			assert.equal(sandbox.world.inviteLog().length, 40 + 3 + 39, 'every invite reached the sandbox');
		} finally {
			await connection.destroy();
		}
	});
});
