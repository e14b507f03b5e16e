import type { Api } from 'telegram';

import type { WorldState } from '../world/worldState';
import type { WorldChat } from '../world/worldFile';
import { toInputGroupCall } from './tl/calls';

/** fullChat.call: present while the chat's call is active or scheduled, absent once it ended (as in Telegram). */
export function fullChatCall(world: WorldState, chat: WorldChat): Api.InputGroupCall | undefined {
	const call = world.callOfChat(chat.id);
	return call !== undefined && call.state !== 'ended' ? toInputGroupCall(call) : undefined;
}
