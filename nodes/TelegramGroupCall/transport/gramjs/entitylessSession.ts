import type { TelegramClient } from 'telegram';
import { EntityCache } from 'telegram/entityCache';
import { StringSession } from 'telegram/sessions';

/*
 * GramJS remembers the users and chats of every answer and update in two places: the session (MemorySession
 * adds a row [id, hash, username, phone, name] per entity per answer to a Set that never drops duplicates:
 * about 1.7 KB per invited user on a pooled connection, growing until the connection closes) and the client's
 * entity cache (one input peer per id ever seen). GramJS reads them only to turn what is not an input peer (a
 * username, a phone, a number, a Peer) into one: client.getInputEntity / getEntity, and the auto-casts of
 * requests fields typed InputPeer, InputUser, InputChannel, InputDialogPeer or InputNotifyPeer, which call
 * getInputEntity. The node never needs that: GramjsGateway sends only input objects it built with their
 * access hashes (InputUser, InputChannel, InputGroupCall, InputPeer*, InputUserSelf), which GramJS casts
 * without a look-up, or a bare chat id (messages.getFullChat's chatId, cast arithmetically), and it keeps the
 * users it met in its own per-execution cache. It never calls getInputEntity, getEntity, getMe or any
 * client method that does, and registers no update handlers. So both caches would only grow: the node's client
 * records nothing.
 */

/** A StringSession that records no entities (see above); the session string itself is read as usual. */
export class EntitylessSession extends StringSession {
	override processEntities(): void {
		// Deliberately nothing.
	}
}

class NoEntityCache extends EntityCache {
	override add(): void {
		// Deliberately nothing: get() then finds nothing, which GramJS handles as "not cached".
	}
}

/** Replaces the client's entity cache with one that keeps nothing (see above). */
export function disableEntityCache(client: TelegramClient): void {
	client._entityCache = new NoEntityCache();
}

/** Entities held by a client's session and entity cache, whichever kind they are (for tests). */
export function cachedEntityCount(client: TelegramClient): number {
	const session = client.session as unknown as { _entities?: Set<unknown> };
	const cache = client._entityCache as unknown as { cacheMap?: Map<unknown, unknown> };
	return (session._entities?.size ?? 0) + (cache.cacheMap?.size ?? 0);
}
