import { parseWorld } from './parseWorld';
import type { WorldFile } from './worldFile';

/** A start time far enough ahead that the scheduled call stays scheduled (2033-05-18). */
const TOWN_HALL_START = 2_000_000_000;

/**
 * The built-in world: what `tg-group-call sandbox` serves without --world, and what the demo uses.
 * Every user and chat is there to produce one outcome; docs/sandbox-world.md lists them.
 * Returns a new object on every call, so callers may change it freely.
 */
export function defaultWorld(): WorldFile {
	return parseWorld({
		version: 1,
		apiId: 12345,
		apiHash: '0123456789abcdef0123456789abcdef',
		me: {
			id: '1000',
			firstName: 'Olivia',
			lastName: 'Ops',
			username: 'ops_owner',
			phone: '15550001000',
			loginCode: '12345',
			password: 'hunter2',
			passwordHint: 'the usual one',
		},
		users: [
			{ id: '1001', accessHash: '7001', firstName: 'Alice', lastName: 'Anders', username: 'alice', phone: '15550001001' },
			{ id: '1002', accessHash: '7002', firstName: 'Bob', lastName: 'Brown', username: 'bob_brown' },
			{ id: '1003', accessHash: '7003', firstName: 'Carol', lastName: 'Chen', username: 'carol_chen' },
			{ id: '1004', accessHash: '7004', firstName: 'Dave', lastName: 'Diaz', phone: '15550001004', contact: true },
			{ id: '1005', accessHash: '7005', firstName: 'Erin', lastName: 'Evans' },
			{ id: '1006', accessHash: '7006', firstName: 'Frank', lastName: 'Fischer', username: 'frank_invited' },
			{ id: '1007', accessHash: '7007', firstName: 'Grace', lastName: 'Green', username: 'grace_in_call' },
			{ id: '1008', accessHash: '7008', firstName: 'Helper', username: 'demo_helper_bot', bot: true },
			{ id: '1009', accessHash: '7009', firstName: 'Deleted Account', deleted: true },
			{ id: '1010', accessHash: '7010', firstName: 'Ivan', lastName: 'Ivanov', username: 'ivan_outsider', phone: '15550001010' },
			{ id: '1011', accessHash: '7011', firstName: 'Judy', lastName: 'Jones', username: 'judy_private', inviteRestricted: true },
			{ id: '1012', accessHash: '7012', firstName: 'Kim', lastName: 'Kato', username: 'kim_kato' },
			{ id: '1013', accessHash: '7013', firstName: 'Leo', lastName: 'Lopez', username: 'leo_lopez' },
			{ id: '1014', accessHash: '7014', firstName: 'Mia', lastName: 'Moreau', username: 'mia_moreau', phone: '15550001014', contact: true },
		],
		chats: [
			{
				id: '2001',
				accessHash: '8001',
				kind: 'supergroup',
				title: 'Demo',
				username: 'demo_group',
				members: ['1000', '1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009', '1011', '1012', '1013', '1014'],
				canManageCall: true,
				call: {
					id: '3001',
					accessHash: '9001',
					state: 'active',
					title: 'Weekly sync',
					participants: ['1000', '1007'],
					invited: ['1006'],
					joinedAs: 'self',
				},
			},
			{
				id: '2002',
				kind: 'group',
				title: 'Team Basic',
				members: ['1000', '1001', '1002', '1004'],
				canManageCall: true,
				call: { id: '3002', accessHash: '9002', state: 'active', title: 'Stand-up', participants: [], invited: [], joinedAs: 'self' },
			},
			{
				id: '2003',
				accessHash: '8003',
				kind: 'supergroup',
				title: 'Town Hall',
				username: 'town_hall',
				members: ['1000', '1001', '1002', '1003'],
				canManageCall: true,
				call: {
					id: '3003',
					accessHash: '9003',
					state: 'scheduled',
					title: 'Quarterly town hall',
					scheduleDate: TOWN_HALL_START,
					participants: [],
					invited: [],
					joinedAs: 'self',
				},
			},
			{
				id: '2004',
				accessHash: '8004',
				kind: 'supergroup',
				title: 'Last Week',
				username: 'last_week_chat',
				members: ['1000', '1001', '1002'],
				canManageCall: true,
				call: { id: '3004', accessHash: '9004', state: 'ended', title: 'Retro', participants: [], invited: ['1001'], joinedAs: 'self' },
			},
			{
				id: '2005',
				accessHash: '8005',
				kind: 'supergroup',
				title: 'Anonymous Room',
				username: 'anonymous_room',
				members: ['1000', '1001', '1002'],
				canManageCall: false,
				call: { id: '3005', accessHash: '9005', state: 'active', participants: ['1002'], invited: [], joinedAs: 'channel' },
			},
			{
				id: '2006',
				accessHash: '8006',
				kind: 'supergroup',
				title: 'Quiet Room',
				username: 'quiet_room',
				members: ['1000', '1001', '1002', '1003'],
				canManageCall: true,
			},
			{
				id: '2007',
				accessHash: '8007',
				kind: 'channel',
				title: 'Ops News',
				username: 'ops_news',
				members: ['1000', '1001', '1003', '1012'],
				canManageCall: true,
				call: { id: '3007', accessHash: '9007', state: 'active', title: 'Live Q&A', participants: [], invited: [], joinedAs: 'self' },
			},
			{
				id: '2008',
				accessHash: '8008',
				kind: 'supergroup',
				title: 'Members Only',
				members: ['1001', '1002'],
				call: { id: '3008', accessHash: '9008', state: 'active', participants: ['1001'], invited: [], joinedAs: 'self' },
			},
		],
		behaviour: { batch: 'atomic', maxUsersPerInvite: 10, latencyMs: 0, faults: [] },
	});
}
