import type { WorldChat } from '../worldFile';
import { childPath, type Issues } from './issues';

/** A participant's `joinedAs` names a supergroup or channel of the world (basic groups cannot be joined as). */
export function checkJoinedAsChats(chats: ReadonlyArray<WorldChat | undefined>, issues: Issues): void {
	const kinds = new Map(chats.flatMap((chat) => (chat === undefined ? [] : [[chat.id, chat.kind] as const])));
	chats.forEach((chat, index) => {
		for (const [userId, details] of Object.entries(chat?.call?.participantDetails ?? {})) {
			if (details.joinedAs === undefined) continue;
			const kind = kinds.get(details.joinedAs);
			if (kind === undefined || kind === 'group') {
				const path = childPath(childPath(childPath(childPath(childPath('chats', index), 'call'), 'participantDetails'), userId), 'joinedAs');
				issues.add(path, `no supergroup or channel has id "${details.joinedAs}": add it to "chats" (kind "supergroup" or "channel"), or remove joinedAs`);
			}
		}
	});
}
