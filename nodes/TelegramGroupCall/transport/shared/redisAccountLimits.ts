import type { RedisClient } from '../lease/redisLeaseStore';
import type { AccountHold } from '../types';
import type { AccountLimits, SharedAccountLimits } from './accountLimits';

/**
 * Records one limit (a hash field holding "<until>" or "<until> <code>") unless a later one is there, drops
 * limits that have ended, and lets the key expire when the last one ends, so Redis forgets the account's limits
 * by itself. Times are the writer's clock (milliseconds since the epoch); the expiry is relative to it, so the
 * Redis server's clock does not matter.
 */
const SAVE = `
local field, untilMs, now, value = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local current = redis.call('HGET', KEYS[1], field)
if current and tonumber(string.match(current, '^%d+')) >= untilMs then return 0 end
redis.call('HSET', KEYS[1], field, value)
local latest = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
	local ends = tonumber(string.match(all[i + 1], '^%d+')) or 0
	if ends <= now then redis.call('HDEL', KEYS[1], all[i]) elseif ends > latest then latest = ends end
end
if latest > now then redis.call('PEXPIRE', KEYS[1], latest - now) end
return 1`;

const LOAD = "return redis.call('HGETALL', KEYS[1])";

const FLOOD_PREFIX = 'flood:';
const HOLD_FIELD = 'hold';

/**
 * The account's limits in n8n's Redis: one hash per account, `tg-group-call:<accountFingerprint>:limits`, a
 * field per FLOOD_WAIT method (`flood:<method>`) and one for the PEER_FLOOD hold; one key, so one round trip
 * loads them all and a Redis Cluster keeps them on one node. The session string is never part of it.
 */
export class RedisAccountLimits implements SharedAccountLimits {
	constructor(private readonly client: RedisClient) {}

	async load(accountKey: string, now: number): Promise<AccountLimits> {
		const flat = await this.client.eval(LOAD, 1, limitsKey(accountKey));
		const limits: AccountLimits = { floodWaits: [] };
		if (!Array.isArray(flat)) return limits;
		for (let index = 0; index + 1 < flat.length; index += 2) {
			const field = String(flat[index]);
			const [untilText, code] = String(flat[index + 1]).split(' ');
			const until = Number(untilText);
			if (!Number.isSafeInteger(until) || until <= now) continue;
			if (field === HOLD_FIELD && code) limits.hold = { code, until };
			else if (field.startsWith(FLOOD_PREFIX)) limits.floodWaits.push({ method: field.slice(FLOOD_PREFIX.length), until });
		}
		return limits;
	}

	async saveFloodWait(accountKey: string, method: string, until: number, now: number): Promise<void> {
		await this.save(accountKey, `${FLOOD_PREFIX}${method}`, until, now, '');
	}

	async saveHold(accountKey: string, hold: AccountHold, now: number): Promise<void> {
		await this.save(accountKey, HOLD_FIELD, hold.until, now, hold.code);
	}

	private async save(accountKey: string, field: string, until: number, now: number, code: string): Promise<void> {
		if (until <= now) return;
		const ends = Math.ceil(until);
		await this.client.eval(SAVE, 1, limitsKey(accountKey), field, ends, Math.floor(now), code === '' ? String(ends) : `${ends} ${code}`);
	}
}

/** Key names carry the account fingerprint (a SHA-256), never the session string. */
export function limitsKey(accountKey: string): string {
	return `tg-group-call:${accountKey}:limits`;
}
