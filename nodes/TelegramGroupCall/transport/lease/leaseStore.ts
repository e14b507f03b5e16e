/**
 * Where session leases live: this process's memory (regular mode) or n8n's Redis (queue mode, shared by the
 * main process and every worker). A lease is a key holding its owner's id with a time to live; only the
 * owner may renew or delete it. See docs/decisions/0013-queue-mode-lease.md.
 */
export interface LeaseStore {
	/** Takes the lease if nobody holds it (or the holder's TTL ran out). */
	tryAcquire(key: string, owner: string, ttlMs: number): Promise<boolean>;
	/** Extends the lease; false when `owner` no longer holds it (its TTL ran out and someone else took it). */
	renew(key: string, owner: string, ttlMs: number): Promise<boolean>;
	/** Gives the lease up if `owner` holds it, and tells waiters. */
	release(key: string, owner: string): Promise<void>;
	/** Who holds the lease now (an owner id), if anyone. */
	holder(key: string): Promise<string | undefined>;
	/** Tells the holder that someone waits, so an idle holder hands the lease over. */
	askForHandOver(key: string, asker: string): Promise<void>;
	/**
	 * Calls `listener` when someone asks for the lease (`wanted`) or gives it up (`released`), until the
	 * returned function is called.
	 */
	watch(key: string, listener: (event: LeaseEvent) => void): () => void;
	/** Closes connections (Redis); the store is unusable afterwards. */
	close(): Promise<void>;
}

export interface LeaseEvent {
	kind: 'wanted' | 'released';
	/** Who asked or released. */
	by: string;
}
