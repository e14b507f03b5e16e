import type { WorldState } from '../world/worldState';
import { channelsMethods } from './channels';
import { contactsMethods } from './contacts';
import { messagesMethods } from './messages';
import { phoneCallMethods } from './phoneCalls';
import { phoneCreateMethods } from './phoneCreate';
import { phoneInviteMethods } from './phoneInvite';
import { phoneManageMethods } from './phoneManage';
import type { MethodTable } from './types';
import { updatesMethods } from './updates';
import { usersMethods } from './users';

export type { MethodHandler, MethodTable, RequestContext, RpcAnswer } from './types';
export { RpcFailure } from './types';

/** Telegram's semantics for every method the sandbox answers, keyed by GramJS class name ("phone.InviteToGroupCall"). */
export function createMethodTable(world: WorldState): MethodTable {
	return Object.freeze({
		...contactsMethods(world),
		...usersMethods(world),
		...channelsMethods(world),
		...messagesMethods(world),
		...updatesMethods(world),
		...phoneCallMethods(world),
		...phoneInviteMethods(world),
		...phoneCreateMethods(world),
		...phoneManageMethods(world),
	});
}
