import type { Terminal } from './terminal';
import type { TelegramLink } from './telegramLink';

/** What every step of a login needs. */
export interface LoginContext {
	readonly link: TelegramLink;
	readonly terminal: Terminal;
	readonly apiId: number;
	/** A secret: sent to Telegram, never printed. */
	readonly apiHash: string;
}

/** Wrong codes or passwords allowed before the command gives up. */
export const MAX_TRIES = 3;
