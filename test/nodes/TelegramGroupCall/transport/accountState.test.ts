/**
 * The in-process account memory (transport/accountState.ts): a bounded LRU of users with a username index,
 * chats by username, member listings, flood marks and the hold. Memory per entry is measured in
 * bench/warmRerun.ts, not asserted here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	AccountStates,
	MAX_CACHED_USERS,
	MemoryAccountState,
	USERNAME_TRUST_MS,
} from '../../../../nodes/TelegramGroupCall/transport/accountState';
import type { TelegramUser } from '../../../../nodes/TelegramGroupCall/transport';

/** Ids above 2^53, as real ids can be. */
function user(index: number, username?: string): TelegramUser {
	const id = (2n ** 53n + BigInt(index)).toString();
	return { id, accessHash: (-(2n ** 63n) + BigInt(index)).toString(), username, firstName: 'Someone', bot: false, deleted: false, self: false };
}

const NOW = Date.UTC(2026, 0, 1);

describe('MemoryAccountState', () => {
	it('holds at most MAX_CACHED_USERS of 100,000 distinct users, the most recently used ones, with a consistent username index', () => {
		const state = new MemoryAccountState();
		const early = user(0, 'user_0');
		state.rememberUsers([early], NOW);
		for (let start = 1; start < 100_000; start += 1_000) {
			const chunk = Array.from({ length: Math.min(1_000, 100_000 - start) }, (_, offset) => user(start + offset, `user_${start + offset}`));
			state.rememberUsers(chunk, NOW);
			// Reading the first user keeps it recent: it must survive every eviction.
			assert.ok(state.user(early.id));
		}
		assert.equal(state.size, MAX_CACHED_USERS);
		assert.ok(state.user(early.id), 'a user in use is never evicted');
		assert.equal(state.user(user(1).id), undefined, 'the least recently used are gone');
		assert.equal(state.userByUsername('user_1', NOW), undefined, 'and so are their usernames');
		const last = user(99_999, 'user_99999');
		assert.deepEqual(state.userByUsername('USER_99999', NOW), { id: last.id, accessHash: last.accessHash, username: 'user_99999', bot: false, deleted: false, self: false });
		const oldestKept = 100_000 - MAX_CACHED_USERS + 1;
		assert.ok(state.userByUsername(`user_${oldestKept}`, NOW));
		assert.equal(state.userByUsername(`user_${oldestKept - 1}`, NOW), undefined);
	});

	it('keeps only what an invite needs: no names, 64-bit values as given', () => {
		const state = new MemoryAccountState();
		const someone = { ...user(7, 'Someone_7'), firstName: 'Some', lastName: 'One' };
		state.rememberUsers([someone], NOW);
		assert.deepEqual(state.user(someone.id), { id: someone.id, accessHash: someone.accessHash, username: 'Someone_7', bot: false, deleted: false, self: false });
		assert.equal(state.user(someone.id)?.accessHash, '-9223372036854775801');
	});

	it('trusts a username for USERNAME_TRUST_MS, follows a changed username, and never keeps the account itself', () => {
		const state = new MemoryAccountState();
		state.rememberUsers([user(1, 'first_name'), { ...user(2, 'me'), self: true }], NOW);
		assert.ok(state.userByUsername('first_name', NOW + USERNAME_TRUST_MS));
		assert.equal(state.userByUsername('first_name', NOW + USERNAME_TRUST_MS + 1), undefined);
		assert.equal(state.userByUsername('me', NOW), undefined);
		state.rememberUsers([user(1, 'second_name')], NOW);
		assert.equal(state.userByUsername('first_name', NOW), undefined, 'the old username is not theirs any more');
		assert.equal(state.userByUsername('second_name', NOW)?.id, user(1).id);
		// Someone else took the first name: it now points at them.
		state.rememberUsers([user(3, 'first_name')], NOW);
		assert.equal(state.userByUsername('first_name', NOW)?.id, user(3).id);
		state.forgetUser(user(1).id);
		assert.equal(state.userByUsername('second_name', NOW), undefined);
		assert.equal(state.userByUsername('first_name', NOW)?.id, user(3).id);
	});

	it('remembers a flood wait per method until it ends, keeping the longer of two', () => {
		const state = new MemoryAccountState();
		const execution = Symbol('execution');
		state.rememberFloodWait('contacts.ResolveUsername', { until: NOW + 5_000, setBy: execution });
		state.rememberFloodWait('contacts.ResolveUsername', { until: NOW + 1_000, setBy: execution });
		assert.equal(state.floodWait('contacts.ResolveUsername', NOW)?.until, NOW + 5_000);
		assert.equal(state.floodWait('phone.InviteToGroupCall', NOW), undefined);
		assert.equal(state.floodWait('contacts.ResolveUsername', NOW + 5_000), undefined, 'over at its end');
	});

	it('holds the account until the hold ends; clear() forgets everything', () => {
		const state = new MemoryAccountState();
		state.rememberHold({ code: 'PEER_FLOOD', until: NOW + 10 });
		state.rememberHold({ code: 'PEER_FLOOD', until: NOW + 5 });
		assert.deepEqual(state.hold(NOW + 9), { code: 'PEER_FLOOD', until: NOW + 10 });
		assert.equal(state.hold(NOW + 10), undefined);
		state.rememberHold({ code: 'PEER_FLOOD', until: NOW + 10 });
		state.rememberUsers([user(1, 'someone')], NOW);
		state.rememberChat('group', { kind: 'channel', id: '5', accessHash: '6', title: 'Group' }, NOW);
		state.rememberMembersListed('channel:5', NOW);
		state.clear();
		assert.equal(state.hold(NOW), undefined);
		assert.equal(state.size, 0);
		assert.equal(state.chatByUsername('group', NOW), undefined);
		assert.equal(state.membersListedAt('channel:5'), undefined);
	});

	it('gives a copy of a remembered chat (a caller filling in its title changes nothing remembered)', () => {
		const state = new MemoryAccountState();
		state.rememberChat('Group', { kind: 'channel', id: '5', accessHash: '6', title: 'Group' }, NOW);
		const chat = state.chatByUsername('group', NOW);
		assert.ok(chat);
		chat.title = 'changed';
		assert.equal(state.chatByUsername('GROUP', NOW)?.title, 'Group');
		assert.equal(state.chatByUsername('group', NOW + USERNAME_TRUST_MS + 1), undefined);
	});
});

describe('AccountStates', () => {
	it('one state per account, the least recently used account forgotten beyond the bound', () => {
		const states = new AccountStates(2);
		const a = states.for('a');
		a.rememberHold({ code: 'PEER_FLOOD', until: NOW + 1 });
		assert.equal(states.for('a'), a);
		states.for('b');
		states.for('a');
		states.for('c');
		assert.equal(states.for('a'), a, 'a was used more recently than b');
		assert.notEqual(states.for('b').hold(NOW), a.hold(NOW));
	});
});
