import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defaultWorld } from '../../../sandbox/world/defaultWorld';
import { parseWorld } from '../../../sandbox/world/parseWorld';

describe('defaultWorld', () => {
	it('is a valid world with every default already filled in', () => {
		const world = defaultWorld();
		assert.deepEqual(parseWorld(world), world);
	});

	it('returns a fresh copy on every call', () => {
		const first = defaultWorld();
		first.users.length = 0;
		first.chats[0]?.members.push('1010');
		const second = defaultWorld();
		assert.equal(second.users.length, 14);
		assert.ok(!second.chats[0]?.members.includes('1010'));
	});

	it('has a login code and a 2FA password with a hint for the login flow', () => {
		const { me } = defaultWorld();
		assert.deepEqual([me.loginCode, me.password, me.passwordHint], ['12345', 'hunter2', 'the usual one']);
	});

	it('has one chat of each kind of call situation', () => {
		const situations = defaultWorld().chats.map((chat) => `${chat.kind}:${chat.call?.state ?? 'none'}:${chat.call?.joinedAs ?? '-'}`);
		assert.deepEqual(situations, [
			'supergroup:active:self',
			'group:active:self',
			'supergroup:scheduled:self',
			'supergroup:ended:self',
			'supergroup:active:channel',
			'supergroup:none:-',
			'channel:active:self',
			'supergroup:active:self',
		]);
	});
});
