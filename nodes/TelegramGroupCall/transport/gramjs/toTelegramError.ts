import { errors } from 'telegram';

import { CancelledError } from '../../errors/cancellation';
import { TelegramError } from '../telegramError';

/**
 * Turns whatever GramJS threw into a TelegramError. FLOOD_WAIT_X arrives as FloodWaitError with
 * errorMessage "FLOOD" and `.seconds`; it becomes code FLOOD_WAIT with retryAfter. Non-Telegram errors keep
 * only their class name: GramJS messages are not guaranteed free of connection details.
 */
export function toTelegramError(error: unknown, method: string, reconnected: boolean): Error {
	if (error instanceof TelegramError || error instanceof CancelledError) return error;
	if (error instanceof errors.RPCError) {
		const seconds: unknown = (error as { seconds?: unknown }).seconds;
		if (error instanceof errors.FloodError && typeof seconds === 'number') {
			const code = error instanceof errors.SlowModeWaitError ? 'SLOWMODE_WAIT' : 'FLOOD_WAIT';
			return new TelegramError({ code, httpCode: 420, method, retryAfter: seconds, reconnected });
		}
		const httpCode = typeof error.code === 'number' ? error.code : null;
		return new TelegramError({ code: error.errorMessage, httpCode, method, reconnected });
	}
	const kind = error instanceof Error ? error.name : typeof error;
	return new TelegramError({
		code: 'CONNECTION_CLOSED',
		httpCode: null,
		method,
		reconnected,
		detail: `the client failed without a Telegram answer (${kind})`,
	});
}
