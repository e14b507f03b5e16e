import type { LeaseEvent, LeaseStore } from './leaseStore';

/** The part of an ioredis client (standalone or cluster) the lease uses; ioredis is n8n's, loaded at runtime. */
export interface RedisClient {
	set(key: string, value: string, px: 'PX', ttlMs: number, nx: 'NX'): Promise<string | null>;
	get(key: string): Promise<string | null>;
	eval(script: string, keyCount: number, ...args: Array<string | number>): Promise<unknown>;
	publish(channel: string, message: string): Promise<number>;
	subscribe(channel: string): Promise<unknown>;
	unsubscribe(channel: string): Promise<unknown>;
	on(event: 'message', listener: (channel: string, message: string) => void): unknown;
	on(event: 'error', listener: (error: Error) => void): unknown;
	quit(): Promise<unknown>;
	disconnect(): void;
}

// Only the owner may extend or delete its lease: compare and act in one step, on the server.
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Leases in n8n's Redis, shared by the main process and every worker: `SET key owner PX ttl NX` to take one,
 * owner-checked scripts to renew and release, and a pub/sub channel per lease for "someone waits" and
 * "released" (a second connection, as Redis requires for subscribing).
 */
export class RedisLeaseStore implements LeaseStore {
	private readonly listeners = new Map<string, Set<(event: LeaseEvent) => void>>();

	constructor(
		private readonly client: RedisClient,
		private readonly subscriber: RedisClient,
	) {
		// Without a listener ioredis reports a lost connection as an uncaught error; it reconnects on its own.
		client.on('error', () => undefined);
		subscriber.on('error', () => undefined);
		subscriber.on('message', (channel, message) => this.dispatch(channel, message));
	}

	async tryAcquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
		return (await this.client.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK';
	}

	async renew(key: string, owner: string, ttlMs: number): Promise<boolean> {
		return Number(await this.client.eval(RENEW, 1, key, owner, ttlMs)) === 1;
	}

	async release(key: string, owner: string): Promise<void> {
		if (Number(await this.client.eval(RELEASE, 1, key, owner)) === 1) await this.publish(key, { kind: 'released', by: owner });
	}

	async holder(key: string): Promise<string | undefined> {
		return (await this.client.get(key)) ?? undefined;
	}

	async askForHandOver(key: string, asker: string): Promise<void> {
		await this.publish(key, { kind: 'wanted', by: asker });
	}

	watch(key: string, listener: (event: LeaseEvent) => void): () => void {
		const channel = eventsChannel(key);
		let set = this.listeners.get(channel);
		if (!set) {
			set = new Set();
			this.listeners.set(channel, set);
			this.subscriber.subscribe(channel).catch(() => undefined);
		}
		set.add(listener);
		return () => {
			set.delete(listener);
			if (set.size > 0 || this.listeners.get(channel) !== set) return;
			this.listeners.delete(channel);
			this.subscriber.unsubscribe(channel).catch(() => undefined);
		};
	}

	async close(): Promise<void> {
		this.listeners.clear();
		await Promise.allSettled([quit(this.client), quit(this.subscriber)]);
	}

	private async publish(key: string, event: LeaseEvent): Promise<void> {
		await this.client.publish(eventsChannel(key), JSON.stringify(event));
	}

	private dispatch(channel: string, message: string): void {
		const set = this.listeners.get(channel);
		if (!set) return;
		const event = parseEvent(message);
		if (event) for (const listener of [...set]) listener(event);
	}
}

function eventsChannel(key: string): string {
	return `${key}:events`;
}

function parseEvent(message: string): LeaseEvent | undefined {
	try {
		const value = JSON.parse(message) as Partial<LeaseEvent>;
		if ((value.kind === 'wanted' || value.kind === 'released') && typeof value.by === 'string') return { kind: value.kind, by: value.by };
	} catch {
		// Not ours: ignore.
	}
	return undefined;
}

async function quit(client: RedisClient): Promise<void> {
	await client.quit().catch(() => client.disconnect());
}
