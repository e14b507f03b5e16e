import type { WorldChat } from '../worldFile';
import { childPath, type Issues } from './issues';

/** A group's `migratedTo` names a supergroup of the world, and no supergroup is the upgrade of two groups. */
export function checkMigrations(chats: ReadonlyArray<WorldChat | undefined>, issues: Issues): void {
	const kinds = new Map(chats.flatMap((chat) => (chat === undefined ? [] : [[chat.id, chat.kind] as const])));
	const upgradedFrom = new Map<string, string>();
	chats.forEach((chat, index) => {
		if (chat?.migratedTo === undefined) return;
		const path = childPath(childPath('chats', index), 'migratedTo');
		const kind = kinds.get(chat.migratedTo);
		if (kind !== 'supergroup') {
			const got = kind === undefined ? 'no chat has that id' : `chat "${chat.migratedTo}" is a ${kind}`;
			issues.add(path, `must name a supergroup of "chats" (${got}): add the supergroup (kind "supergroup") or fix the id`);
			return;
		}
		const earlier = upgradedFrom.get(chat.migratedTo);
		if (earlier !== undefined) {
			issues.add(path, `supergroup "${chat.migratedTo}" is already the upgrade of group "${earlier}": a supergroup comes from one group only`);
			return;
		}
		upgradedFrom.set(chat.migratedTo, chat.id);
	});
}
