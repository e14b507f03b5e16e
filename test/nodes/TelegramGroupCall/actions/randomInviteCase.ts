/**
 * A random case for runInvites' invariant test: the shared random world and items (support/randomWorld.ts),
 * plus what only the in-process run can afford, since its sleeps are recorded, not slept: faults the node must
 * survive (flood waits, server hiccups) and every option, dry run and pauses included.
 */
import type { InviteOptions } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/types';
import type { Fault } from '../../../../sandbox/world/worldFile';
import { randomCase, type RandomCase } from '../support/randomWorld';
import { INVITE_METHOD } from '../support/requestLog';
import type { SeededRandom } from '../support/seededRandom';

export interface RandomInviteCase extends Omit<RandomCase, 'random'> {
	options: Partial<InviteOptions>;
}

/** Up to three faults on the first invites, sometimes a flood wait on username lookups. */
function randomFaults(random: SeededRandom): Fault[] {
	const faults: Fault[] = [];
	const faultCalls = new Set<number>();
	for (let count = random.chance(0.4) ? random.int(1, 3) : 0; count > 0; count--) {
		const call = random.int(1, 6);
		if (faultCalls.has(call)) continue;
		faultCalls.add(call);
		faults.push(
			random.chance(0.6)
				? { method: INVITE_METHOD, call, action: 'floodWait', seconds: random.pick([2, 30, 3600]) }
				: { method: INVITE_METHOD, call, action: 'error', code: 500, message: 'INTERNAL' },
		);
	}
	if (random.chance(0.15)) faults.push({ method: 'contacts.resolveUsername', call: random.int(1, 4), action: 'floodWait', seconds: random.pick([5, 3600]) });
	return faults;
}

export function randomInviteCase(seed: number): RandomInviteCase {
	const { random, ...shared } = randomCase(seed);
	shared.world.behaviour.faults = randomFaults(random);
	const options: Partial<InviteOptions> = {
		batchSize: random.int(1, 10),
		pauseMs: random.pick([0, 0, 100]),
		alreadyInvitedCountsAsSuccess: random.chance(0.5),
		skipUsersAlreadyInCall: random.chance(0.5),
		dryRun: random.chance(0.1),
	};
	return { ...shared, options };
}
