// What the sandbox saw, as the e2e tests and the demo judge a run: who was invited to a call, how often, and
// how many invite requests named each user. n8n's own output is checked against this, never the reverse.
import type { Sandbox } from '../../../sandbox';

interface LoggedInputUser {
	readonly userId?: string;
}

interface LoggedInviteParams {
	readonly call?: { readonly id?: string };
	readonly users?: readonly LoggedInputUser[];
}

/** user id → how many phone.inviteToGroupCall requests for `callId` named that user (answered or not). */
export function inviteAttemptsByUser(sandbox: Sandbox, callId: string): Map<string, number> {
	const attempts = new Map<string, number>();
	for (const entry of sandbox.requests('phone.inviteToGroupCall')) {
		const params = entry.params as LoggedInviteParams | null;
		if (params?.call?.id !== callId) continue;
		for (const user of params.users ?? []) {
			if (user.userId === undefined) continue;
			attempts.set(user.userId, (attempts.get(user.userId) ?? 0) + 1);
		}
	}
	return attempts;
}

export interface InviteGroundTruth {
	/** Users whose invite to the call was applied in this sandbox run, sorted. */
	readonly invited: string[];
	/** Users invited more than once (always empty under the sandbox's rules; kept as the invariant it is). */
	readonly invitedMoreThanOnce: string[];
	/** Users named in more than one invite request to the call. */
	readonly askedMoreThanOnce: string[];
}

export function inviteGroundTruth(sandbox: Sandbox, callId: string): InviteGroundTruth {
	const invited = [...sandbox.world.invitedUsers(callId)].sort();
	const attempts = inviteAttemptsByUser(sandbox, callId);
	return {
		invited,
		invitedMoreThanOnce: invited.filter((userId) => sandbox.world.inviteCount(callId, userId) !== 1),
		askedMoreThanOnce: [...attempts].filter(([, count]) => count > 1).map(([userId]) => userId).sort(),
	};
}

/**
 * Problems (empty when none) if the call's invited users are not exactly `expected`, each invited once and
 * asked for once.
 */
export function invitedExactlyOnceProblems(sandbox: Sandbox, callId: string, expected: readonly string[]): string[] {
	const truth = inviteGroundTruth(sandbox, callId);
	const wanted = [...expected].sort();
	const problems: string[] = [];
	const missing = wanted.filter((userId) => !truth.invited.includes(userId));
	const unexpected = truth.invited.filter((userId) => !wanted.includes(userId));
	if (missing.length > 0) problems.push(`not invited: ${missing.join(', ')}`);
	if (unexpected.length > 0) problems.push(`invited but not expected: ${unexpected.join(', ')}`);
	if (truth.invitedMoreThanOnce.length > 0) problems.push(`invited more than once: ${truth.invitedMoreThanOnce.join(', ')}`);
	if (truth.askedMoreThanOnce.length > 0) problems.push(`named in more than one invite request: ${truth.askedMoreThanOnce.join(', ')}`);
	return problems;
}
