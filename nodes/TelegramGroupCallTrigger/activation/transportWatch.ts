import { watchCalls } from '../../TelegramGroupCall/transport';

import type { StartWatch } from './activateTrigger';

/** The transport's watch: call updates on the process's pooled connection of the session, shared with the action node. */
export const startTransportWatch: StartWatch = async (credentials, events, signal) => await watchCalls(credentials, events, signal);
