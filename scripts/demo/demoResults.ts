// Reads the demo run back from n8n's output, prints it as a table, and judges it against what the demo
// world predicts and what the sandbox recorded.
import type { Sandbox } from '../../sandbox';
import { invitedExactlyOnceProblems } from '../../test/e2e/support/sandboxGroundTruth';
import { nodeOutputJson, type ExecutedRun } from '../../test/e2e/support/runJson';
import { DEMO_CALL, expectedInvitedIds, type DemoUser } from './demoScenario';
import { DEMO_NODES } from './demoWorkflow';

export interface UserRow {
	readonly user: string;
	readonly output: 'invited' | 'failed';
	readonly userId: string | null;
	/** The Invited item's status, or the Failed item's code. */
	readonly outcome: string;
	readonly message: string;
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
	});
	return [...nodeOutputJson(run, DEMO_NODES.invite, 0).map(row('invited')), ...nodeOutputJson(run, DEMO_NODES.invite, 1).map(row('failed'))];
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
				: `failed  ${row.outcome}: ${row.message}`;
		lines.push(truncate(`  ${row.user.padEnd(userWidth)}  ${result}`, Math.max(60, width)));
	}
	const missing = users.filter((user) => !byUser.has(user.reference));
	for (const user of missing) lines.push(`  ${user.reference.padEnd(userWidth)}  (no result from the node)`);
	return lines.join('\n');
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
	}
	for (const row of rows) {
		if (!users.some((user) => user.reference === row.user)) problems.push(`unexpected result for "${row.user}"`);
	}
	const groundTruth = invitedExactlyOnceProblems(sandbox, DEMO_CALL.callId, expectedInvitedIds(users));
	return [...problems, ...groundTruth.map((problem) => `sandbox: ${problem}`)];
}
