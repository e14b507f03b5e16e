/**
 * The trigger in n8n-core's trigger machinery (test/harness/activateTrigger.ts) watching a basic group that the
 * sandbox upgrades to a supergroup while the trigger listens over TCP: it follows the chat and reports the
 * supergroup's call. Ground truth: the sandbox's call change log. Build first (the harness loads dist/).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../../sandbox';
import { activateTrigger } from '../../harness/activateTrigger';
import { closeCompiledPool, repoRoot } from '../TelegramGroupCall/support/sandboxRuns';

const TEAM_BASIC = '2002';

describe('the trigger watching a basic group that Telegram upgrades', () => {
	it('reports the supergroup\'s call starting after the upgrade, its memory moved to the supergroup', async () => {
		const sandbox = await startSandbox({ port: 0 });
		try {
			const trigger = await activateTrigger({
				packageDir: repoRoot,
				nodeType: 'telegramGroupCallTrigger',
				parameters: {
					chats: 'chosenChats',
					chosenChats: { chat: [{ chat: { __rl: true, mode: 'chat', value: `-${TEAM_BASIC}` } }] },
					events: ['callStarted', 'callEnded'],
					options: { pollInterval: 2 },
				},
				credentials: { telegramMtprotoApi: { ...sandbox.credentials() } },
				workflowId: 'trigger-migration',
			});
			sandbox.drive.adminEnds('3002');
			await trigger.items(1);
			const { supergroupId } = sandbox.drive.migrateGroup(TEAM_BASIC);
			const started = sandbox.drive.adminStarts(supergroupId, { title: 'After the upgrade' });
			const items = await trigger.items(2);
			await trigger.deactivate();

			assert.deepEqual(
				items.map(({ json }) => [json.event, (json.call as IDataObject).id, (json.chat as IDataObject).id]),
				[
					['callEnded', '3002', TEAM_BASIC],
					['callStarted', started.callId, supergroupId],
				],
			);
			assert.deepEqual(
				sandbox.world.callChanges(started.callId).map((change) => [change.kind, change.chatId]),
				[['created', supergroupId]],
			);
			const saved = JSON.stringify(trigger.staticData());
			assert.ok(saved.includes(`"channel:${supergroupId}"`), saved);
			assert.ok(!saved.includes(`"chat:${TEAM_BASIC}"`), saved);
			assert.equal(trigger.errors.length, 0);
		} finally {
			await closeCompiledPool();
			await sandbox.stop();
		}
	});
});
