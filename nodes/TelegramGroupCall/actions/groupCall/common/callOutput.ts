import type { IDataObject } from 'n8n-workflow';

import type { GroupCallInfo, TelegramChat } from '../../../transport';
import { migratedFromJson } from './upgradeNotice';

/**
 * A call as the operations output it (Get, Create, Start Scheduled, End, Update): ids as decimal strings,
 * dates ISO 8601 UTC, null for what is absent. `chat` is null when the call was named "By ID" and its chat is
 * not known. `link` is the public call link, null in private chats (they have no such link) and for ended calls.
 */
export function callJson(info: GroupCallInfo, chat: TelegramChat | undefined): IDataObject {
	return {
		callId: info.callId,
		accessHash: info.accessHash,
		chat: chat === undefined ? null : chatJson(chat),
		state: info.state,
		title: info.title,
		participantsCount: info.participantsCount,
		scheduledFor: isoDate(info.scheduledFor),
		recording: info.recordingSince !== null,
		recordingSince: isoDate(info.recordingSince),
		joinMuted: info.joinMuted,
		canChangeJoinMuted: info.canChangeJoinMuted,
		// An ended call has no link: the chat's link would lead to whatever call runs there next.
		link: info.state === 'ended' ? null : publicCallLink(chat),
	};
}

/**
 * Get's answer for a chat that has no call now (never had one, or its last call ended): the same fields as
 * callJson, state "none", the chat filled in and every field of the call null, so a workflow can branch on
 * `state` without an error.
 */
export function noCallJson(chat: TelegramChat): IDataObject {
	return {
		callId: null,
		accessHash: null,
		chat: chatJson(chat),
		state: 'none',
		title: null,
		participantsCount: null,
		scheduledFor: null,
		recording: null,
		recordingSince: null,
		joinMuted: null,
		canChangeJoinMuted: null,
		link: null,
	};
}

/** The call's chat; `migratedFrom` (the Bot API id the user named) only when the chat is an upgraded group's supergroup. */
function chatJson(chat: TelegramChat): IDataObject {
	return { id: chat.id, title: chat.title, username: chat.username ?? null, ...migratedFromJson(chat) };
}

/** The link Telegram's apps share for a public chat's call; channels stream, groups chat. */
export function publicCallLink(chat: TelegramChat | undefined): string | null {
	if (chat?.username === undefined) return null;
	return `https://t.me/${chat.username}?${chat.kind === 'channel' && chat.broadcast === true ? 'livestream' : 'videochat'}`;
}

export function isoDate(unixSeconds: number | null): string | null {
	return unixSeconds === null ? null : new Date(unixSeconds * 1000).toISOString();
}
