import { Api } from 'telegram';

import type { WorldState } from '../../world/worldState';
import type { WorldChat } from '../../world/worldFile';
import { toApiChat } from './chats';
import { toApiUser } from './users';

export interface UpdatesContent {
	updates: Api.TypeUpdate[];
	/** User ids the updates mention; unknown ids are left out. */
	userIds?: readonly string[];
	chats?: readonly WorldChat[];
	/** The updates include a common-box (basic group) message, which advances the account's seq. */
	commonBox?: boolean;
}

/** An `updates` envelope with the users and chats the updates mention, as Telegram sends them. */
export function toApiUpdates(world: WorldState, content: UpdatesContent, viewerId: string, now: number): Api.Updates {
	const seen = new Set<string>();
	const users: Api.TypeUser[] = [];
	for (const id of content.userIds ?? []) {
		const person = world.user(id);
		if (person === undefined || seen.has(id)) continue;
		seen.add(id);
		users.push(toApiUser(person, viewerId));
	}
	return new Api.Updates({
		updates: content.updates,
		users,
		chats: (content.chats ?? []).map((chat) => toApiChat(world, chat, viewerId)),
		date: now,
		seq: content.commonBox === true ? world.nextSeq() : 0,
	});
}
