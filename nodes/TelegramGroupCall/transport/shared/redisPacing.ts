import type { RedisClient } from '../lease/redisLeaseStore';
import { MAX_PAUSE_MS, type AccountPacing } from './pacing';

/**
 * nextSlot (./pacing.ts) in one step on the Redis server, by the server's clock (TIME), so workers on hosts whose
 * clocks differ still space their requests by the pause. The key holds "<last> <next>" and expires once it can
 * delay nobody. Returns the wait in milliseconds.
 */
const RESERVE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local pause = tonumber(ARGV[1])
local slot = now
local previous = redis.call('GET', KEYS[1])
if previous then
	local last, nextAt = string.match(previous, '^(%d+) (%d+)$')
	if last then
		slot = math.max(now, tonumber(nextAt), tonumber(last) + pause)
	end
end
redis.call('SET', KEYS[1], string.format('%d %d', slot, slot + pause), 'PX', slot - now + tonumber(ARGV[2]))
return slot - now`;

/** Pacing in n8n's Redis, shared by the main process and every worker: `tg-group-call:<accountFingerprint>:pacing`. */
export class RedisPacing implements AccountPacing {
	constructor(private readonly client: RedisClient) {}

	async reserve(accountKey: string, pauseMs: number): Promise<number> {
		return Number(await this.client.eval(RESERVE, 1, pacingKey(accountKey), Math.max(0, Math.floor(pauseMs)), MAX_PAUSE_MS));
	}
}

export function pacingKey(accountKey: string): string {
	return `tg-group-call:${accountKey}:pacing`;
}
