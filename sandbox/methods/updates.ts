import { Api } from 'telegram';

import type { WorldState } from '../world/worldState';
import type { MethodTable, RequestContext } from './types';

export function updatesMethods(world: WorldState): MethodTable {
	return {
		[Api.updates.GetState.className]: (_request: Api.updates.GetState, context: RequestContext) => {
			const { pts, seq } = world.updateCounters();
			return new Api.updates.State({ pts, qts: 0, date: context.now, seq, unreadCount: 0 });
		},
	};
}
