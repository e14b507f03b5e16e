/**
 * A warm re-run by username (issue 11): the node, which remembers users per account across executions
 * (transport/accountState.ts), vs a plain GramJS script whose client caches entities; plus the memory one cached
 * user costs. Runs in `npm run bench`; alone: `node --import tsx bench/warmRerun.ts [--quick]` (after `npm run build`).
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

import { Api, type TelegramClient } from 'telegram';

import { MAX_CACHED_USERS, MemoryAccountState } from '../nodes/TelegramGroupCall/transport/accountState';
import type { TelegramUser } from '../nodes/TelegramGroupCall/transport';
import { plainClient } from '../test/sandbox/support/plainClient';
import { benchChatUsername, benchUserId, benchUsername } from './support/benchWorld';
import { describeRequests, measure, type Measurement } from './support/measure';
import { closeNodeConnections, expectAllInvited, runNode } from './support/nodeRun';
import { RemoteSandbox } from './support/remoteSandbox';
import type { Section } from './support/report';
import { alternatingRounds, runAsScript, type Contender } from './support/contenders';
import { fmt, median, percent, spread } from './support/stats';

export interface WarmRerunSizes {
	users: number;
	/** Warm runs per side, alternating which side goes first. */
	rounds: number;
	/** Users put in the account memory to measure bytes per cached user. */
	memoryUsers: number;
}


const TIME_TARGET = 0.05;

export async function measureWarmRerun(sizes: WarmRerunSizes): Promise<Section> {
	// One chat per run (each with every user as a member), so nobody is ever "already invited".
	const chatCount = 2 * (sizes.rounds + 1);
	const sandbox = await RemoteSandbox.start({ users: sizes.users, chats: Array.from({ length: chatCount }, () => sizes.users), usernames: true });
	const credentials = sandbox.credentials;
	const client = plainClient(credentials.session, credentials.apiId, credentials.apiHash, sandbox.port);
	const usernames = Array.from({ length: sizes.users }, (_, index) => `@${benchUsername(index)}`);
	let chatIndex = 0;
	const runOnce = async (contender: Contender): Promise<Measurement> => {
		const chat = benchChatUsername(chatIndex++);
		const measurement = await measure(sandbox, async () => {
			if (contender === 'node') expectAllInvited(await runNode({ credentials, chat, users: usernames }), sizes.users);
			else await plainScript(client, chat, usernames);
		});
		if (measurement.sandbox.invitesApplied !== sizes.users) {
			throw new Error(`${contender}: the sandbox applied ${measurement.sandbox.invitesApplied} invites, expected ${sizes.users}`);
		}
		return measurement;
	};
	try {
		if (!(await client.connect())) throw new Error('plain client: could not connect to the sandbox');
		// The first run of each side resolves every username: the cold cache, shown but not compared.
		const cold = { node: await runOnce('node'), plain: await runOnce('plain') };
		const warm = await alternatingRounds(sizes.rounds, runOnce);
		return report(sizes, cold, warm, measureMemoryPerUser(sizes.memoryUsers));
	} finally {
		await client.destroy();
		await closeNodeConnections();
		await sandbox.stop();
	}
}

/**
 * What a person would write with GramJS: getInputEntity for the chat and each @username (GramJS's session
 * remembers resolved usernames, so a warm run resolves none), the chat's current call, one invite per user.
 */
async function plainScript(client: TelegramClient, chat: string, usernames: readonly string[]): Promise<void> {
	const channel = await client.getInputEntity(chat);
	if (!(channel instanceof Api.InputPeerChannel)) throw new Error(`@${chat} is not a channel`);
	const full = await client.invoke(
		new Api.channels.GetFullChannel({ channel: new Api.InputChannel({ channelId: channel.channelId, accessHash: channel.accessHash }) }),
	);
	const call = full.fullChat.call;
	if (!call) throw new Error(`@${chat} has no call`);
	for (const username of usernames) {
		const user = await client.getInputEntity(username);
		if (!(user instanceof Api.InputPeerUser)) throw new Error(`${username} is not a user`);
		await client.invoke(
			new Api.phone.InviteToGroupCall({ call, users: [new Api.InputUser({ userId: user.userId, accessHash: user.accessHash })] }),
		);
	}
}

interface MemoryPerUser {
	users: number;
	bytesPerUser: number;
}

/** Heap growth per user remembered in the account memory, as the gateway stores them (64-bit ids, hash, username). */
function measureMemoryPerUser(count: number): MemoryPerUser {
	setFlagsFromString('--expose-gc');
	const gc = runInNewContext('gc') as () => void;
	const users: TelegramUser[] = Array.from({ length: count }, (_, index) => ({
		id: benchUserId(index),
		accessHash: (-(2n ** 62n) - BigInt(index)).toString(),
		username: benchUsername(index),
		firstName: `User ${index}`,
		bot: false,
		deleted: false,
		self: false,
	}));
	const state = new MemoryAccountState(Math.max(count, MAX_CACHED_USERS));
	gc();
	const before = process.memoryUsage().heapUsed;
	state.rememberUsers(users, Date.now());
	users.length = 0;
	gc();
	const after = process.memoryUsage().heapUsed;
	if (state.size !== count) throw new Error(`memory: ${state.size} users cached, expected ${count}`);
	// The strings (ids, hashes, usernames) were allocated for the input and are kept by the cache: they count.
	return { users: count, bytesPerUser: (after - before) / count };
}

function report(
	sizes: WarmRerunSizes,
	cold: Record<Contender, Measurement>,
	warm: Record<Contender, Measurement[]>,
	memory: MemoryPerUser,
): Section {
	const ms = (contender: Contender): number[] => warm[contender].map((run) => run.wallMs);
	const requests = (run: Measurement): number => run.sandbox.requests;
	const floor = sizes.users + 2;
	const nodeRequests = warm.node.map(requests);
	const timeRatio = median(ms('node')) / median(ms('plain')) - 1;
	const row = (label: string, contender: Contender): string[] => [
		label,
		fmt(cold[contender].wallMs, 0),
		describeRequests(cold[contender].sandbox.byMethod),
		spread(ms(contender), 0),
		describeRequests(warm[contender][0].sandbox.byMethod),
	];
	return {
		title: `Warm re-run by username (${fmt(sizes.users)} users, ${sizes.rounds} warm runs per side)`,
		how:
			`Each run invites the same ${fmt(sizes.users)} users, given as @usernames, batch size 1, pause 0, to the active call of a new ` +
			'supergroup named by its @username (a chat of its own per run, so nobody is already invited; the chat is new, so its ' +
			'look-up — contacts.resolveUsername + channels.getFullChannel — is part of every run). The node runs in n8n\'s real engine ' +
			'(compiled dist/, test/harness) and remembers users per account across executions; the plain script is a GramJS client ' +
			'that calls getInputEntity for the chat and every username (GramJS\'s session caches them) and sends one ' +
			'phone.inviteToGroupCall per user. The first run of each side fills its cache and is shown apart; warm runs alternate ' +
			'which side goes first. Both keep one open connection; the sandbox runs in its own process without added latency. ' +
			`Memory: ${fmt(memory.users)} users put into one account's memory (MemoryAccountState), heap after a GC minus before.`,
		tables: [
			{
				head: ['', 'first run ms', 'first run requests', 'warm run ms, median (min–max)', 'warm run requests'],
				rows: [row('plain GramJS script (entity cache)', 'plain'), row('node in n8n engine (account memory)', 'node')],
			},
			{
				head: ['memory per cached user', 'users measured'],
				rows: [[`${fmt(memory.bytesPerUser, 0)} bytes`, fmt(memory.users)]],
			},
		],
		targets: [
			{
				what: 'warm re-run requests (floor ⌈N/batch⌉ + the call lookup)',
				target: `${fmt(floor)}`,
				measured: nodeRequests.map((count) => fmt(count)).join(', '),
				met: nodeRequests.every((count) => count === floor),
			},
			{ what: 'warm re-run time vs plain script', target: `within ${fmt(TIME_TARGET * 100)} %`, measured: percent(timeRatio), met: timeRatio <= TIME_TARGET },
		],
		notes: [
			`Time difference = median node warm run / median plain warm run − 1; the node's ${fmt(sizes.users)} results items, per-user ` +
				'checks and the engine are included, the plain script does nothing but send.',
			`A full account memory (${fmt(MAX_CACHED_USERS)} users) is about ${fmt((memory.bytesPerUser * MAX_CACHED_USERS) / 2 ** 20, 1)} MiB.`,
		],
	};
}

if (require.main === module) {
	runAsScript(async (quick) =>
		await measureWarmRerun(quick ? { users: 100, rounds: 2, memoryUsers: 10_000 } : { users: 1_000, rounds: 5, memoryUsers: 50_000 }),
	);
}
