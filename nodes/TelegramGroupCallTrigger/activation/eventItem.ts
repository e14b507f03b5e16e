import type { IDataObject } from 'n8n-workflow';

import type { RememberedPeer } from '../watcher/triggerState';
import type { WatchEvent } from '../watcher/watchEvent';

/**
 * One output item per event, in the action node's style: ids as decimal strings, dates ISO 8601 UTC, null for
 * what is absent. `call` has `id` and `accessHash` for the action node's Call "By ID" mode
 * (`{{ $json.call.id }}:{{ $json.call.accessHash }}`).
 */
export function eventItem(event: WatchEvent): IDataObject {
	const { chat, call } = event;
	const item: IDataObject = {
		event: event.event,
		at: isoDate(event.at),
		chat: { id: chat.id, title: chat.title, username: chat.username },
		call: {
			id: call.id,
			accessHash: call.accessHash,
			title: call.title,
			state: call.phase,
			participantsCount: call.participantsCount,
			scheduledFor: call.scheduledFor === null ? null : isoDate(call.scheduledFor),
		},
	};
	switch (event.event) {
		case 'callEnded':
			item.duration = event.duration ?? null;
			break;
		case 'titleChanged':
			item.previousTitle = event.previousTitle ?? null;
			break;
		case 'usersInvited':
			item.invitedUsers = (event.invitedUserIds ?? []).map((id) => ({ id }));
			item.inviter = event.inviterId === undefined || event.inviterId === null ? null : { id: event.inviterId };
			break;
		case 'participantJoined':
			if (event.peer) item.user = userJson(event.peer);
			break;
		case 'participantLeft':
			if (event.peer) item.user = userJson(event.peer);
			item.timeInCall = event.timeInCall ?? null;
			break;
		default:
			break;
	}
	return item;
}

function userJson(peer: RememberedPeer): IDataObject {
	return {
		id: peer.id,
		type: peer.kind,
		username: peer.username,
		firstName: peer.firstName,
		lastName: peer.lastName,
		title: peer.title,
		joinedAt: isoDate(peer.joinedAt),
	};
}

function isoDate(unixSeconds: number): string {
	return new Date(unixSeconds * 1000).toISOString();
}
