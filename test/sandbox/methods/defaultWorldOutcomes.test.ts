import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { RpcFailure } from '../../../sandbox/methods/types';
import { MethodHarness } from './support/methodHarness';
import { DEMO_CALL, demoUser, inputCall, invite } from './support/tl';
import { invitedUserIds } from './support/updates';

/** The outcomes docs/sandbox-world.md promises for the built-in world; keep the two in step. */

async function outcome(sandbox: MethodHarness, request: ReturnType<typeof invite>): Promise<string> {
	try {
		const answer = await sandbox.invoke(request);
		return `invited ${invitedUserIds(answer).join(',')}`;
	} catch (error) {
		if (error instanceof RpcFailure) return `${error.code} ${error.errorMessage}`;
		throw error;
	}
}

describe('default world: each user invited alone to Demo\'s call', () => {
	const expected: Array<[string, string]> = [
		['1001', 'invited 1001'],
		['1002', 'invited 1002'],
		['1003', 'invited 1003'],
		['1004', 'invited 1004'],
		['1005', 'invited 1005'],
		['1006', '400 USER_ALREADY_INVITED'],
		['1007', '400 USER_ALREADY_INVITED'],
		['1008', '403 CHAT_TYPE_INVALID'],
		['1009', '400 INPUT_USER_DEACTIVATED'],
		['1010', '403 USER_NOT_PARTICIPANT'],
		['1011', '403 USER_PRIVACY_RESTRICTED'],
		['1012', 'invited 1012'],
		['1013', 'invited 1013'],
		['1014', 'invited 1014'],
	];
	for (const [userId, result] of expected) {
		it(`${userId}: ${result}`, async () => {
			assert.equal(await outcome(new MethodHarness(), invite(DEMO_CALL, [demoUser(userId)])), result);
		});
	}
});

describe('default world: Alice invited to each chat\'s call', () => {
	const expected: Array<[string, string, string]> = [
		['3001', '9001', 'invited 1001'],
		['3002', '9002', 'invited 1001'],
		['3003', '9003', '403 GROUPCALL_FORBIDDEN'],
		['3004', '9004', '403 GROUPCALL_FORBIDDEN'],
		['3005', '9005', '400 INVITE_FORBIDDEN_WITH_JOINAS'],
		['3007', '9007', 'invited 1001'],
		['3008', '9008', '403 GROUPCALL_FORBIDDEN'],
	];
	for (const [callId, accessHash, result] of expected) {
		it(`call ${callId}: ${result}`, async () => {
			assert.equal(await outcome(new MethodHarness(), invite(inputCall(callId, accessHash), [demoUser('1001')])), result);
		});
	}
});
