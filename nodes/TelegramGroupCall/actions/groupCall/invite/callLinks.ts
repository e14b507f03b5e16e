import { describeError } from '../../../errors/catalog';
import type { GroupCallHandle, TelegramError } from '../../../transport';
import type { FailedResult } from './types';

/**
 * The failures that mean "Telegram will not let this account invite this person, but the person could join
 * by the link": privacy settings forbid invitations (USER_PRIVACY_RESTRICTED), the person is not a member of
 * the chat (USER_NOT_PARTICIPANT: a public chat can be joined from its link), or Telegram accepted the request
 * and left them out without a reason (NOT_INVITED_BY_TELEGRAM). Left out on purpose: users who were invited
 * already (USER_ALREADY_INVITED: they have the invitation), bots (CHAT_TYPE_INVALID: a bot cannot join a call by
 * a link either, and the catalog tells the user to remove it), accounts that do not exist or are deleted, references
 * the node could not resolve, failures of the whole call (a link to a call that ended or refuses invitations
 * helps nobody), and the account's anti-spam limits (PEER_FLOOD, FLOOD_WAIT: the remedy is to wait, and
 * sending links in bulk instead is what those limits are about). docs/decisions/0010-call-links-for-failed-users.md.
 */
export const CALL_LINK_CODES: ReadonlySet<string> = new Set([
	'USER_PRIVACY_RESTRICTED',
	'USER_NOT_PARTICIPANT',
	'NOT_INVITED_BY_TELEGRAM',
]);

export function wantsCallLink(result: FailedResult): boolean {
	return CALL_LINK_CODES.has(result.code);
}

/** What a qualifying user carries when the call has no link to give. */
export function noLinkNote(error: TelegramError | undefined): string {
	const code = error?.code ?? 'PUBLIC_CHANNEL_MISSING';
	const description = describeError(code, error?.httpCode);
	if (code === 'PUBLIC_CHANNEL_MISSING') return `No call link: ${lowerFirst(description.message)}`;
	return `No call link: exporting it failed (${description.code}). ${description.message}`;
}

/** A chat known to be private (no username) has no call link: no need to ask Telegram. */
export function knownPrivate(handle: GroupCallHandle): boolean {
	return handle.chat !== undefined && handle.chat.username === undefined;
}

function lowerFirst(text: string): string {
	return text.charAt(0).toLowerCase() + text.slice(1);
}
