import { hostname } from 'node:os';

import type { LeaseStore } from '../lease/leaseStore';
import { MemoryLeaseStore } from '../lease/memoryLeaseStore';
import { SessionLeases } from '../lease/sessionLeases';
import type { SharedAccountLimits } from './accountLimits';
import { MemoryPacing, PacingWithFallback, type AccountPacing } from './pacing';

/**
 * What this process shares with n8n's other processes about a Telegram account: the session leases, the
 * account's limits (flood waits, the PEER_FLOOD hold) and the pacing of its invites. In this process's memory in
 * regular mode (limits then live in the AccountState alone); in n8n's Redis in queue mode, over one command
 * connection and one subscriber connection for the whole process, the Redis client loaded only then.
 * See docs/decisions/0013-queue-mode-lease.md and 0017-shared-account-state.md.
 */
export interface ProcessStores {
	leases: SessionLeases;
	/** Set in queue mode only. */
	limits?: SharedAccountLimits;
	pacing: AccountPacing;
	/** Closes the Redis connections (queue mode); the stores are unusable afterwards. */
	close(): Promise<void>;
}

export async function buildProcessStores(): Promise<ProcessStores> {
	const queueMode = await import('../lease/queueMode');
	const processName = `${hostname()}/${process.pid}`;
	if (!queueMode.isQueueMode()) {
		const store: LeaseStore = new MemoryLeaseStore();
		return { leases: new SessionLeases({ store, processName }), pacing: new MemoryPacing(), close: async () => await store.close() };
	}
	const [{ RedisLeaseStore }, { RedisAccountLimits }, { RedisPacing }] = await Promise.all([
		import('../lease/redisLeaseStore'),
		import('./redisAccountLimits'),
		import('./redisPacing'),
	]);
	const [client, subscriber] = queueMode.connectRedis(queueMode.readRedisSettings());
	// One command connection for all three: Redis runs its commands in the order this process sent them, so a
	// flood wait written before the lease is released is there for the next holder, which loads the limits
	// after taking the lease.
	const store = new RedisLeaseStore(client, subscriber);
	return {
		leases: new SessionLeases({ store, processName }),
		limits: new RedisAccountLimits(client),
		pacing: new PacingWithFallback(new RedisPacing(client)),
		close: async () => await store.close(),
	};
}
