/**
 * The Update operation's requests on the in-memory gateway: only what is set is sent, in order; "already that
 * way" is success; a failure stops the item where it happened. The gateway's call settings are the ground truth.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { applyPlan } from '../../../../../nodes/TelegramGroupCall/actions/groupCall/update.operation';
import type { GroupCallHandle } from '../../../../../nodes/TelegramGroupCall/transport';
import { MEMORY_NOW, MemoryGateway } from '../../support/memoryGateway';

function world(): { gateway: MemoryGateway; call: GroupCallHandle } {
	const gateway = new MemoryGateway();
	const call = gateway.addCall('@group', {
		callId: '3001',
		accessHash: '9001',
		title: 'Weekly',
		chat: { kind: 'channel', id: '2001', title: 'Group', username: 'group' },
	});
	return { gateway, call };
}

describe('Update (in memory)', () => {
	it('sends every set field, in order, and outputs the call as it now is with what changed', async () => {
		const { gateway, call } = world();
		const output = await applyPlan(gateway, call, {
			title: 'Renamed',
			settings: { joinMuted: true, resetInviteLink: true },
			recording: { start: true, title: 'Notes', video: true, videoPortrait: true },
		});
		assert.deepEqual(
			gateway.calls.map((request) => request.method),
			['editCallTitle', 'toggleCallSettings', 'toggleCallSettings', 'toggleCallRecording'],
		);
		const settings = gateway.callSettings('3001');
		assert.equal(settings.title, 'Renamed');
		assert.equal(settings.joinMuted, true);
		assert.equal(settings.inviteHash, 2);
		assert.deepEqual(settings.recording, { since: MEMORY_NOW, title: 'Notes', video: true, videoPortrait: true });
		assert.equal(output.title, 'Renamed');
		assert.equal(output.joinMuted, true);
		assert.equal(output.recording, true);
		assert.equal(output.recordingSince, new Date(MEMORY_NOW * 1000).toISOString());
		assert.deepEqual(output.chat, { id: '2001', title: 'Group', username: 'group' });
		assert.equal(output.link, 'https://t.me/group?videochat');
		assert.equal(output.changed, true);
		assert.deepEqual(output.changedFields, ['title', 'joinMuted', 'inviteLinkReset', 'recording']);
		assert.deepEqual(output.notModifiedFields, []);
	});

	it('reports "already that way" as success with changed false, reading the call once to show it', async () => {
		const { gateway, call } = world();
		const output = await applyPlan(gateway, call, { settings: { joinMuted: false }, recording: { start: false } });
		assert.equal(output.changed, false);
		assert.deepEqual(output.changedFields, []);
		assert.deepEqual(output.notModifiedFields, ['joinMuted', 'recording']);
		assert.equal(output.title, 'Weekly');
		assert.equal(gateway.requests('getCall').length, 1);
	});

	it('a failure stops the item where it happened; the changes before it stay', async () => {
		const { gateway, call } = world();
		gateway.callSettings('3001').canChangeJoinMuted = false;
		await assert.rejects(
			applyPlan(gateway, call, { title: 'First', settings: { joinMuted: true }, recording: { start: true } }),
			(error: unknown) => error instanceof Error && /GROUPCALL_CHANGE_FORBIDDEN: already changed before this failed: title/.test(error.message),
		);
		assert.equal(gateway.callSettings('3001').title, 'First');
		assert.equal(gateway.callSettings('3001').recording, null, 'nothing after the failure was sent');
		assert.equal(gateway.requests('toggleCallRecording').length, 0);
	});

	it('recording a call that has not started fails with Telegram\'s error', async () => {
		const { gateway, call } = world();
		gateway.callSettings('3001').state = 'scheduled';
		// The memory world answers like the sandbox: only a running call can be recorded.
		await assert.rejects(applyPlan(gateway, call, { recording: { start: true } }), /GROUPCALL_FORBIDDEN/);
	});
});
