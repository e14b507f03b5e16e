/** Everything that imports GramJS. Loaded lazily by ../index.ts, never when n8n reads the node's description. */
export { connectTelegram, TelegramConnection } from './telegramConnection';
export { GramjsGateway } from './gramjsGateway';
export { openWatchLink } from './watchLink';
