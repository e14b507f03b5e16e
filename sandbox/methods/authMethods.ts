import type { LoginDesk } from '../login/loginDesk';
import type { WorldState } from '../world/worldState';
import { accountPasswordMethods } from './accountPassword';
import { authCodeMethods } from './authCode';
import { authPasswordMethods } from './authPassword';
import { authQrMethods } from './authQr';
import type { MethodTable } from './types';

/** The login methods (docs/login.md). They need the login desk, which binds keys to the account. */
export function loginMethods(world: WorldState, desk: LoginDesk): MethodTable {
	return Object.freeze({
		...authCodeMethods(world, desk),
		...authPasswordMethods(world, desk),
		...authQrMethods(world, desk),
		...accountPasswordMethods(desk),
	});
}
