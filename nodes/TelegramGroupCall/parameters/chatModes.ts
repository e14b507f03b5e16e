import type { TypedMode } from './locatorParameter';

/**
 * Typed modes of the parameters that name a group or channel, shared by the action node's Chat parameter and the
 * trigger's Chats. What they accept is read by input/parseChatReference.ts.
 */

/** A chat by @username, a t.me link (a call link names its chat) or a numeric id. */
export const chatOrLinkMode: TypedMode = {
	displayName: 'By Chat or Link',
	name: 'chat',
	placeholder: '@my_group, https://t.me/my_group or -1001234567890',
	hint: '@username, a t.me link (call links too) or a numeric chat ID',
};

/** A chat by its Bot API id. */
export const chatIdMode: TypedMode = {
	displayName: 'By ID',
	name: 'id',
	placeholder: '-1001234567890',
	hint: 'The chat ID as the Bot API writes it (-100… for supergroups and channels, -… for basic groups)',
	regex: { pattern: '^\\s*-?\\d+\\s*$', errorMessage: 'Use a numeric chat ID, e.g. -1001234567890' },
};
