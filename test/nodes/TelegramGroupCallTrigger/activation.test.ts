// Activation through n8n-core's real trigger machinery with parameters that cannot work: each fails the
// activation (WorkflowActivationError) with a sentence naming the field, before anything connects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { INodeParameters } from 'n8n-workflow';

import { activateTrigger } from '../../harness/activateTrigger';
import { repoRoot } from '../TelegramGroupCall/support/sandboxRuns';

const credentials = { telegramMtprotoApi: { apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef', session: 'not-a-session' } };

async function activationError(parameters: INodeParameters): Promise<string> {
	const activation = activateTrigger({ packageDir: repoRoot, nodeType: 'telegramGroupCallTrigger', parameters, credentials });
	const error = await activation.then(
		() => assert.fail('the activation should fail'),
		(failure: unknown) => failure,
	);
	assert.ok(error instanceof Error);
	assert.equal(error.name, 'WorkflowActivationError');
	assert.ok(!error.message.includes('0123456789abcdef'), 'no API hash in the message');
	return error.message;
}

describe('trigger activation refuses parameters that cannot work, naming the field', () => {
	it('Chosen Chats without a chat, or with one that is not a chat', async () => {
		assert.match(await activationError({ chats: 'chosenChats', chosenChats: {}, events: ['callStarted'] }), /Chats to Watch is empty/);
		const notAChat = await activationError({
			chats: 'chosenChats',
			chosenChats: { chat: [{ chat: { __rl: true, mode: 'id', value: '-100' } }, { chat: { __rl: true, mode: 'chat', value: '123:456' } }] },
			events: ['callStarted'],
		});
		assert.match(notAChat, /Chats to Watch, chat 2: this names a call/);
	});

	it('Events empty, or naming an event that does not exist (from an expression)', async () => {
		assert.match(await activationError({ events: [] }), /Events is empty/);
		assert.match(await activationError({ events: '=callStarted, callExploded' }), /Events: the text "callExploded" is not an event/);
	});

	it('a Poll Interval outside 2 to 3,600 seconds, or not a number', async () => {
		assert.match(await activationError({ events: ['participantJoined'], options: { pollInterval: 1 } }), /"Poll Interval \(Seconds\)" must be a whole number from 2 to 3,600; 1 is out of that range/);
		assert.match(await activationError({ events: ['participantJoined'], options: { pollInterval: '=ten' } }), /"Poll Interval \(Seconds\)" must be a whole number from 2 to 3,600, but it is the text "ten"/);
	});
});
