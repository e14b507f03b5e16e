/**
 * Get Participants for a large call: the node in n8n's engine (Return All) vs a plain GramJS loop sending the
 * same pages, against the sandbox in its own process. Part of `npm run bench`; run it alone with
 * `npm run build && node --import tsx bench/getParticipants.ts [--quick]` (prints, writes nothing).
 */
import type { TelegramClient } from 'telegram';
import { Api } from 'telegram';

import { plainClient } from '../test/sandbox/support/plainClient';
import { runNodeInEngine } from '../test/harness';
import { benchChatUsername } from './support/benchWorld';
import { repoRoot } from './support/childProcess';
import { describeRequests, measure, type Measurement } from './support/measure';
import { MemorySampler } from './support/memorySampler';
import { closeNodeConnections } from './support/nodeRun';
import { RemoteSandbox } from './support/remoteSandbox';
import type { Section } from './support/report';
import { warmThenAlternate, runAsScript, type Contender } from './support/contenders';
import { fmt, median, mib, percent, spread } from './support/stats';

export interface GetParticipantsSizes {
	participants: number;
	/** Each round runs the node once and the plain loop once, in alternating order. */
	rounds: number;
}

/** The node's page size (participants/collectParticipants.ts, TDLib's limit); the plain loop uses the same. */
const PAGE_SIZE = 100;
const SAMPLE_EVERY_MS = 5;


interface Round {
	measurement: Measurement;
	/** Heap above the level before the run, at its sampled peak. */
	heapGrowth: number;
}

export async function measureGetParticipants(sizes: GetParticipantsSizes): Promise<Section> {
	const sandbox = await RemoteSandbox.start({ users: sizes.participants, chats: [sizes.participants], callParticipants: [sizes.participants] });
	const credentials = sandbox.credentials;
	const client = plainClient(credentials.session, credentials.apiId, credentials.apiHash, sandbox.port);
	const chat = benchChatUsername(0);
	const runOnce = async (contender: Contender): Promise<Round> => {
		const heapBefore = process.memoryUsage().heapUsed;
		let sampler: MemorySampler | undefined;
		const measurement = await measure(sandbox, async () => {
			sampler = new MemorySampler(SAMPLE_EVERY_MS);
			const listed = contender === 'node' ? await nodeParticipants(credentials, chat) : await plainParticipants(client, chat);
			if (listed !== sizes.participants) throw new Error(`${contender}: ${listed}/${sizes.participants} participants listed`);
		});
		const peak = sampler?.stop();
		return { measurement, heapGrowth: Math.max(0, (peak?.heapUsed ?? heapBefore) - heapBefore) };
	};
	try {
		if (!(await client.connect())) throw new Error('plain client: could not connect to the sandbox');
		return report(sizes, await warmThenAlternate(sizes.rounds, runOnce));
	} finally {
		await client.destroy();
		await closeNodeConnections();
		await sandbox.stop();
	}
}

/** One execution of Get Participants (Return All) for the chat's call; the number of items it output. */
async function nodeParticipants(credentials: RemoteSandbox['credentials'], chat: string): Promise<number> {
	const run = await runNodeInEngine({
		packageDir: repoRoot,
		nodeType: 'telegramGroupCall',
		parameters: {
			resource: 'groupCall',
			operation: 'getParticipants',
			call: { __rl: true, mode: 'chat', value: '={{ $json.call }}' },
			returnAll: true,
		},
		credentials: { telegramMtprotoApi: { ...credentials } },
		inputItems: [{ json: { call: `@${chat}` } }],
	});
	if (run.status !== 'success') throw new Error(`node run: ${run.status} ${JSON.stringify(run.error)}`);
	return run.outputs[0]?.length ?? 0;
}

/**
 * What a hand-written GramJS script does for the same job: find the chat, take its call from the full channel,
 * then phone.getGroupCall with the first page and phone.getGroupParticipants until the offset is empty,
 * keeping one plain record per participant (the node keeps one output item each).
 */
async function plainParticipants(client: TelegramClient, chatUsername: string): Promise<number> {
	const resolved = await client.invoke(new Api.contacts.ResolveUsername({ username: chatUsername }));
	const channel = resolved.chats.find((chat): chat is Api.Channel => chat instanceof Api.Channel);
	if (!channel?.accessHash) throw new Error(`@${chatUsername} is not a channel`);
	const full = await client.invoke(new Api.channels.GetFullChannel({ channel: new Api.InputChannel({ channelId: channel.id, accessHash: channel.accessHash }) }));
	const call = full.fullChat.call;
	if (!call) throw new Error(`@${chatUsername} has no call`);
	const records: Array<{ id: string; muted: boolean; date: number }> = [];
	const keep = (participants: Api.TypeGroupCallParticipant[]): void => {
		for (const participant of participants) {
			const peer = participant.peer;
			const id = peer instanceof Api.PeerUser ? peer.userId : peer instanceof Api.PeerChannel ? peer.channelId : peer.chatId;
			records.push({ id: id.toString(), muted: Boolean(participant.muted), date: participant.date });
		}
	};
	const first = await client.invoke(new Api.phone.GetGroupCall({ call, limit: PAGE_SIZE }));
	keep(first.participants);
	let offset = first.participantsNextOffset;
	while (offset !== '') {
		const page = await client.invoke(new Api.phone.GetGroupParticipants({ call, ids: [], sources: [], offset, limit: PAGE_SIZE }));
		keep(page.participants);
		offset = page.nextOffset;
	}
	return records.length;
}

function report(sizes: GetParticipantsSizes, results: Record<Contender, Round[]>): Section {
	const wallMs = (contender: Contender): number[] => results[contender].map((round) => round.measurement.wallMs);
	const row = (label: string, contender: Contender): string[] => {
		const rounds = results[contender];
		return [
			label,
			spread(wallMs(contender), 0),
			fmt(median(rounds.map((round) => round.measurement.clientCpuMicros)) / 1000, 0),
			fmt(median(rounds.map((round) => round.measurement.sandbox.cpuMicros)) / 1000, 0),
			fmt(rounds[0].measurement.sandbox.requests),
			mib(median(rounds.map((round) => round.heapGrowth))),
		];
	};
	const overhead = median(wallMs('node')) / median(wallMs('plain')) - 1;
	const floor = Math.ceil(sizes.participants / PAGE_SIZE);
	const requests = (contender: Contender): string => describeRequests(results[contender][0].measurement.sandbox.byMethod);
	return {
		title: `Get Participants: ${fmt(sizes.participants)} participants (${sizes.rounds} rounds)`,
		how:
			`One call with ${fmt(sizes.participants)} participants (64-bit user ids above 2^53) in a supergroup named by its @username. ` +
			'The node runs Get Participants with Return All inside n8n\'s real engine in this process (the compiled dist/ package); the ' +
			'plain loop is a GramJS `TelegramClient` sending the same requests itself (contacts.resolveUsername, channels.getFullChannel, ' +
			`phone.getGroupCall with the first ${PAGE_SIZE}, then phone.getGroupParticipants ${PAGE_SIZE} at a time until the offset is empty) ` +
			'and keeping one small record per participant. Both over an open connection (one warm-up run each, not counted); the ' +
			'sandbox runs in its own process. Rounds alternate who goes first. Heap growth is the sampled peak of this process\'s ' +
			'heap during the run (every 5 ms) above its level just before, without a forced GC: a rough measure of what the run holds.',
		tables: [
			{
				head: ['', 'ms per run, median (min–max)', 'client CPU ms', 'sandbox CPU ms', 'requests', 'heap growth (peak)'],
				rows: [row('plain GramJS loop', 'plain'), row('node in n8n engine', 'node'), ['node overhead', percent(overhead), '', '', '', '']],
			},
		],
		targets: [],
		notes: [
			`Participant requests: the floor is ⌈${fmt(sizes.participants)} / ${PAGE_SIZE}⌉ = ${fmt(floor)} (phone.getGroupCall carries the first page).`,
			`Requests per run — node: ${requests('node')}; plain: ${requests('plain')}.`,
		],
	};
}

if (require.main === module) {
	runAsScript(async (quick) => await measureGetParticipants(quick ? { participants: 500, rounds: 2 } : { participants: 5000, rounds: 5 }));
}
