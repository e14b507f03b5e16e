import { benchChatUsername, benchUserIds } from './support/benchWorld';
import { describeRequests, measure, type Measurement } from './support/measure';
import { closeNodeConnections, expectAllInvited, runNode } from './support/nodeRun';
import { RemoteSandbox } from './support/remoteSandbox';
import type { Section } from './support/report';
import type { EngineRun } from '../test/harness';
import { fmt, median, spread } from './support/stats';

export interface ErrorAnswersSizes {
	users: number;
	/** Each round runs the all-failing list once and the all-succeeding list once, in alternating order. */
	rounds: number;
}

type Kind = 'fail' | 'succeed';

const FAILING_CODE = 'USERNAME_NOT_OCCUPIED';

/**
 * Issue 8, item 12: what a Telegram error answer costs compared with a success. GramJS acknowledges an error
 * answer in a message of its own; with Nagle's algorithm on, the next request then waited for the sandbox's
 * delayed ACK (~40 ms on loopback). The node's socket has Nagle off; this keeps the two cases side by side.
 */
export async function measureErrorAnswers(sizes: ErrorAnswersSizes): Promise<Section> {
	// Chat 0 for the failing runs and the warm-up; one fresh chat (and call) per succeeding run.
	const sandbox = await RemoteSandbox.start({ users: sizes.users, chats: Array.from({ length: sizes.rounds + 2 }, () => sizes.users) });
	const credentials = sandbox.credentials;
	const unknownUsernames = Array.from({ length: sizes.users }, (_, index) => `@nobody_${index}_here`);
	const members = benchUserIds(sizes.users);
	let succeedChat = 1;
	const runOnce = async (kind: Kind): Promise<Measurement> =>
		await measure(sandbox, async () => {
			if (kind === 'fail') {
				expectAllFailed(await runNode({ credentials, chat: benchChatUsername(0), users: unknownUsernames }), sizes.users);
			} else {
				expectAllInvited(await runNode({ credentials, chat: benchChatUsername(succeedChat++), users: members }), sizes.users);
			}
		});
	try {
		// Warm-up, not recorded: the pooled connection opens and both paths get compiled.
		await runOnce('fail');
		await runOnce('succeed');
		const results: Record<Kind, Measurement[]> = { fail: [], succeed: [] };
		for (let round = 0; round < sizes.rounds; round++) {
			const order: Kind[] = round % 2 === 0 ? ['fail', 'succeed'] : ['succeed', 'fail'];
			for (const kind of order) results[kind].push(await runOnce(kind));
		}
		return report(sizes, results);
	} finally {
		await closeNodeConnections();
		await sandbox.stop();
	}
}

/** Every user on Failed with the unknown-username code: a benchmark of another outcome would measure something else. */
function expectAllFailed(run: EngineRun, users: number): void {
	const failed = run.outputs[1] ?? [];
	const wrong = failed.filter((item) => item.json.code !== FAILING_CODE);
	if (run.status !== 'success' || failed.length !== users || wrong.length > 0 || (run.outputs[0] ?? []).length > 0) {
		throw new Error(`node run: status ${run.status}, ${failed.length}/${users} failed; e.g. ${JSON.stringify(wrong[0]?.json ?? run.error ?? null)}`);
	}
}

function report(sizes: ErrorAnswersSizes, results: Record<Kind, Measurement[]>): Section {
	const totals = (kind: Kind): number[] => results[kind].map((run) => run.wallMs);
	const perUser = (kind: Kind): number => median(totals(kind)) / sizes.users;
	const row = (label: string, kind: Kind): string[] => [
		label,
		spread(totals(kind)),
		fmt(perUser(kind), 2),
		describeRequests(results[kind][0]?.sandbox.byMethod ?? {}),
	];
	return {
		title: `Error answers vs successes (${fmt(sizes.users)} users, ${sizes.rounds} rounds)`,
		how:
			`The node in n8n's engine, over an already open connection, once with ${fmt(sizes.users)} usernames nobody has (each ` +
			`answered 400 USERNAME_NOT_OCCUPIED, so every user fails) and once inviting ${fmt(sizes.users)} members by id (every ` +
			'user invited, into a call of its own per run). Rounds alternate the order; times are the median (min–max) of the rounds.',
		tables: [
			{
				head: ['users', 'run ms, median (min–max)', 'ms per user', 'requests by method'],
				rows: [row('all fail (unknown usernames)', 'fail'), row('all succeed (member ids)', 'succeed')],
			},
		],
		targets: [],
		notes: [`An error answer costs ${fmt(perUser('fail'), 2)} ms per user here, a successful invite ${fmt(perUser('succeed'), 2)} ms.`],
	};
}
