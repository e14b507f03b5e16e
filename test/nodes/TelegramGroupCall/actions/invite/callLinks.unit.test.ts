/**
 * "Add Call Link to Failed Users" on the in-memory gateway: which failures carry the link, one export per
 * call, private chats, a failing export, and nothing different with the option off.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CALL_LINK_CODES } from '../../../../../nodes/TelegramGroupCall/actions/groupCall/invite/callLinks';
import { MemoryGateway, memoryUser, telegramError } from '../../support/memoryGateway';
import { runOnMemory } from '../../support/memoryRun';

/**
 * @alice 101 (invitable), @shy_one 106 (privacy), @outsider 107 (not a member), @helper_bot 104 (refused),
 * @ghost 108 (deleted); @group is public (call 3001), @secret is private (call 3002), @second is public (3003).
 */
function world(): MemoryGateway {
	const gateway = new MemoryGateway();
	gateway.addUser(gateway.me);
	for (const [id, name] of [['101', 'alice'], ['104', 'helper_bot'], ['106', 'shy_one'], ['107', 'outsider'], ['108', 'ghost']]) {
		gateway.addUser(memoryUser(id, name));
	}
	gateway.refuse('104', 'CHAT_TYPE_INVALID');
	gateway.refuse('106', 'USER_PRIVACY_RESTRICTED');
	gateway.refuse('107', 'USER_NOT_PARTICIPANT');
	gateway.refuse('108', 'INPUT_USER_DEACTIVATED');
	gateway.addCall('@group', { callId: '3001', accessHash: '9001', chat: { kind: 'channel', id: '2001', title: 'Group', username: 'group' } });
	gateway.addCall('@secret', { callId: '3002', accessHash: '9002', chat: { kind: 'channel', id: '2002', title: 'Secret' } });
	gateway.addCall('@second', { callId: '3003', accessHash: '9003', chat: { kind: 'channel', id: '2003', title: 'Second', username: 'second' } });
	return gateway;
}

const EVERYONE = '@alice @shy_one @outsider @helper_bot @ghost';

describe('Add Call Link to Failed Users (in memory)', () => {
	it('gives the link to users Telegram would not let the account invite, and only to them, exported once per call', async () => {
		const gateway = world();
		const run = await runOnMemory(
			gateway,
			[
				{ call: '@group', users: EVERYONE },
				{ call: '@second', users: '@shy_one' },
				{ call: '@group', users: '@outsider' },
			],
			{ addCallLinkToFailedUsers: true },
		);
		assert.deepEqual(run.outcomes(0), ['invited:invited', 'USER_PRIVACY_RESTRICTED', 'USER_NOT_PARTICIPANT', 'CHAT_TYPE_INVALID', 'INPUT_USER_DEACTIVATED']);
		const link = 'https://t.me/group?videochat';
		assert.deepEqual([1, 2].map((token) => run.failed(0, token).callLink), [link, link]);
		assert.equal(run.failed(0, 3).callLink, undefined, 'a bot cannot join by a link either');
		assert.equal(run.failed(0, 4).callLink, undefined, 'a deleted account cannot use a link');
		assert.equal('callLink' in run.invited(0, 0), false);
		assert.equal(run.failed(1, 0).callLink, 'https://t.me/second?videochat');
		assert.equal(run.failed(2, 0).code, 'DUPLICATE_IN_INPUT', 'the same person twice is handled once');
		assert.equal(run.failed(2, 0).callLink, undefined);
		assert.deepEqual(
			gateway.requests('exportCallInvite').map((call) => call.args),
			[
				['3001', 'listener'],
				['3003', 'listener'],
			],
		);
	});

	it('gives null and a note in a private chat, without asking Telegram', async () => {
		const gateway = world();
		const run = await runOnMemory(gateway, [{ call: '@secret', users: '@shy_one @ghost' }], { addCallLinkToFailedUsers: true });
		const privacy = run.failed(0, 0);
		assert.equal(privacy.code, 'USER_PRIVACY_RESTRICTED', 'the failure stays what it was');
		assert.equal(privacy.callLink, null);
		assert.match(privacy.callLinkNote ?? '', /^No call link: only public groups and channels/);
		assert.equal(run.failed(0, 1).callLinkNote, undefined);
		assert.equal(gateway.requests('exportCallInvite').length, 0);
	});

	it('asks Telegram when the chat is not known (By ID) and reports its refusal on the users, not as a failure', async () => {
		const gateway = world();
		gateway.addCall('3004:9004', { callId: '3004', accessHash: '9004' });
		gateway.script('exportCallInvite', telegramError('PUBLIC_CHANNEL_MISSING', { httpCode: 403 }));
		const run = await runOnMemory(gateway, [{ call: '3004:9004', users: '@outsider @alice' }], { addCallLinkToFailedUsers: true });
		assert.deepEqual(run.outcomes(), ['USER_NOT_PARTICIPANT', 'invited:invited']);
		assert.equal(run.failed(0, 0).callLink, null);
		assert.match(run.failed(0, 0).callLinkNote ?? '', /^No call link: only public/);
		assert.equal(gateway.requests('exportCallInvite').length, 1);
	});

	it('an export that fails for another reason leaves the link null with the reason', async () => {
		const gateway = world();
		gateway.script('exportCallInvite', telegramError('CHAT_ADMIN_REQUIRED'));
		const run = await runOnMemory(gateway, [{ call: '@group', users: '@shy_one' }], { addCallLinkToFailedUsers: true });
		assert.equal(run.failed(0, 0).callLink, null);
		assert.match(run.failed(0, 0).callLinkNote ?? '', /exporting it failed \(CHAT_ADMIN_REQUIRED\)/);
	});

	it('with the option off: no export and results exactly as without it', async () => {
		const off = world();
		const on = world();
		const items = [{ call: '@group', users: EVERYONE }];
		const without = await runOnMemory(off, items);
		const withOption = await runOnMemory(on, items, { addCallLinkToFailedUsers: true });
		assert.equal(off.requests('exportCallInvite').length, 0);
		const strip = (results: typeof without.report.results) =>
			[...results.values()].map((result) => {
				if (result.output === 'invited') return result;
				const { callLink: _link, callLinkNote: _note, ...rest } = result;
				return rest;
			});
		assert.deepEqual(strip(withOption.report.results), [...without.report.results.values()]);
		assert.ok([...without.report.results.values()].every((result) => !('callLink' in result)));
		assert.deepEqual(off.inviteRequests(), on.inviteRequests(), 'the option never changes what is sent to invite');
	});

	it('lists exactly the reach-them-another-way codes', () => {
		assert.deepEqual([...CALL_LINK_CODES].sort(), ['NOT_INVITED_BY_TELEGRAM', 'USER_NOT_PARTICIPANT', 'USER_PRIVACY_RESTRICTED']);
	});
});
