import type { IDataObject } from 'n8n-workflow';

import type { CallParticipant } from '../../../transport';
import { isoDate } from '../common/callOutput';

/** Telegram's volume unit: 10000 is 100 %. */
const VOLUME_PER_PERCENT = 100;

/**
 * One Get Participants item. Every item has the same keys, so rows line up in a sheet: a person in the call
 * as themselves fills the user fields; one who joined as a channel or group (Telegram then hides who they
 * are) fills the chat fields instead, and the other set is null. `listenersHidden` says that the call lists
 * only those who may speak, so the list is not everyone present.
 */
export function participantJson(callId: string, participant: CallParticipant, listenersHidden: boolean): IDataObject {
	const peer = participant.peer;
	const user = peer.kind === 'user' ? peer : undefined;
	const chat = peer.kind === 'chat' ? peer : undefined;
	return {
		callId,
		joinedAs: peer.kind,
		userId: user?.id ?? null,
		username: user?.username ?? null,
		firstName: user?.firstName ?? null,
		lastName: user?.lastName ?? null,
		chatId: chat?.id ?? null,
		chatTitle: chat?.title ?? null,
		chatUsername: chat?.username ?? null,
		isSelf: participant.self,
		joinedAt: isoDate(participant.joinedAt),
		lastActiveAt: isoDate(participant.lastActiveAt),
		muted: participant.muted,
		canSelfUnmute: participant.canSelfUnmute,
		raisedHand: participant.raisedHand,
		video: participant.video,
		screenSharing: participant.screenSharing,
		volumePercent: participant.volume === null ? 100 : participant.volume / VOLUME_PER_PERCENT,
		about: participant.about,
		listenersHidden,
	};
}
