/**
 * Update, Get Invite Link and Invite Users' "Add Call Link to Failed Users" in n8n's real engine, over MTProto
 * to the sandbox through the unmodified GramJS client (needs dist/: npm run build). Each test asserts the
 * world the sandbox holds afterwards and its request log, not only the node's output.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INodeExecutionData, INodeParameters, OnError } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { defaultWorld } from '../../../sandbox/world/defaultWorld';
import type { WorldCall } from '../../../sandbox/world/worldFile';
import { runNodeInEngine, type EngineRun } from '../../harness';
import { pairedIndex, repoRoot, runInvite, withSandbox } from './support/sandboxRuns';

const DEMO_LINK = 'https://t.me/demo_group?videochat';

/** Runs one operation of the node; `parameters` may hold expressions reading the items' json. */
async function runOperation(
	sandbox: Sandbox,
	operation: string,
	parameters: INodeParameters,
	items: IDataObject[],
	onError?: OnError,
): Promise<EngineRun> {
	return await runNodeInEngine({
		packageDir: repoRoot,
		nodeType: 'telegramGroupCall',
		parameters: { resource: 'groupCall', operation, call: { __rl: true, mode: 'chat', value: '={{ $json.call }}' }, ...parameters },
		credentials: { telegramMtprotoApi: { ...sandbox.credentials() } },
		inputItems: items.map((json) => ({ json })),
		onError,
	});
}

function callIn(sandbox: Sandbox, chatId: string): WorldCall {
	const call = sandbox.world.toJSON().chats.find((chat) => chat.id === chatId)?.call;
	assert.ok(call, `chat ${chatId} has no call`);
	return call;
}

function methods(sandbox: Sandbox, prefix = 'phone.'): string[] {
	return sandbox
		.requests()
		.map((entry) => entry.method)
		.filter((method) => method.startsWith(prefix) && method !== 'phone.getGroupCall');
}

function errorCode(item: INodeExecutionData | undefined): unknown {
	return (item?.json.details as IDataObject | undefined)?.code;
}

describe('Update against the sandbox', () => {
	it('changes title, join muted and recording (title, video, portrait) as asked, and outputs the call as it now is', async () => {
		await withSandbox(undefined, async (sandbox) => {
			const run = await runOperation(
				sandbox,
				'update',
				{
					updateFields: {
						title: 'Renamed sync',
						joinMuted: true,
						recording: 'start',
						recordingTitle: 'Sync notes',
						recordVideo: true,
						videoOrientation: 'portrait',
					},
				},
				[{ call: '@demo_group' }],
			);
			assert.equal(run.status, 'success', JSON.stringify(run.error));
			const call = callIn(sandbox, '2001');
			assert.equal(call.title, 'Renamed sync');
			assert.equal(call.joinMuted, true);
			assert.equal(call.recording?.title, 'Sync notes');
			assert.equal(call.recording?.video, true);
			assert.equal(call.recording?.videoPortrait, true);
			assert.deepEqual(methods(sandbox), ['phone.editGroupCallTitle', 'phone.toggleGroupCallSettings', 'phone.toggleGroupCallRecord']);
			const [item] = run.outputs[0];
			assert.equal(pairedIndex(item), 0);
			assert.equal(item.json.callId, '3001');
			assert.equal(item.json.title, 'Renamed sync');
			assert.equal(item.json.joinMuted, true);
			assert.equal(item.json.recording, true);
			assert.equal(item.json.recordingSince, new Date((call.recording?.startDate ?? 0) * 1000).toISOString());
			assert.equal(item.json.link, DEMO_LINK);
			assert.equal(item.json.changed, true);
			assert.deepEqual(item.json.changedFields, ['title', 'joinMuted', 'recording']);
		});
	});

	it('reads each item\'s fields from expressions n8n-style: "already so" is success, unreadable values are error items naming the field', async () => {
		await withSandbox(undefined, async (sandbox) => {
			const run = await runOperation(
				sandbox,
				'update',
				{ updateFields: { title: '={{ $json.title }}', joinMuted: '={{ $json.joinMuted }}', recording: '={{ $json.recording }}' } },
				[
					{ call: '@demo_group', joinMuted: 'TRUE', title: '', recording: '' },
					{ call: '@demo_group', joinMuted: 1, title: null, recording: 'stop' },
					{ call: '@demo_group', joinMuted: 'maybe', title: 'Never sent', recording: '' },
					{ call: '@demo_group', joinMuted: '', title: 'x'.repeat(65), recording: '' },
					{ call: '@demo_group', joinMuted: null, title: '', recording: '' },
				],
				'continueRegularOutput',
			);
			assert.equal(run.status, 'success', JSON.stringify(run.error));
			const items = run.outputs[0];
			assert.deepEqual(items.map(pairedIndex), [0, 1, 2, 3, 4]);
			assert.deepEqual([items[0].json.changed, items[0].json.changedFields], [true, ['joinMuted']]);
			assert.deepEqual([items[1].json.changed, items[1].json.notModifiedFields], [false, ['joinMuted', 'recording']]);
			assert.match(String(items[2].json.error), /"Join Muted" must be true or false/);
			assert.match(String(items[3].json.error), /"Title" is 65 characters long/);
			assert.match(String(items[4].json.error), /Nothing to update: add at least one field under "Update Fields"/);
			assert.deepEqual(
				[2, 3, 4].map((index) => errorCode(items[index])),
				['INVALID_PARAMETER', 'INVALID_PARAMETER', 'INVALID_PARAMETER'],
			);
			assert.equal(callIn(sandbox, '2001').joinMuted, true);
			assert.equal(callIn(sandbox, '2001').title, 'Weekly sync', 'the refused items sent nothing');
			assert.deepEqual(methods(sandbox), ['phone.toggleGroupCallSettings', 'phone.toggleGroupCallSettings', 'phone.toggleGroupCallRecord']);
		});
	});

	it('"Reset Invite Link" makes speaker links exported before differ from those exported after', async () => {
		await withSandbox(undefined, async (sandbox) => {
			const speakerLink = async (): Promise<string> => {
				const run = await runOperation(sandbox, 'getInviteLink', { options: { asSpeaker: true } }, [{ call: '@demo_group' }]);
				assert.equal(run.status, 'success', JSON.stringify(run.error));
				assert.equal(run.outputs[0][0].json.asSpeaker, true);
				return String(run.outputs[0][0].json.link);
			};
			const before = await speakerLink();
			const reset = await runOperation(sandbox, 'update', { updateFields: { resetInviteLink: true } }, [{ call: '@demo_group' }]);
			assert.deepEqual(reset.outputs[0][0].json.changedFields, ['inviteLinkReset']);
			const after = await speakerLink();
			assert.match(before, /^https:\/\/t\.me\/demo_group\?videochat=[0-9a-f]+$/);
			assert.notEqual(after, before);
			assert.equal(after, `${DEMO_LINK}=${callIn(sandbox, '2001').inviteHash}`);
			assert.equal(sandbox.requests('phone.exportGroupCallInvite').length, 2);
		});
	});

	it('gives each documented refusal its catalog sentence on the item; only changes before a refusal stay', async () => {
		const world = defaultWorld();
		const quiet = world.chats.find((chat) => chat.id === '2007')?.call;
		assert.ok(quiet);
		quiet.canChangeJoinMuted = false;
		await withSandbox(world, async (sandbox) => {
			const run = await runOperation(
				sandbox,
				'update',
				{ updateFields: { title: '={{ $json.title }}', joinMuted: '={{ $json.joinMuted }}', recording: '={{ $json.recording }}' } },
				[
					{ call: '@anonymous_room', title: '', joinMuted: true, recording: '' },
					{ call: '@town_hall', title: '', joinMuted: '', recording: 'start' },
					{ call: '@ops_news', title: '', joinMuted: true, recording: '' },
					{ call: '3004:9004', title: '', joinMuted: true, recording: '' },
					{ call: '@ops_news', title: 'Renamed first', joinMuted: true, recording: '' },
				],
				'continueRegularOutput',
			);
			const items = run.outputs[0];
			assert.deepEqual(items.map(errorCode), [
				'CHAT_ADMIN_REQUIRED',
				'GROUPCALL_FORBIDDEN',
				'GROUPCALL_CHANGE_FORBIDDEN',
				'CALL_ENDED',
				'GROUPCALL_CHANGE_FORBIDDEN',
			]);
			// The last item's title went through before its join muted was refused: the details say so.
			assert.match(String((items[4].json.details as IDataObject).reason), /already changed before this failed: title/);
			assert.equal(callIn(sandbox, '2007').title, 'Renamed first');
			assert.match(String(items[0].json.error), /admin rights/);
			assert.match(String(items[1].json.error), /not started yet/);
			assert.match(String(items[2].json.error), /does not let this account change this setting/);
			assert.equal(callIn(sandbox, '2005').joinMuted, undefined);
			assert.equal(callIn(sandbox, '2003').recording, undefined);
			assert.equal(callIn(sandbox, '2007').joinMuted, undefined);
		});
	});

	it('with "Stop Workflow", nothing set stops before any connection, naming the collection', async () => {
		await withSandbox(undefined, async (sandbox) => {
			const run = await runOperation(sandbox, 'update', { updateFields: {} }, [{ call: '@demo_group' }]);
			assert.equal(run.status, 'error');
			assert.match(run.error?.message ?? '', /Nothing to update: add at least one field under "Update Fields"/);
			assert.equal(sandbox.requests().length, 0);
		});
	});
});

describe('Get Invite Link against the sandbox', () => {
	it('gives listener links for public chats; a private chat says why and what to do; speaker links need rights', async () => {
		await withSandbox(undefined, async (sandbox) => {
			const run = await runOperation(
				sandbox,
				'getInviteLink',
				{ options: { asSpeaker: '={{ $json.speaker }}' } },
				[
					{ call: '@demo_group', speaker: 'false' },
					{ call: '@ops_news', speaker: '' },
					{ call: '-2002', speaker: 0 },
					{ call: '@anonymous_room', speaker: 'true' },
					{ call: '@demo_group', speaker: 'yes' },
					{ call: '3001:1234', speaker: '' },
				],
				'continueRegularOutput',
			);
			const items = run.outputs[0];
			assert.deepEqual(items.map(pairedIndex), [0, 1, 2, 3, 4, 5]);
			assert.deepEqual(items[0].json, {
				callId: '3001',
				accessHash: '9001',
				chat: { id: '2001', title: 'Demo', username: 'demo_group' },
				link: DEMO_LINK,
				asSpeaker: false,
			});
			assert.equal(items[1].json.link, 'https://t.me/ops_news?livestream');
			assert.equal(errorCode(items[2]), 'PUBLIC_CHANNEL_MISSING');
			assert.match(String(items[2].json.error), /Only public groups and channels .* have call links, and this chat is private/);
			assert.equal(errorCode(items[3]), 'CHAT_ADMIN_REQUIRED');
			assert.match(String(items[4].json.error), /"As Speaker" must be true or false/);
			assert.equal(errorCode(items[5]), 'GROUPCALL_INVALID', 'a wrong access hash is refused when the call is looked up');
			assert.equal(sandbox.requests('phone.exportGroupCallInvite').length, 4, 'the unreadable option sent nothing');
		});
	});
});

describe('Invite Users: Add Call Link to Failed Users, against the sandbox', () => {
	const items = [
		{ call: '@demo_group', users: '@alice @judy_private @ivan_outsider @frank_invited' },
		{ call: 'https://t.me/demo_group?videochat', users: '@demo_helper_bot 1009' },
		{ call: '-2002', users: '@ivan_outsider' },
	];

	it('failed users who could join by link carry it; one export per call; a private chat gives null and a note', async () => {
		await withSandbox(undefined, async (sandbox) => {
			const run = await runInvite(sandbox, { items, options: { addCallLinkToFailedUsers: true } });
			assert.equal(run.status, 'success', JSON.stringify(run.error));
			const failed = run.outputs[1].map((item) => [pairedIndex(item), item.json.user, item.json.code, item.json.callLink, item.json.callLinkNote !== undefined]);
			assert.deepEqual(failed, [
				[0, '@judy_private', 'USER_PRIVACY_RESTRICTED', DEMO_LINK, false],
				[0, '@ivan_outsider', 'USER_NOT_PARTICIPANT', DEMO_LINK, false],
				[0, '@frank_invited', 'USER_ALREADY_INVITED', undefined, false],
				[1, '@demo_helper_bot', 'CHAT_TYPE_INVALID', undefined, false],
				[1, '1009', 'INPUT_USER_DEACTIVATED', undefined, false],
				[2, '@ivan_outsider', 'USER_NOT_PARTICIPANT', null, true],
			]);
			assert.match(String(run.outputs[1][5].json.callLinkNote), /^No call link: only public groups and channels/);
			const exports = sandbox.requests('phone.exportGroupCallInvite');
			assert.equal(exports.length, 1, 'one export for Demo\'s call, none for the private group');
			assert.equal((exports[0].params as { call: { id: string } }).call.id, '3001');
			assert.deepEqual(sandbox.world.invitedUsers('3001'), ['1001']);
		});
	});

	it('with the option off, nothing is exported and the outputs are the same without callLink', async () => {
		const withOption = await withSandbox(undefined, async (sandbox) => await runInvite(sandbox, { items, options: { addCallLinkToFailedUsers: true } }));
		await withSandbox(undefined, async (sandbox) => {
			const run = await runInvite(sandbox, { items });
			assert.equal(sandbox.requests('phone.exportGroupCallInvite').length, 0);
			const strip = (output: INodeExecutionData[]) =>
				output.map((item) => {
					const { callLink: _link, callLinkNote: _note, ...json } = item.json;
					return { json, pairedItem: item.pairedItem };
				});
			assert.deepEqual(run.outputs[0], withOption.outputs[0]);
			assert.deepEqual(run.outputs[1], strip(withOption.outputs[1]));
			assert.ok(run.outputs[1].every((item) => !('callLink' in item.json)));
		});
	});
});
