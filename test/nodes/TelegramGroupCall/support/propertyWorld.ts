/**
 * The sandbox world of the property-based input suite (inputProperties.sandbox.test.ts): users the generated
 * inputs name in every form, and traps, members whose ids are what a misread input would name:
 * - 555 and 1001 are digit groups of phones written with spaces (+1 555 000 1001);
 * - 9007199254740992 is what the JS number 9007199254740993 (an id beyond 2^53) rounds to;
 * - basic group 1002001's Bot API id "-1002001" is what a textual reading took for channel 2001.
 * Nobody names a trap on purpose, so a trap invited is a misread input.
 */
import type { WorldCall, WorldChat, WorldFile, WorldUser } from '../../../../sandbox/world/worldFile';
import { buildWorld, FAR_FUTURE, worldCall } from '../../../support/worldBuilder';

export const ACCOUNT_ID = '100';

/** Users the generated inputs name: id, optional username and phone (digits, country code first). */
export interface NamedUser {
	id: string;
	username?: string;
	phone?: string;
}

export const NAMED_USERS: readonly NamedUser[] = [
	{ id: '1001', username: 'alice_prop', phone: '15550001001' },
	{ id: '1002', username: 'bob_prop' },
	{ id: '1003', username: 'carol_prop', phone: '15550001003' },
	{ id: '1004', phone: '15550001004' },
	{ id: '1005' },
	{ id: '1006', username: 'frank_prop' },
	{ id: '1007', username: 'helper_prop_bot' },
	{ id: '1008' },
	{ id: '1009', username: 'shy_prop', phone: '15550001009' },
	{ id: '1010', username: 'outsider_prop', phone: '15550001010' },
	{ id: '9007199254740993', username: 'big_id_prop' },
];

export const TRAP_IDS = ['555', '9007199254740992'] as const;

/** A call of the world and every way the inputs name its chat. */
export interface NamedCall {
	callId: string;
	accessHash: string;
	references: ReadonlyArray<string | number | Record<string, string>>;
}

function user(id: string, extra: Partial<WorldUser> = {}): WorldUser {
	return { id, accessHash: String(7_000_000 + Number(id.slice(-6))), firstName: `User ${id}`, ...extra };
}

const ALL_MEMBERS = [ACCOUNT_ID, '1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009', '9007199254740993', ...TRAP_IDS];

export const NAMED_CALLS: readonly NamedCall[] = [
	{
		callId: '3001',
		accessHash: '-9001',
		references: ['@prop_group', 'PROP_GROUP', 'https://t.me/prop_group?videochat', '-1000000002001', -1000000002001, 't.me/c/2001/7', '3001:-9001', { id: '3001', accessHash: '-9001' }],
	},
	{ callId: '3101', accessHash: '9101', references: ['-1002001', -1002001, ' -1002001 '] },
	{ callId: '3007', accessHash: '9007', references: ['@prop_news', 'https://t.me/prop_news', '-1000000002007', '3007:9007'] },
	{ callId: '3003', accessHash: '9003', references: ['@prop_later'] },
];

/** Call references that name no call the account can invite to. */
export const UNUSABLE_CALLS: ReadonlyArray<string | number | null> = ['', null, 'nonsense!', '@no_such_chat', '@prop_quiet', 1.5, Number.NaN, '-2000000000001', '2001.0'];

export function propertyWorld(): WorldFile {
	const users = NAMED_USERS.map((named) => {
		const extra: Partial<WorldUser> = {};
		if (named.username !== undefined) extra.username = named.username;
		if (named.phone !== undefined) extra.phone = named.phone;
		if (named.id === '1007') extra.bot = true;
		if (named.id === '1008') extra.deleted = true;
		if (named.id === '1009') extra.inviteRestricted = true;
		return user(named.id, extra);
	});
	users.push(...TRAP_IDS.map((id) => user(id, { username: `trap_${id.slice(-4)}` })));
	const chat = (id: string, kind: WorldChat['kind'], extra: Partial<WorldChat>): WorldChat => ({
		id,
		kind,
		title: `Chat ${id}`,
		members: ALL_MEMBERS,
		...(kind === 'group' ? {} : { accessHash: `-${id}0` }),
		...extra,
	});
	const call = (named: NamedCall, changes: Partial<WorldCall> = {}) => worldCall(named.callId, named.accessHash, changes);
	return buildWorld({
		me: { id: ACCOUNT_ID, firstName: 'Prop', username: 'prop_owner', phone: '15550000100' },
		users,
		chats: [
			chat('2001', 'supergroup', { username: 'prop_group', call: call(NAMED_CALLS[0]) }),
			chat('1002001', 'group', { call: call(NAMED_CALLS[1]) }),
			chat('2007', 'channel', { username: 'prop_news', call: call(NAMED_CALLS[2]) }),
			chat('2003', 'supergroup', { username: 'prop_later', call: call(NAMED_CALLS[3], { state: 'scheduled', scheduleDate: FAR_FUTURE }) }),
			chat('2006', 'supergroup', { username: 'prop_quiet' }),
		],
	});
}
