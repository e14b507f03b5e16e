import type { CallParticipant, GroupCallHandle, GroupCallInfo, TelegramGateway } from '../../../transport';
import type { Send } from '../common/withRetries';

/** Participants asked for per request: TDLib's limit for loadGroupCallParticipants ("up to 100"). */
export const PARTICIPANTS_PAGE_SIZE = 100;
/** 100,000 participants: beyond any call Telegram lists, so only a server that pages forever reaches it. */
const MAX_PAGES = 1_000;

export interface CollectedParticipants {
	/** The call as the first page described it. */
	call: GroupCallInfo | undefined;
	/** In Telegram's order, each peer once (a list that shifts between pages can repeat an entry). */
	participants: CallParticipant[];
	/** Why paging stopped before Telegram said the list was complete, for the person to know. */
	stoppedEarly?: 'repeatedOffset' | 'tooManyPages';
}

/** Sends one page request with the caller's retry policy. */
export type PageRequester = Send;

/**
 * Walks a call's participant list page by page: at most `wanted` entries (all of them when undefined), asking
 * for no more than are still wanted. An empty next offset ends the walk; an offset seen before would loop
 * forever, so it ends the walk too and says so (`stoppedEarly`), as does an implausible number of pages.
 */
export async function collectParticipants(
	gateway: TelegramGateway,
	handle: GroupCallHandle,
	wanted: number | undefined,
	send: PageRequester,
): Promise<CollectedParticipants> {
	const participants: CallParticipant[] = [];
	const seenPeers = new Set<string>();
	const seenOffsets = new Set<string>();
	let call: GroupCallInfo | undefined;
	let offset = '';
	for (let pages = 0; ; pages++) {
		if (pages === MAX_PAGES) return { call, participants, stoppedEarly: 'tooManyPages' };
		seenOffsets.add(offset);
		const limit = wanted === undefined ? PARTICIPANTS_PAGE_SIZE : Math.min(PARTICIPANTS_PAGE_SIZE, wanted - participants.length);
		const page = await send(async () => await gateway.getParticipantsPage(handle, offset, limit));
		call ??= page.call;
		for (const participant of page.participants) {
			const key = `${participant.peer.kind}:${participant.peer.id}`;
			if (participant.left || seenPeers.has(key)) continue;
			seenPeers.add(key);
			participants.push(participant);
			if (participants.length === wanted) return { call, participants };
		}
		if (page.nextOffset === '') return { call, participants };
		if (seenOffsets.has(page.nextOffset)) return { call, participants, stoppedEarly: 'repeatedOffset' };
		offset = page.nextOffset;
	}
}
