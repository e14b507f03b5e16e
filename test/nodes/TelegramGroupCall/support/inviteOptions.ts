import type { InviteOptions } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/types';

/** The node's defaults for the invite options (docs/node.md): batch size 1, flood waits up to 60 s, a PEER_FLOOD held for 24 h. */
export const DEFAULT_OPTIONS: InviteOptions = {
	batchSize: 1,
	pauseMs: 0,
	maxFloodWaitSeconds: 60,
	alreadyInvitedCountsAsSuccess: false,
	skipUsersAlreadyInCall: false,
	dryRun: false,
	peerFloodCooldownHours: 24,
};
