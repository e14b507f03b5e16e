import type { IDataObject } from 'n8n-workflow';

import type { GroupCallInfo, TelegramChat } from '../../../transport';

/**
 * A call as the operations output it (Get, Create, Start Scheduled, End, Update): ids as decimal strings,
 * dates ISO 8601 UTC, null for what is absent. `chat` is null when the call was named "By ID" and its chat is
 * not known. `link` is the public call link, null in private chats (they have no such link).
 */
export function callJson(info: GroupCallInfo, chat: TelegramChat | undefined): IDataObject {
	return {
		callId: info.callId,
		accessHash: info.accessHash,
		chat: chat === undefined ? null : { id: chat.id, title: chat.title, username: chat.username ?? null },
		state: info.state,
		title: info.title,
		participantsCount: info.participantsCount,
		scheduledFor: isoDate(info.scheduledFor),
		recording: info.recordingSince !== null,
		recordingSince: isoDate(info.recordingSince),
		joinMuted: info.joinMuted,
		canChangeJoinMuted: info.canChangeJoinMuted,
		link: publicCallLink(chat),
	};
}

/** The link Telegram's apps share for a public chat's call; channels stream, groups chat. */
export function publicCallLink(chat: TelegramChat | undefined): string | null {
	if (chat?.username === undefined) return null;
	return `https://t.me/${chat.username}?${chat.kind === 'channel' && chat.broadcast === true ? 'livestream' : 'videochat'}`;
}

export function isoDate(unixSeconds: number | null): string | null {
	return unixSeconds === null ? null : new Date(unixSeconds * 1000).toISOString();
}
