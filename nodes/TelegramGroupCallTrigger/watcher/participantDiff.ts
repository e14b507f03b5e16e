import type { CallParticipant } from '../../TelegramGroupCall/transport';

import { peerKey, type RememberedPeer } from './triggerState';

export interface ParticipantChanges {
	/** In the earlier snapshot, not (or with another join date: they left and came back) in the later one. */
	left: RememberedPeer[];
	/** In the later snapshot, not (or with another join date) in the earlier one. */
	joined: RememberedPeer[];
}

/** Who left and who joined between two polls of a call's participant list. */
export function diffParticipants(before: Record<string, RememberedPeer>, after: Record<string, RememberedPeer>): ParticipantChanges {
	const left: RememberedPeer[] = [];
	const joined: RememberedPeer[] = [];
	for (const [key, peer] of Object.entries(before)) {
		const now = after[key];
		if (now === undefined || now.joinedAt !== peer.joinedAt) left.push(peer);
	}
	for (const [key, peer] of Object.entries(after)) {
		const then = before[key];
		if (then === undefined || then.joinedAt !== peer.joinedAt) joined.push(peer);
	}
	joined.sort((a, b) => a.joinedAt - b.joinedAt);
	return { left, joined };
}

/** A poll's participant list as a snapshot; entries Telegram marks as having left are not in the call. */
export function snapshotOf(participants: readonly CallParticipant[]): Record<string, RememberedPeer> {
	const snapshot: Record<string, RememberedPeer> = {};
	for (const participant of participants) {
		if (participant.left) continue;
		const { peer } = participant;
		snapshot[peerKey(peer)] =
			peer.kind === 'user'
				? {
						id: peer.id,
						kind: 'user',
						username: peer.username ?? null,
						firstName: peer.firstName ?? null,
						lastName: peer.lastName ?? null,
						title: null,
						joinedAt: participant.joinedAt,
					}
				: { id: peer.id, kind: 'chat', username: peer.username ?? null, firstName: null, lastName: null, title: peer.title ?? null, joinedAt: participant.joinedAt };
	}
	return snapshot;
}
