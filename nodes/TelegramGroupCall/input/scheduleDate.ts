import { OptionValueError } from './optionValues';

/** Telegram schedules calls from 10 seconds to 8 days ahead (phone.createGroupCall; TDLib's limits). */
export const MIN_SCHEDULE_AHEAD_SECONDS = 10;
export const MAX_SCHEDULE_AHEAD_SECONDS = 8 * 24 * 3600;

/**
 * The Unix seconds to schedule a call for, checked against Telegram's window before anything is sent, with a
 * sentence naming the field. `nowMs` is the node's clock.
 */
export function scheduleSeconds(milliseconds: number, nowMs: number, displayName: string): number {
	const seconds = Math.floor(milliseconds / 1000);
	const now = Math.floor(nowMs / 1000);
	const when = new Date(seconds * 1000).toISOString();
	const window = 'Telegram schedules calls from 10 seconds to 8 days ahead';
	if (seconds < now + MIN_SCHEDULE_AHEAD_SECONDS) {
		const detail = seconds <= now ? 'is in the past' : `is only ${seconds - now} s ahead`;
		throw new OptionValueError(`"${displayName}" (${when}) ${detail}: ${window}. Pick a later time, or set "Start" to "Now".`);
	}
	if (seconds > now + MAX_SCHEDULE_AHEAD_SECONDS) {
		throw new OptionValueError(`"${displayName}" (${when}) is more than 8 days ahead: ${window}. Pick an earlier time.`);
	}
	return seconds;
}
