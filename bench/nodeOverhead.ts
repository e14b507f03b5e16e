import type { TelegramClient } from 'telegram';

import { plainClient } from '../test/sandbox/support/plainClient';
import { benchChatUsername, benchUserIds } from './support/benchWorld';
import { describeRequests, measure, type Measurement } from './support/measure';
import { closeNodeConnections, expectAllInvited, runNode } from './support/nodeRun';
import { plainInvite } from './support/plainInviter';
import { RemoteSandbox } from './support/remoteSandbox';
import type { Section } from './support/report';
import { warmThenAlternate, type Contender } from './support/contenders';
import { fmt, median, percent, spread } from './support/stats';

export interface NodeOverheadSizes {
	users: number;
	/** Each round runs the node once and the plain loop once, in alternating order. */
	rounds: number;
}

const TARGET = 0.05;


/**
 * What the node adds to the invites themselves: the node inside n8n's engine vs a plain GramJS loop, the same invites against the same sandbox,
 * both over an already open connection. Every run invites into a call of its own chat, so no user is ever
 * "already invited" and every run does the full work.
 */
export async function measureNodeOverhead(sizes: NodeOverheadSizes): Promise<Section> {
	const chatCount = 2 * sizes.rounds + 2;
	const sandbox = await RemoteSandbox.start({ users: sizes.users, chats: Array.from({ length: chatCount }, () => sizes.users) });
	const credentials = sandbox.credentials;
	const client = plainClient(credentials.session, credentials.apiId, credentials.apiHash, sandbox.port);
	const users = benchUserIds(sizes.users);
	let chatIndex = 0;
	const runOnce = async (contender: Contender): Promise<Measurement> => {
		const chat = benchChatUsername(chatIndex++);
		const measurement = await measure(sandbox, async () => {
			if (contender === 'node') {
				expectAllInvited(await runNode({ credentials, chat, users }), users.length);
			} else {
				const outcome = await plainInvite(client, chat, users);
				if (outcome.invited !== users.length) throw new Error(`plain loop: ${outcome.invited}/${users.length} invited`);
			}
		});
		if (measurement.sandbox.invitesApplied !== users.length) {
			throw new Error(`${contender}: the sandbox applied ${measurement.sandbox.invitesApplied} invites, expected ${users.length}`);
		}
		return measurement;
	};
	try {
		await connect(client);
		return report(sizes, await warmThenAlternate(sizes.rounds, runOnce));
	} finally {
		await client.destroy();
		await closeNodeConnections();
		await sandbox.stop();
	}
}

async function connect(client: TelegramClient): Promise<void> {
	if (!(await client.connect())) throw new Error('plain client: could not connect to the sandbox');
}

function report(sizes: NodeOverheadSizes, results: Record<Contender, Measurement[]>): Section {
	const perUser = (runs: Measurement[], pick: (run: Measurement) => number): number[] => runs.map((run) => pick(run) / sizes.users);
	const wallMicros = (contender: Contender): number[] => perUser(results[contender], (run) => run.wallMs * 1000);
	const row = (label: string, contender: Contender): string[] => {
		const runs = results[contender];
		return [
			label,
			spread(wallMicros(contender), 1),
			fmt(median(perUser(runs, (run) => run.clientCpuMicros)), 1),
			fmt(median(perUser(runs, (run) => run.sandbox.cpuMicros)), 1),
			fmt(median(runs.map((run) => run.sandbox.cpuMicros / (run.wallMs * 1000))) * 100, 0) + ' %',
		];
	};
	const overhead = median(wallMicros('node')) / median(wallMicros('plain')) - 1;
	const paired = median(results.node.map((run, index) => run.wallMs / results.plain[index].wallMs - 1));
	const cpuOverhead =
		median(perUser(results.node, (run) => run.clientCpuMicros)) / median(perUser(results.plain, (run) => run.clientCpuMicros)) - 1;
	const requests = (contender: Contender): string => describeRequests(results[contender][0].sandbox.byMethod);
	const all = [...results.node, ...results.plain];
	const sandboxBusy = median(all.map((run) => run.sandbox.cpuMicros / (run.wallMs * 1000)));
	const sandboxPerUser = median(perUser(all, (run) => run.sandbox.cpuMicros));
	const sameRequests = requests('node') === requests('plain');
	return {
		title: `Node vs plain GramJS loop (${fmt(sizes.users)} users per run, ${sizes.rounds} rounds)`,
		how:
			`One execution invites ${fmt(sizes.users)} users, given as numeric ids (64-bit, above 2^53), to the active call of a supergroup ` +
			'named by its @username; batch size 1, pause 0. The node runs inside n8n\'s real engine in this process (test/harness ' +
			'`runNodeInEngine`, the compiled dist/ package); the plain loop is a GramJS `TelegramClient` (test/sandbox/support/plainClient) ' +
			'that sends the same requests itself: contacts.resolveUsername, channels.getFullChannel, channels.getParticipants pages for the ' +
			'access hashes, then phone.inviteToGroupCall per user. Both use an already open connection (one warm-up run each, not counted). ' +
			'The sandbox runs in its own process; each run gets a chat and call of its own, so nobody is already invited. ' +
			`Rounds alternate which side goes first. Wall time per user is the median over the rounds (min–max); CPU is this process's ` +
			'(the client) and the sandbox process\'s, per user.',
		tables: [
			{
				head: ['', 'wall µs per user, median (min–max)', 'client CPU µs per user', 'sandbox CPU µs per user', 'sandbox busy'],
				rows: [row('plain GramJS loop', 'plain'), row('node in n8n engine', 'node'), ['node overhead', percent(overhead), percent(cpuOverhead), '', '']],
			},
		],
		targets: [{ what: 'node overhead per user', target: `under +${fmt(TARGET * 100)} %`, measured: percent(overhead), met: overhead < TARGET }],
		notes: [
			`Overhead = median node time per user / median plain time per user − 1; the median of the per-round ratios is ${percent(paired)}.`,
			sameRequests
				? `Both sides sent the same requests per run: ${requests('node')}.`
				: `The two sides sent different requests — node: ${requests('node')}; plain: ${requests('plain')}.`,
			`The sandbox was busy ${fmt(sandboxBusy * 100, 0)} % of the time, so it was not saturated; but requests go one at a time, ` +
				`so its ${fmt(sandboxPerUser, 0)} µs of CPU per invite is part of every round trip, for both sides alike: it adds to ` +
				'both times and makes the overhead percentage smaller than the client-side difference alone.',
		],
	};
}
