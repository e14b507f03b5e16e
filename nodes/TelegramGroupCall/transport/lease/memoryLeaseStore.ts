import type { LeaseEvent, LeaseStore } from './leaseStore';

/** Leases within one process (regular mode, and the fast tests of the lease logic with a fake clock). */
export class MemoryLeaseStore implements LeaseStore {
	private readonly leases = new Map<string, { owner: string; expiresAt: number }>();

	private readonly listeners = new Map<string, Set<(event: LeaseEvent) => void>>();

	constructor(private readonly now: () => number = Date.now) {}

	async tryAcquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
		if (this.current(key) !== undefined) return false;
		this.leases.set(key, { owner, expiresAt: this.now() + ttlMs });
		return true;
	}

	async renew(key: string, owner: string, ttlMs: number): Promise<boolean> {
		if (this.current(key) !== owner) return false;
		this.leases.set(key, { owner, expiresAt: this.now() + ttlMs });
		return true;
	}

	async release(key: string, owner: string): Promise<void> {
		if (this.current(key) !== owner) return;
		this.leases.delete(key);
		this.emit(key, { kind: 'released', by: owner });
	}

	async holder(key: string): Promise<string | undefined> {
		return this.current(key);
	}

	async askForHandOver(key: string, asker: string): Promise<void> {
		this.emit(key, { kind: 'wanted', by: asker });
	}

	watch(key: string, listener: (event: LeaseEvent) => void): () => void {
		let set = this.listeners.get(key);
		if (!set) {
			set = new Set();
			this.listeners.set(key, set);
		}
		set.add(listener);
		return () => {
			set.delete(listener);
			if (set.size === 0 && this.listeners.get(key) === set) this.listeners.delete(key);
		};
	}

	async close(): Promise<void> {
		this.leases.clear();
		this.listeners.clear();
	}

	private current(key: string): string | undefined {
		const lease = this.leases.get(key);
		if (!lease) return undefined;
		if (lease.expiresAt > this.now()) return lease.owner;
		this.leases.delete(key);
		return undefined;
	}

	private emit(key: string, event: LeaseEvent): void {
		// Asynchronously, as Redis pub/sub would: a listener never runs inside the caller's stack.
		for (const listener of [...(this.listeners.get(key) ?? [])]) queueMicrotask(() => listener(event));
	}
}
