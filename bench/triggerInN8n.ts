/**
 * The Telegram Group Call Trigger in a real n8n 2.41.1 (issue 12): event latency (a sandbox event → the execution's
 * start time as n8n records it), idle CPU and memory of an n8n whose active trigger watches 100 chats next to the
 * same n8n with the workflow inactive (both running at once, so other load on the machine hits both alike), and the
 * participant polling's requests per minute per active call, from the sandbox's request log.
 * Runs in `npm run bench`; alone: `npm run build && node --import tsx bench/triggerInN8n.ts [--quick]`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startSandbox, type Sandbox, type WorldFile } from '../sandbox';
import { sandboxCredential } from '../test/e2e/fixtures/inviteWorkflows';
import { triggerWorkflow, TRIGGER_NODES, type TriggerSettings } from '../test/e2e/fixtures/triggerWorkflows';
import { waitForPublished } from '../test/e2e/support/n8nActivation';
import { lastExecutionId, waitForExecutions } from '../test/e2e/support/n8nExecutions';
import {
	createN8nUserFolder,
	importCredentials,
	importWorkflow,
	ownerSetup,
	publishWorkflow,
	startN8n,
	type N8nMain,
	type N8nUserFolder,
	N8N_VERSION,
} from '../test/e2e/support/n8nProcess';
import { nodeOutputJson } from '../test/e2e/support/runJson';
import { buildWorld } from '../test/support/worldBuilder';
import { runAsScript } from './support/contenders';
import { groupUsage, type GroupUsage } from './support/processGroupUsage';
import type { Section } from './support/report';
import { fmt, max, median, mib } from './support/stats';

export interface TriggerInN8nSizes {
	/** Chats the trigger watches ("All Chats" of an account with this many groups, none with a call when idle). */
	chats: number;
	/** Calls started one after another in one chat, each timed from the sandbox event to n8n's execution start. */
	latencyRounds: number;
	idleSeconds: number;
	/** Calls kept active (two people in each) while the polling is counted. */
	polledCalls: number;
	pollSeconds: number;
}

const WORKFLOW_ID = 'benchTrigger0001';
/** The node's default Poll Interval (issue 12), stated so the expected rate below follows it. */
const POLL_INTERVAL_SECONDS = 10;
const SETTINGS: TriggerSettings = { chats: 'all', events: ['callStarted', 'participantJoined', 'participantLeft'], pollInterval: POLL_INTERVAL_SECONDS };
/** After activation: let start-up work (n8n's own timers, the trigger's first reads) finish before idling is measured. */
const SETTLE_MS = 10_000;

/** `chats` supergroups, each with the account and three people, no calls: what an idle trigger watches. */
function watchedWorld(chats: number): WorldFile {
	const users = Array.from({ length: 3 }, (_, index) => ({ id: String(5001 + index), accessHash: String(6001 + index), firstName: `Person ${index + 1}` }));
	return buildWorld({
		users,
		chats: Array.from({ length: chats }, (_, index) => ({
			id: String(2_000_000 + index),
			accessHash: String(8_000_000 + index),
			kind: 'supergroup' as const,
			title: `Watched ${index + 1}`,
			username: `watched_${index + 1}`,
			members: ['1000', ...users.map((user) => user.id)],
			canManageCall: true,
		})),
	});
}

async function preparedFolder(sandbox: Sandbox, publish: boolean): Promise<N8nUserFolder> {
	const folder = createN8nUserFolder({ withPackage: true });
	await importCredentials(folder, [sandboxCredential(sandbox.credentials())]);
	await importWorkflow(folder, triggerWorkflow(WORKFLOW_ID, SETTINGS));
	if (publish) await publishWorkflow(folder, WORKFLOW_ID);
	return folder;
}

function p95(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? NaN;
}

function lastSeq(sandbox: Sandbox): number {
	return sandbox.requests().at(-1)?.seq ?? 0;
}

async function usageOver(seconds: number, mains: readonly N8nMain[]): Promise<Array<{ cpuSeconds: number; end: GroupUsage }>> {
	const before = mains.map((main) => groupUsage(main.process.pid));
	await sleep(seconds * 1000);
	return mains.map((main, index) => {
		const end = groupUsage(main.process.pid);
		return { cpuSeconds: end.cpuSeconds - before[index]!.cpuSeconds, end };
	});
}

export async function measureTriggerInN8n(sizes: TriggerInN8nSizes): Promise<Section> {
	const sandbox = await startSandbox({ port: 0, world: watchedWorld(sizes.chats) });
	const folders: N8nUserFolder[] = [];
	const mains: N8nMain[] = [];
	try {
		folders.push(...(await Promise.all([preparedFolder(sandbox, true), preparedFolder(sandbox, false)])));
		mains.push(...(await Promise.all(folders.map(async (folder) => await startN8n(folder)))));
		const [active, inactive] = mains as [N8nMain, N8nMain];
		const client = await ownerSetup(active.url);
		await waitForPublished(client, WORKFLOW_ID, 120_000);
		await sleep(SETTLE_MS);

		// Idle: nothing happens in the 100 watched chats.
		const idleMark = lastSeq(sandbox);
		const [idleActive, idleInactive] = await usageOver(sizes.idleSeconds, [active, inactive]);
		const idleRequests = sandbox.requests().filter((entry) => entry.seq > idleMark);

		// Latency: a call starts (the sandbox pushes updateGroupCall + the service message) → n8n starts the execution.
		const latencies: number[] = [];
		const latencyChat = sandbox.world.chats()[0]!.id;
		for (let round = 0; round < sizes.latencyRounds; round += 1) {
			const after = await lastExecutionId(client, WORKFLOW_ID);
			const eventAt = Date.now();
			const started = sandbox.drive.adminStarts(latencyChat);
			const [execution] = await waitForExecutions(client, WORKFLOW_ID, { count: 1, afterId: after, timeoutMs: 60_000 });
			const [item] = nodeOutputJson(execution!.run, TRIGGER_NODES.trigger);
			const call = item?.call as { id?: unknown } | undefined;
			if (item?.event !== 'callStarted' || call?.id !== started.callId) {
				throw new Error(`round ${round}: the execution's item is ${JSON.stringify(item)}, not callStarted for call ${started.callId}`);
			}
			latencies.push(Date.parse(execution!.startedAt ?? '') - eventAt);
			sandbox.drive.adminEnds(started.callId);
		}

		// Polling: calls active in other chats, two people in each; what the trigger asks the sandbox meanwhile.
		const polledChats = sandbox.world.chats().slice(1, 1 + sizes.polledCalls);
		const polledCalls = polledChats.map((chat) => {
			const { callId } = sandbox.drive.adminStarts(chat.id);
			for (const userId of chat.members.slice(1, 3)) sandbox.drive.userJoins(callId, userId);
			return callId;
		});
		const pollMark = lastSeq(sandbox);
		const [polling] = await usageOver(sizes.pollSeconds, [active]);
		const pollRequests = sandbox.requests().filter((entry) => entry.seq > pollMark);
		// A poll reads a call's participants with phone.getGroupCall (its first page, up to `limit`) and, past that,
		// phone.getGroupParticipants: every request naming the call counts.
		const perCallReads = polledCalls.map((callId) => pollRequests.filter((entry) => (entry.params as { call?: { id?: string } } | null)?.call?.id === callId).length);
		const minutes = sizes.pollSeconds / 60;
		const methods = [...new Set(pollRequests.map((entry) => entry.method))].sort();

		return {
			title: `Trigger in a real n8n: event latency, idle cost watching ${fmt(sizes.chats)} chats, polling`,
			how:
				`n8n ${N8N_VERSION} (regular mode, SQLite) with the package installed as users get it; the workflow "Telegram Group Call Trigger ` +
				`(All Chats: ${fmt(sizes.chats)} supergroups; Call Started, Participant Joined/Left; Poll Interval ${POLL_INTERVAL_SECONDS} s) → Set". ` +
				`Latency: ${fmt(sizes.latencyRounds)} calls started one after another by another admin (sandbox.drive), from just before the sandbox ` +
				"pushes the update to the execution's startedAt in n8n's database (same clock, ms). Idle: CPU seconds of each n8n's process group " +
				`over ${fmt(sizes.idleSeconds)} s and its RSS at the end, the active and the inactive instance running side by side. Polling: ` +
				`${fmt(sizes.polledCalls)} active calls with two people each, requests in the sandbox's log over ${fmt(sizes.pollSeconds)} s.`,
			tables: [
				{
					head: ['event → execution started', 'median', 'p95', 'max'],
					rows: [[`${fmt(latencies.length)} call starts`, `${fmt(median(latencies))} ms`, `${fmt(p95(latencies))} ms`, `${fmt(max(latencies))} ms`]],
				},
				{
					head: ['n8n, idle', `CPU s over ${fmt(sizes.idleSeconds)} s`, 'share of one core', 'RSS', 'requests to Telegram'],
					rows: [
						[
							`workflow active, trigger watching ${fmt(sizes.chats)} chats`,
							fmt(idleActive!.cpuSeconds, 2),
							`${fmt((idleActive!.cpuSeconds / sizes.idleSeconds) * 100, 2)} %`,
							mib(idleActive!.end.rssBytes),
							fmt(idleRequests.length),
						],
						[
							'workflow inactive (same package, same workflow)',
							fmt(idleInactive!.cpuSeconds, 2),
							`${fmt((idleInactive!.cpuSeconds / sizes.idleSeconds) * 100, 2)} %`,
							mib(idleInactive!.end.rssBytes),
							'0',
						],
					],
				},
				{
					head: ['active calls', 'requests naming the call, per minute per call', 'all requests per minute per call', `n8n CPU s over ${fmt(sizes.pollSeconds)} s`],
					rows: [
						[
							fmt(polledCalls.length),
							`${fmt(median(perCallReads) / minutes, 1)} (per call: ${perCallReads.map((count) => fmt(count / minutes, 1)).join(', ')})`,
							fmt(pollRequests.length / polledCalls.length / minutes, 1),
							fmt(polling!.cpuSeconds, 2),
						],
					],
				},
			],
			targets: [],
			notes: [
				`Idle requests: ${idleRequests.length === 0 ? 'none' : [...new Set(idleRequests.map((entry) => entry.method))].join(', ')}. ` +
					`Requests while polling: ${methods.join(', ')}.`,
				`At a Poll Interval of ${POLL_INTERVAL_SECONDS} s the expected rate is ${fmt(60 / POLL_INTERVAL_SECONDS)} reads per minute per active call ` +
					'when one page holds everyone in it; nothing is polled while no watched chat has an active call. A window catches a poll ' +
					'more or less at its edges, so short windows read a little under the rate.',
			],
		};
	} finally {
		for (const main of mains) await main.stop();
		await sandbox.stop();
		for (const folder of folders) folder.remove();
	}
}

export const TRIGGER_FULL: TriggerInN8nSizes = { chats: 100, latencyRounds: 30, idleSeconds: 60, polledCalls: 5, pollSeconds: 60 };
export const TRIGGER_QUICK: TriggerInN8nSizes = { chats: 100, latencyRounds: 5, idleSeconds: 15, polledCalls: 3, pollSeconds: 30 };

if (require.main === module) runAsScript(async (quick) => await measureTriggerInN8n(quick ? TRIGGER_QUICK : TRIGGER_FULL));
