import type { ChatKind, WorldChat } from '../worldFile';
import { compact } from './compact';
import { Fields } from './fields';
import { childPath, type Issues } from './issues';
import { parseCall } from './parseCall';
import { parseUserIdList } from './parseIdList';
import { ACCESS_HASH, USERNAME_RULE } from './rules';

const CHAT_FIELDS = ['id', 'accessHash', 'kind', 'title', 'username', 'members', 'canManageCall', 'call', 'migratedTo'];
const CHAT_KINDS: readonly ChatKind[] = ['group', 'supergroup', 'channel'];

/** One entry per element (undefined where unusable), so later checks can name exact paths. */
export function parseChats(list: readonly unknown[], issues: Issues, knownUserIds: ReadonlySet<string>): Array<WorldChat | undefined> {
	return list.map((value, index) => parseChat(value, childPath('chats', index), issues, knownUserIds));
}

function parseChat(value: unknown, path: string, issues: Issues, knownUserIds: ReadonlySet<string>): WorldChat | undefined {
	const fields = Fields.of(value, path, issues, CHAT_FIELDS, 'a chat');
	if (fields === undefined) return undefined;
	const id = fields.decimalId('id', { required: true, positive: true, what: "the chat's id", example: '2001' });
	const kind = fields.oneOf('kind', CHAT_KINDS, { required: true });
	const accessHash = fields.decimalId('accessHash', { ...ACCESS_HASH, example: '8001' });
	if (kind === 'group' && fields.has('accessHash')) {
		fields.problem('accessHash', 'a basic group ("kind": "group") has no access hash: remove it, or make the chat a "supergroup"');
	}
	if ((kind === 'supergroup' || kind === 'channel') && !fields.has('accessHash')) {
		fields.problem('accessHash', `is required for a ${kind}: add an access hash as a decimal string such as "8001"`);
	}
	const title = fields.text('title', { required: true, maxLength: 128, expect: 'a non-empty string of at most 128 characters' });
	const username = fields.text('username', USERNAME_RULE);
	if (kind === 'group' && fields.has('username')) {
		fields.problem('username', 'a basic group cannot be public: remove the username, or make the chat a "supergroup"');
	}
	const members = parseUserIdList(fields.array('members', { required: true }), fields.at('members'), issues, knownUserIds);
	const canManageCall = fields.flag('canManageCall');
	const call = fields.has('call') ? parseCall(fields.raw('call'), fields.at('call'), issues, knownUserIds) : undefined;
	const migratedTo = fields.decimalId('migratedTo', { positive: true, what: 'the id of the supergroup this group was upgraded to', example: '2002' });
	if (kind !== undefined && kind !== 'group' && fields.has('migratedTo')) {
		fields.problem('migratedTo', `only a basic group ("kind": "group") is upgraded to a supergroup: remove migratedTo from this ${kind}`);
	}
	if (fields.has('migratedTo') && fields.has('call')) {
		fields.problem('call', 'an upgraded group has no call of its own (its calls happen in the supergroup): move the call to the supergroup, or remove migratedTo');
	}
	if (id === undefined || kind === undefined || title === undefined) return undefined;
	return { id, ...compact({ accessHash }), kind, title, ...compact({ username }), members, ...compact({ canManageCall, call, migratedTo }) };
}
