// Reading a run of the Telegram Group Call node back from n8n: who ended where, so a test can prove that every
// user it asked for got exactly one result (Invited, Failed, or named in an error item's `details.users`).
import type { ExecutedRun } from './runJson';

export interface InviteOutcomes {
	/** `user` of every item on Invited. */
	readonly invited: string[];
	/** `user: CODE` of every per-user item on Failed. */
	readonly failed: string[];
	/** Users named by error items (account-level failures under a continue mode), wherever they ended up. */
	readonly undecided: string[];
}

interface ResultJson {
	user?: unknown;
	code?: unknown;
	error?: unknown;
	details?: { users?: unknown };
}

function errorUsers(json: ResultJson): string[] {
	const users = json.details?.users;
	return Array.isArray(users) ? users.map(String) : [];
}

/** Splits what one node sent out of its outputs (Invited, Failed and, if present, Error) into outcomes. */
export function inviteOutcomes(run: ExecutedRun, nodeName: string): InviteOutcomes {
	const taskRuns = run.data.resultData.runData[nodeName] ?? [];
	const outputs = taskRuns.at(-1)?.data?.main ?? [];
	const invited: string[] = [];
	const failed: string[] = [];
	const undecided: string[] = [];
	outputs.forEach((items, outputIndex) => {
		for (const item of items ?? []) {
			const json = item.json as ResultJson;
			if (json.error !== undefined && json.user === undefined) undecided.push(...errorUsers(json));
			else if (outputIndex === 0) invited.push(String(json.user));
			else failed.push(`${String(json.user)}: ${String(json.code)}`);
		}
	});
	return { invited, failed, undecided };
}

/** Every user reference the outcomes mention, in output order; a user listed twice means a double result. */
export function everyUserIn(outcomes: InviteOutcomes): string[] {
	return [...outcomes.invited, ...outcomes.failed.map((entry) => entry.slice(0, entry.indexOf(': '))), ...outcomes.undecided];
}
