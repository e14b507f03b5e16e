import { buildWorld } from './worldBuilder';

/** A supergroup (its own pts) and a basic group (the account's common box). */
export const TEAM = '5001';
export const FRIENDS = '5002';

/**
 * The account (1000) a plain member of both chats, with three other users: the world for driving other people's
 * doings (decision 0014) and watching them arrive.
 */
export const teamAndFriendsWorld = () =>
	buildWorld({
		users: [
			{ id: '1001', accessHash: '7001', firstName: 'Alice' },
			{ id: '1002', accessHash: '7002', firstName: 'Bob' },
			{ id: '1003', accessHash: '7003', firstName: 'Carol' },
		],
		chats: [
			{ id: TEAM, accessHash: '8001', kind: 'supergroup', title: 'Team', members: ['1000', '1001', '1002', '1003'] },
			{ id: FRIENDS, kind: 'group', title: 'Friends', members: ['1000', '1002'] },
		],
	});
