// Reads the demo run back from n8n's output, prints it as a table, and judges it against what the demo
// world predicts and what the sandbox recorded.
import type { Sandbox } from '../../sandbox';
import { invitedExactlyOnceProblems } from '../../test/e2e/support/sandboxGroundTruth';
import { nodeOutputJson, type ExecutedRun } from '../../test/e2e/support/runJson';
import { DEMO_CALL, DEMO_USERS, expectedInvitedIds, expectedParticipantIds, type DemoUser } from './demoScenario';
import { DEMO_NODES } from './demoWorkflow';

export interface UserRow {
	readonly user: string;
	readonly output: 'invited' | 'failed';
	readonly userId: string | null;
	/** The Invited item's status, or the Failed item's code. */
	readonly outcome: string;
	readonly message: string;
	/** The Failed item's `callLink`: a link, `null` (no link, with a note), or undefined when it has none. */
	readonly callLink?: string | null;
}

/** One item of "Who is in the call" (Get Participants). */
export interface ParticipantRow {
	readonly userId: string | null;
	readonly name: string;
	readonly isSelf: boolean;
	readonly muted: boolean;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
}

/** One row per item the node sent out of Invited and Failed, in that order. */
export function demoRows(run: ExecutedRun): UserRow[] {
	const row = (output: UserRow['output']) => (json: Record<string, unknown>): UserRow => ({
		user: text(json.user),
		output,
		userId: typeof json.userId === 'string' ? json.userId : null,
		outcome: text(output === 'invited' ? json.status : (json.code ?? json.error)),
		message: text(json.message ?? json.error),
		...('callLink' in json ? { callLink: typeof json.callLink === 'string' ? json.callLink : null } : {}),
	});
	return [...nodeOutputJson(run, DEMO_NODES.invite, 0).map(row('invited')), ...nodeOutputJson(run, DEMO_NODES.invite, 1).map(row('failed'))];
}

/** One row per item "Who is in the call" sent out. */
export function participantRows(run: ExecutedRun): ParticipantRow[] {
	return nodeOutputJson(run, DEMO_NODES.participants, 0).map((json) => {
		const username = typeof json.username === 'string' ? `@${json.username}` : null;
		const fullName = [json.firstName, json.lastName].filter((part) => typeof part === 'string').join(' ') || text(json.chatTitle);
		return {
			userId: typeof json.userId === 'string' ? json.userId : typeof json.chatId === 'string' ? json.chatId : null,
			name: username === null ? fullName : `${username} (${fullName})`,
			isSelf: json.isSelf === true,
			muted: json.muted === true,
		};
	});
}

function truncate(value: string, width: number): string {
	return value.length <= width ? value : `${value.slice(0, width - 1)}…`;
}

/** user → invited / failed CODE: message, one line each, in the order of `users`. */
/** Lines are cut to `width` (the terminal's, when there is one; piped output keeps whole messages). */
export function formatTable(users: readonly DemoUser[], rows: readonly UserRow[], width = process.stdout.columns ?? Infinity): string {
	const byUser = new Map(rows.map((row) => [row.user, row]));
	const ordered = [...users.map((user) => byUser.get(user.reference)), ...rows.filter((row) => !users.some((user) => user.reference === row.user))];
	const userWidth = Math.max(4, ...rows.map((row) => row.user.length));
	const lines = [`  ${'User'.padEnd(userWidth)}  Result`, `  ${'-'.repeat(userWidth)}  ${'-'.repeat(40)}`];
	for (const row of ordered) {
		if (!row) continue;
		const result =
			row.output === 'invited'
				? `invited (user id ${row.userId ?? '?'})`
				: `failed  ${row.outcome}${typeof row.callLink === 'string' ? `, call link ${row.callLink}` : ''}: ${row.message}`;
		lines.push(truncate(`  ${row.user.padEnd(userWidth)}  ${result}`, Math.max(60, width)));
	}
	const missing = users.filter((user) => !byUser.has(user.reference));
	for (const user of missing) lines.push(`  ${user.reference.padEnd(userWidth)}  (no result from the node)`);
	return lines.join('\n');
}

/** name (id), and whether muted, one line each, in the order Telegram listed them. */
export function formatParticipants(rows: readonly ParticipantRow[]): string {
	if (rows.length === 0) return '  (nobody)';
	const nameWidth = Math.max(...rows.map((row) => row.name.length));
	return rows
		.map((row) => `  ${row.name.padEnd(nameWidth)}  user id ${row.userId ?? '?'}${row.isSelf ? ', this account' : ''}, ${row.muted ? 'muted' : 'speaking'}`)
		.join('\n');
}

/** Everything that differs from the prediction (empty when the run went as the demo world predicts). */
export function demoProblems(users: readonly DemoUser[], rows: readonly UserRow[], sandbox: Sandbox): string[] {
	const problems: string[] = [];
	for (const user of users) {
		const matching = rows.filter((row) => row.user === user.reference);
		if (matching.length !== 1) {
			problems.push(`${user.reference}: expected one result, got ${matching.length}`);
			continue;
		}
		const [row] = matching;
		const expected = user.expected;
		if (expected.output === 'invited' && !(row.output === 'invited' && row.outcome === 'invited' && row.userId === expected.userId)) {
			problems.push(`${user.reference}: expected invited as ${expected.userId}, got ${row.output} ${row.outcome}`);
		}
		if (expected.output === 'failed' && !(row.output === 'failed' && row.outcome === expected.code)) {
			problems.push(`${user.reference}: expected failed ${expected.code}, got ${row.output} ${row.outcome}`);
		}
		if (expected.output === 'failed' && expected.callLink && row.callLink !== DEMO_CALL.link) {
			problems.push(`${user.reference}: expected the call link ${DEMO_CALL.link}, got ${row.callLink === undefined ? 'none' : String(row.callLink)}`);
		}
		if (expected.output === 'failed' && !expected.callLink && row.callLink !== undefined) {
			problems.push(`${user.reference}: expected no call link, got ${String(row.callLink)}`);
		}
	}
	for (const row of rows) {
		if (!users.some((user) => user.reference === row.user)) problems.push(`unexpected result for "${row.user}"`);
	}
	const groundTruth = invitedExactlyOnceProblems(sandbox, DEMO_CALL.callId, expectedInvitedIds(users));
	const wantsLink = users.some((user) => user.expected.output === 'failed' && user.expected.callLink);
	const exports = sandbox.requests('phone.exportGroupCallInvite').length;
	// One export per call per execution, and only when someone needs the link (docs/node.md).
	if (exports !== (wantsLink ? 1 : 0)) groundTruth.push(`phone.exportGroupCallInvite was asked ${exports} times, expected ${wantsLink ? 1 : 0}`);
	return [...problems, ...groundTruth.map((problem) => `sandbox: ${problem}`)];
}

/**
 * What differs between "Who is in the call" and who is in the call: the world's prediction, and the sandbox's
 * own state of the call after the run (each participant listed once, nobody missing).
 */
export function participantProblems(rows: readonly ParticipantRow[], sandbox: Sandbox, users: readonly DemoUser[] = DEMO_USERS): string[] {
	const listed = rows.map((row) => row.userId ?? '?').sort();
	const problems: string[] = [];
	const predicted = expectedParticipantIds(users);
	if (listed.join() !== predicted.join()) problems.push(`"${DEMO_NODES.participants}" listed [${listed.join(', ')}], the world predicts [${predicted.join(', ')}]`);
	const inCall = [...(sandbox.world.call(DEMO_CALL.callId)?.call.participants ?? [])].sort();
	if (listed.join() !== inCall.join()) problems.push(`sandbox: the call's participants are [${inCall.join(', ')}], "${DEMO_NODES.participants}" listed [${listed.join(', ')}]`);
	return problems;
}
