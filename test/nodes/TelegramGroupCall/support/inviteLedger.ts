/**
 * The sandbox's invite ledger records each invite Telegram applied. Applying the same (call, user) twice is
 * what the node must never cause, whatever the batch mode, faults or input; both sandbox suites check it.
 */
import assert from 'node:assert/strict';

import type { WorldState } from '../../../../sandbox';

/** No (call, user) pair twice in the ledger; `context` (e.g. the seed) prefixes the failure. */
export function assertNobodyInvitedTwice(world: WorldState, context = ''): void {
	const seen = new Set<string>();
	for (const record of world.inviteLog()) {
		const key = `${record.callId}:${record.userId}`;
		assert.ok(!seen.has(key), `${context}user ${record.userId} was invited twice to call ${record.callId}`);
		seen.add(key);
	}
}
