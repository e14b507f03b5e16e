import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import fc from 'fast-check';

import { loadWorldFile, parseWorld, WorldFileError } from '../../../sandbox/world/parseWorld';
import { TEST_API_HASH, TEST_API_ID } from '../../support/worldBuilder';

/** The smallest valid world, as JSON data; each test breaks one thing in a copy. */
function minimalWorld(): Record<string, unknown> {
	return {
		version: 1,
		apiId: TEST_API_ID,
		apiHash: TEST_API_HASH,
		me: { id: '1000', firstName: 'Ops', phone: '15550001000' },
		users: [{ id: '1001', accessHash: '7001', firstName: 'Alice', username: 'alice' }],
		chats: [
			{
				id: '2001',
				accessHash: '8001',
				kind: 'supergroup',
				title: 'Demo',
				members: ['1000', '1001'],
				call: { id: '3001', accessHash: '9001', state: 'active' },
			},
		],
	};
}

type Json = Record<string, unknown>;

function chat(world: Json): Json {
	return (world.chats as Json[])[0] as Json;
}

function call(world: Json): Json {
	return chat(world).call as Json;
}

function user(world: Json): Json {
	return (world.users as Json[])[0] as Json;
}

/** Gives the user another id and leaves it out of the chat, so only the id itself can be wrong. */
function renameUser(world: Json, id: unknown): void {
	user(world).id = id;
	chat(world).members = ['1000'];
}

function problemsOf(json: unknown): string[] {
	try {
		parseWorld(json);
	} catch (error) {
		assert.ok(error instanceof WorldFileError, `expected a WorldFileError, got ${String(error)}`);
		return error.issues.map((issue) => `${issue.path}: ${issue.problem}`);
	}
	return assert.fail('the world was accepted');
}

/** Breaks a fresh minimal world with `edit` and expects exactly one problem, starting with `expected`. */
function expectProblem(edit: (world: Json) => void, expected: string): void {
	const world = minimalWorld();
	edit(world);
	const problems = problemsOf(world);
	assert.equal(problems.length, 1, `expected one problem, got:\n${problems.join('\n')}`);
	assert.ok(problems[0]?.startsWith(expected), `expected "${expected}…", got "${problems[0]}"`);
}

describe('parseWorld: defaults', () => {
	it('fills behaviour, call lists, joinedAs and the account access hash, without changing its input', () => {
		const input = minimalWorld();
		const snapshot = structuredClone(input);
		const world = parseWorld(input);
		assert.deepEqual(input, snapshot);
		assert.deepEqual(world.behaviour, { batch: 'atomic', maxUsersPerInvite: 10, latencyMs: 0, faults: [] });
		assert.deepEqual(world.chats[0]?.call, { id: '3001', accessHash: '9001', state: 'active', participants: [], invited: [], joinedAs: 'self' });
		assert.match(world.me.accessHash ?? '', /^-?[1-9][0-9]*$/);
		assert.equal(parseWorld(minimalWorld()).me.accessHash, world.me.accessHash, 'the derived hash is stable');
	});

	it('accepts users and chats left out (both default to [])', () => {
		const world = minimalWorld();
		delete world.users;
		delete world.chats;
		const parsed = parseWorld(world);
		assert.deepEqual([parsed.users, parsed.chats], [[], []]);
	});

	it('keeps partial behaviour settings and fills the rest', () => {
		const world = minimalWorld();
		world.behaviour = { batch: 'lenient', peerFloodAfterInvites: 3 };
		assert.deepEqual(parseWorld(world).behaviour, { batch: 'lenient', maxUsersPerInvite: 10, latencyMs: 0, faults: [], peerFloodAfterInvites: 3 });
	});

	it('parses what it returns again to the same value (idempotent)', () => {
		const once = parseWorld(minimalWorld());
		assert.deepEqual(parseWorld(once), once);
	});
});

describe('parseWorld: top level', () => {
	it('names a wrong version', () => expectProblem((w) => (w.version = 2), 'version: must be 1, the world file version this sandbox reads (got 2)'));
	it('names a missing version', () => expectProblem((w) => delete w.version, 'version: must be 1'));
	it('names a bad apiId', () => expectProblem((w) => (w.apiId = '12345'), 'apiId: must be a whole number from 1 to 2147483647 (got "12345")'));
	it('names a bad apiHash', () => expectProblem((w) => (w.apiHash = 'xyz'), 'apiHash: must be the API hash: 32 hexadecimal characters (got "xyz")'));
	it('names a missing me', () => expectProblem((w) => Object.assign(w, { me: undefined, chats: [] }), 'me: must be the account the sandbox serves (an object), got nothing'));
	it('rejects an unknown top-level field', () => expectProblem((w) => (w.usres = []), 'usres: unknown field: remove it or fix its name (allowed here: version, apiId'));
	it('rejects a value that is not an object', () => assert.deepEqual(problemsOf([]), [': must be a world file (an object), got an array']));
});

describe('parseWorld: ids and hashes', () => {
	it('asks for ids in quotes when given a JSON number', () =>
		expectProblem((w) => (user(w).id = 1001), 'users[0].id: must be a user id as a decimal string such as "1001" (got the number 1001: write it in quotes'));
	it('rejects an id that is not a decimal int64', () => expectProblem((w) => renameUser(w, '0x3e9'), 'users[0].id: must be a user id as a decimal string'));
	it('rejects an id with leading zeros', () => expectProblem((w) => renameUser(w, '01001'), 'users[0].id: must be a user id as a decimal string'));
	it('rejects an id beyond int64', () => expectProblem((w) => renameUser(w, '9223372036854775808'), 'users[0].id: must be a user id as a decimal string'));
	it('rejects a user id of 0', () => expectProblem((w) => renameUser(w, '0'), 'users[0].id: must be a user id as a decimal string such as "1001" greater than 0'));
	it('accepts a negative access hash at the int64 limit', () => {
		const world = minimalWorld();
		user(world).accessHash = '-9223372036854775808';
		assert.equal(parseWorld(world).users[0]?.accessHash, '-9223372036854775808');
	});
	it('rejects an access hash of 0', () => expectProblem((w) => (user(w).accessHash = '0'), 'users[0].accessHash: must not be "0"'));
	it('requires an access hash for a supergroup', () => expectProblem((w) => delete chat(w).accessHash, 'chats[0].accessHash: is required for a supergroup'));
	it('refuses an access hash on a basic group', () =>
		expectProblem((w) => (chat(w).kind = 'group'), 'chats[0].accessHash: a basic group ("kind": "group") has no access hash'));
});

describe('parseWorld: fields', () => {
	it('names a bad call state', () => expectProblem((w) => (call(w).state = 'live'), 'chats[0].call.state: must be "active", "scheduled" or "ended" (got "live")'));
	it('names a bad chat kind', () => expectProblem((w) => (chat(w).kind = 'forum'), 'chats[0].kind: must be "group", "supergroup" or "channel" (got "forum")'));
	it('names a missing firstName', () => expectProblem((w) => delete user(w).firstName, 'users[0].firstName: is required'));
	it('names a username with "@"', () => expectProblem((w) => (user(w).username = '@alice'), 'users[0].username: must be a Telegram username without "@"'));
	it('names a phone with "+"', () => expectProblem((w) => ((w.me as Json).phone = '+15550001000'), 'me.phone: must be digits only'));
	it('names a non-boolean flag', () => expectProblem((w) => (user(w).bot = 'yes'), 'users[0].bot: must be true or false (got "yes")'));
	it('rejects an unknown user field', () => expectProblem((w) => (user(w).nickname = 'Al'), 'users[0].nickname: unknown field'));
	it('rejects an unknown call field', () => expectProblem((w) => (call(w).live = true), 'chats[0].call.live: unknown field'));
	it('refuses a user both bot and deleted', () => expectProblem((w) => Object.assign(user(w), { bot: true, deleted: true }), 'users[0].bot: a user cannot be both'));
	it('refuses a password hint without a password', () => expectProblem((w) => ((w.me as Json).passwordHint = 'usual'), 'me.passwordHint: a hint needs a 2FA password'));
	it('refuses a username on a basic group', () =>
		expectProblem((w) => Object.assign(chat(w), { kind: 'group', accessHash: undefined, username: 'team_room' }), 'chats[0].username: a basic group cannot be public'));
	it('requires a scheduleDate for a scheduled call', () => expectProblem((w) => (call(w).state = 'scheduled'), 'chats[0].call.scheduleDate: is required for a scheduled call'));
	it('refuses a scheduleDate on an active call', () => expectProblem((w) => (call(w).scheduleDate = 2000000000), 'chats[0].call.scheduleDate: only a scheduled call has one'));
	it('refuses participants in an ended call', () =>
		expectProblem((w) => Object.assign(call(w), { state: 'ended', participants: ['1001'] }), 'chats[0].call.participants: only an active call has participants'));
	it('names a bad joinedAs', () => expectProblem((w) => (call(w).joinedAs = 'anonymous'), 'chats[0].call.joinedAs: must be "self" or "channel"'));
});

describe('parseWorld: references and duplicates', () => {
	it('names a member who is not a user', () =>
		expectProblem((w) => (chat(w).members = ['1000', '1099']), 'chats[0].members[1]: no user has id "1099": add that user to "users"'));
	it('names an unknown participant', () => expectProblem((w) => (call(w).participants = ['42']), 'chats[0].call.participants[0]: no user has id "42"'));
	it('names an unknown invited user', () => expectProblem((w) => (call(w).invited = ['43']), 'chats[0].call.invited[0]: no user has id "43"'));
	it('names a member listed twice', () => expectProblem((w) => (chat(w).members = ['1000', '1001', '1001']), 'chats[0].members[2]: lists "1001" a second time'));
	it('names a duplicate user id', () =>
		expectProblem((w) => (w.users as Json[]).push({ id: '1001', accessHash: '7', firstName: 'Twin' }), 'users[1].id: id "1001" is already used by users[0]'));
	it('names a user who repeats the account id', () =>
		expectProblem((w) => renameUser(w, '1000'), 'users[0].id: id "1000" is already used by me'));
	it('names a username taken in another letter case, across users and chats', () =>
		expectProblem((w) => (chat(w).username = 'ALICE'), 'chats[0].username: username "ALICE" is already used by users[0]'));
	it('names a duplicate phone', () =>
		expectProblem((w) => (user(w).phone = '15550001000'), 'users[0].phone: phone "15550001000" is already used by me'));
	it('names a duplicate chat id and a duplicate call id', () => {
		const world = minimalWorld();
		(world.chats as Json[]).push(structuredClone(chat(world)));
		assert.deepEqual(
			problemsOf(world).map((problem) => problem.split(':')[0]),
			['chats[1].id', 'chats[1].call.id'],
		);
	});
	it('reports a malformed id once, not again at every reference to it', () => {
		const world = minimalWorld();
		user(world).id = 1001;
		assert.equal(problemsOf(world).length, 1);
	});
});

describe('parseWorld: behaviour and faults', () => {
	const withBehaviour = (behaviour: unknown) => (w: Json) => (w.behaviour = behaviour);
	it('names a bad batch mode', () => expectProblem(withBehaviour({ batch: 'some' }), 'behaviour.batch: must be "atomic", "partial" or "lenient" (got "some")'));
	it('names a bad maxUsersPerInvite', () => expectProblem(withBehaviour({ maxUsersPerInvite: 0 }), 'behaviour.maxUsersPerInvite: must be a whole number from 1 to 10000 (got 0)'));
	it('names a negative latency', () => expectProblem(withBehaviour({ latencyMs: -5 }), 'behaviour.latencyMs: must be a whole number from 0 to 600000 (got -5)'));
	it('names a fractional peerFloodAfterInvites', () => expectProblem(withBehaviour({ peerFloodAfterInvites: 1.5 }), 'behaviour.peerFloodAfterInvites: must be a whole number'));
	it('rejects an unknown behaviour field', () => expectProblem(withBehaviour({ flood: 1 }), 'behaviour.flood: unknown field'));
	it('reads the limit models: resolveUsernameLimit and authKeyDuplicated', () => {
		const world = minimalWorld();
		world.behaviour = { resolveUsernameLimit: { requests: 50, windowSeconds: 86_400 }, authKeyDuplicated: true };
		const behaviour = parseWorld(world).behaviour;
		assert.deepEqual(behaviour.resolveUsernameLimit, { requests: 50, windowSeconds: 86_400 });
		assert.equal(behaviour.authKeyDuplicated, true);
	});
	it('names a resolveUsernameLimit without a window', () =>
		expectProblem(withBehaviour({ resolveUsernameLimit: { requests: 5 } }), 'behaviour.resolveUsernameLimit.windowSeconds: is required'));
	it('names a resolveUsernameLimit of zero requests', () =>
		expectProblem(withBehaviour({ resolveUsernameLimit: { requests: 0, windowSeconds: 60 } }), 'behaviour.resolveUsernameLimit.requests: must be a whole number from 1'));
	it('names an authKeyDuplicated that is not true or false', () =>
		expectProblem(withBehaviour({ authKeyDuplicated: 'yes' }), 'behaviour.authKeyDuplicated: must be true or false'));

	it('accepts every kind of fault', () => {
		const world = minimalWorld();
		const faults = [
			{ method: 'phone.inviteToGroupCall', call: 1, action: 'floodWait', seconds: 30 },
			{ method: 'phone.inviteToGroupCall', call: 2, action: 'drop', when: 'after' },
			{ method: 'contacts.resolveUsername', call: 1, action: 'hang' },
			{ method: 'users.getUsers', call: 3, action: 'error', code: 500, message: 'RPC_CALL_FAIL' },
		];
		world.behaviour = { faults };
		assert.deepEqual(parseWorld(world).behaviour.faults, faults);
	});
	it('names a method that is not in the Telegram API', () =>
		expectProblem(withBehaviour({ faults: [{ method: 'phone.inviteUsers', call: 1, action: 'hang' }] }), 'behaviour.faults[0].method: is not a method of the Telegram API'));
	it('names a bad action', () =>
		expectProblem(withBehaviour({ faults: [{ method: 'ping', call: 1, action: 'explode' }] }), 'behaviour.faults[0].action: must be "floodWait", "drop", "hang" or "error" (got "explode")'));
	it('names a field that does not belong to the action', () =>
		expectProblem(withBehaviour({ faults: [{ method: 'ping', call: 1, action: 'hang', seconds: 3 }] }), 'behaviour.faults[0].seconds: unknown field'));
	it('names a missing flood wait', () =>
		expectProblem(withBehaviour({ faults: [{ method: 'ping', call: 1, action: 'floodWait' }] }), 'behaviour.faults[0].seconds: is required'));
	it('names a bad drop moment', () =>
		expectProblem(withBehaviour({ faults: [{ method: 'ping', call: 1, action: 'drop', when: 'during' }] }), 'behaviour.faults[0].when: must be "before" or "after"'));
	it('names a lower-case error message', () =>
		expectProblem(withBehaviour({ faults: [{ method: 'ping', call: 1, action: 'error', code: 400, message: 'oops' }] }), 'behaviour.faults[0].message: must be an upper-case Telegram error'));
	it('names a call number below 1', () =>
		expectProblem(withBehaviour({ faults: [{ method: 'ping', call: 0, action: 'hang' }] }), 'behaviour.faults[0].call: must be a whole number from 1'));
	it('names two faults for the same call of a method (any letter case)', () =>
		expectProblem(
			withBehaviour({
				faults: [
					{ method: 'phone.inviteToGroupCall', call: 1, action: 'hang' },
					{ method: 'phone.InviteToGroupCall', call: 1, action: 'drop', when: 'before' },
				],
			}),
			'behaviour.faults[1]: call 1 of phone.InviteToGroupCall already has a fault (behaviour.faults[0])',
		));
});

describe('parseWorld: several problems', () => {
	it('lists every problem in one error, one per line', () => {
		const world = minimalWorld();
		world.version = 3;
		call(world).state = 'live';
		assert.throws(
			() => parseWorld(world),
			(error: unknown) =>
				error instanceof WorldFileError &&
				error.message === '2 problems in the world file:\n  - version: must be 1, the world file version this sandbox reads (got 3)\n  - chats[0].call.state: must be "active", "scheduled" or "ended" (got "live")',
		);
	});
});

describe('loadWorldFile', () => {
	const dir = mkdtempSync(join(tmpdir(), 'world-file-'));
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('reads and validates a file', () => {
		const path = join(dir, 'good.json');
		writeFileSync(path, JSON.stringify(minimalWorld()));
		assert.equal(loadWorldFile(path).me.id, '1000');
	});

	it('names the file, the line and the column of a JSON syntax error', () => {
		const path = join(dir, 'broken.json');
		writeFileSync(path, '{\n  "version": 1,\n  "apiId": 12345\n  "apiHash": "x"\n}\n');
		assert.throws(() => loadWorldFile(path), (error: unknown) => {
			assert.ok(error instanceof WorldFileError);
			assert.ok(error.message.startsWith(`${path}: not valid JSON: `), error.message);
			assert.match(error.message, /\(line 4, column 3\)$/);
			return true;
		});
	});

	it('names the file in validation errors and for a missing file', () => {
		const path = join(dir, 'bad.json');
		writeFileSync(path, JSON.stringify({ ...minimalWorld(), version: 0 }));
		assert.throws(() => loadWorldFile(path), { message: `${path}: version: must be 1, the world file version this sandbox reads (got 0)` });
		const missing = join(dir, 'missing.json');
		assert.throws(() => loadWorldFile(missing), { message: `${missing}: cannot read the world file (no such file)` });
	});
});

describe('parseWorld: call settings and recording', () => {
	it('keeps join muted, the speaker-link hash and a recording, and reads them back the same', () => {
		const world = minimalWorld();
		Object.assign(call(world), {
			joinMuted: true,
			canChangeJoinMuted: false,
			inviteHash: '9f3a0c',
			recording: { startDate: 1_700_000_000, title: 'Notes', video: true, videoPortrait: false },
		});
		const parsed = parseWorld(world);
		const parsedCall = parsed.chats[0]?.call;
		assert.equal(parsedCall?.joinMuted, true);
		assert.equal(parsedCall?.canChangeJoinMuted, false);
		assert.equal(parsedCall?.inviteHash, '9f3a0c');
		assert.deepEqual(parsedCall?.recording, { startDate: 1_700_000_000, title: 'Notes', video: true, videoPortrait: false });
		assert.deepEqual(parseWorld(parsed), parsed);
	});
	it('names a speaker-link hash that is not lowercase hex', () => expectProblem((w) => (call(w).inviteHash = 'XYZ'), 'chats[0].call.inviteHash: must be lowercase hex'));
	it('names a join muted that is not a boolean', () => expectProblem((w) => (call(w).joinMuted = 'yes'), 'chats[0].call.joinMuted: must be true or false'));
	it('refuses a recording of a call that is not active', () =>
		expectProblem(
			(w) => Object.assign(call(w), { state: 'ended', recording: { startDate: 1_700_000_000 } }),
			'chats[0].call.recording: only an active call can be recorded',
		));
	it('requires the recording\'s start date', () => expectProblem((w) => (call(w).recording = { video: true }), 'chats[0].call.recording.startDate: is required'));
	it('refuses an orientation without video', () =>
		expectProblem((w) => (call(w).recording = { startDate: 1_700_000_000, videoPortrait: true }), 'chats[0].call.recording.videoPortrait: only a video recording'));
});

describe('parseWorld: a basic group upgraded to a supergroup (migratedTo)', () => {
	/** The minimal world's supergroup 2001 plus basic group 2002, upgraded to it; `edit` changes the group. */
	function withUpgradedGroup(edit: (group: Json, world: Json) => void = () => undefined): (world: Json) => void {
		return (world) => {
			delete chat(world).call;
			const group: Json = { id: '2002', kind: 'group', title: 'Old demo', members: ['1000'], migratedTo: '2001' };
			(world.chats as Json[]).push(group);
			edit(group, world);
		};
	}

	it('keeps migratedTo naming a supergroup of the world', () => {
		const world = minimalWorld();
		withUpgradedGroup()(world);
		assert.equal(parseWorld(world).chats[1]?.migratedTo, '2001');
	});
	it('refuses migratedTo naming no chat', () =>
		expectProblem(withUpgradedGroup((group) => (group.migratedTo = '2999')), 'chats[1].migratedTo: must name a supergroup of "chats" (no chat has that id)'));
	it('refuses migratedTo naming a channel', () =>
		expectProblem(withUpgradedGroup((_group, world) => (chat(world).kind = 'channel')), 'chats[1].migratedTo: must name a supergroup of "chats" (chat "2001" is a channel)'));
	it('refuses migratedTo on a supergroup', () =>
		expectProblem(withUpgradedGroup((group) => Object.assign(group, { kind: 'supergroup', accessHash: '8002' })), 'chats[1].migratedTo: only a basic group'));
	it('refuses a call in an upgraded group', () =>
		expectProblem(withUpgradedGroup((group) => (group.call = { id: '3002', accessHash: '9002', state: 'active' })), 'chats[1].call: an upgraded group has no call of its own'));
	it('refuses two groups upgraded to one supergroup', () =>
		expectProblem(
			withUpgradedGroup((_group, world) => (world.chats as Json[]).push({ id: '2003', kind: 'group', title: 'Other', members: ['1000'], migratedTo: '2001' })),
			'chats[2].migratedTo: supergroup "2001" is already the upgrade of group "2002"',
		));
	it('refuses a migratedTo that is not a decimal id', () => expectProblem(withUpgradedGroup((group) => (group.migratedTo = 2001)), 'chats[1].migratedTo: must be'));
	it('any other value of migratedTo is one problem at chats[1].migratedTo, never a crash or a silent accept', () => {
		fc.assert(
			fc.property(fc.oneof(fc.anything(), fc.bigInt().map(String), fc.constantFrom('2001', ' 2001', '2001.0', '-2001', '0', '')), (value) => {
				const world = minimalWorld();
				withUpgradedGroup((group) => (group.migratedTo = value))(world);
				if (value === undefined) return parseWorld(world).chats[1]?.migratedTo === undefined;
				if (value === '2001') return parseWorld(world).chats[1]?.migratedTo === '2001';
				const problems = problemsOf(world);
				return problems.length === 1 && problems[0]?.startsWith('chats[1].migratedTo: ') === true;
			}),
		);
	});
});
