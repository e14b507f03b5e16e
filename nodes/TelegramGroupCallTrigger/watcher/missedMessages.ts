import type { CallMessage } from '../../TelegramGroupCall/transport';

import type { ChatMemory } from './triggerState';
import type { WatchGateway } from './watchGateway';

const MESSAGES_PAGE = 100;
/** A re-read reads at most this many pages of a chat's history: a long drop never becomes an unbounded read. */
const MAX_MESSAGE_PAGES = 10;

/**
 * The chat's call service messages after the last message handled (oldest first), and the newest message id read
 * or skipped. At most MAX_MESSAGE_PAGES pages are read; what does not fit is skipped and `warn` says which.
 */
export async function readMissedMessages(
	gateway: WatchGateway,
	memory: ChatMemory,
	topMessageId: number,
	warn: (message: string) => void,
): Promise<{ messages: CallMessage[]; readUpTo: number }> {
	const messages: CallMessage[] = [];
	const chat = { kind: memory.chat.kind, id: memory.chat.id };
	const last = memory.lastMessageId ?? 0;
	// A channel numbers its own messages, so the newest that fit are known: the older ones are skipped. A basic
	// group's ids are shared with the account's private chats: there the gap says nothing until it is read.
	const start = memory.chat.kind === 'channel' ? Math.max(last, topMessageId - MAX_MESSAGE_PAGES * MESSAGES_PAGE) : last;
	let after = start;
	let complete = false;
	for (let page = 0; page < MAX_MESSAGE_PAGES && !complete; page++) {
		const read = await gateway.getCallMessages(chat, after, MESSAGES_PAGE);
		messages.push(...read.messages.filter((message) => message.messageId > after));
		complete = read.readUpTo <= after || read.complete;
		after = Math.max(after, read.readUpTo);
	}
	// Warned once the read succeeded: a read that fails is tried again, and would say it twice.
	if (start > last) warn(skipped(memory, `invitations and call messages before message ${start + 1} were not read`));
	if (!complete && after < topMessageId) {
		// Only a basic group gets here: more of its own messages than the bound.
		warn(skipped(memory, `invitations and call messages after message ${after} were not read`));
		after = topMessageId;
	}
	return { messages: messages.sort((a, b) => a.messageId - b.messageId), readUpTo: after };
}

function skipped(memory: ChatMemory, what: string): string {
	const bound = (MAX_MESSAGE_PAGES * MESSAGES_PAGE).toLocaleString('en-US');
	return `More than ${bound} messages in ${memory.chat.title} since the trigger last read it (while disconnected); ${what}.`;
}
