// The session lease in regular mode, against the sandbox with AUTH_KEY_DUPLICATED on: a credential test while a
// pooled connection of the same session is open takes its turn (the idle pooled connection hands the session
// over) instead of using the session from two connections at once.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { closeAllTelegramConnections, identifyAccount, openTelegramSession } from '../../../../../nodes/TelegramGroupCall/transport';
import { startSandbox } from '../../../../../sandbox';

describe('session lease in one process (sandbox)', () => {
	after(async () => {
		await closeAllTelegramConnections();
	});

	it('hands an idle pooled connection\'s session to the credential test: never two connections of the session at once', async () => {
		const sandbox = await startSandbox({ port: 0 });
		try {
			sandbox.setBehaviour({ authKeyDuplicated: true });
			const credentials = { ...sandbox.credentials() };
			const session = await openTelegramSession(credentials);
			assert.equal((await session.gateway.getMe()).id, '1000');
			session.release();
			assert.equal(sandbox.openConnections, 1, 'the pooled connection stays open while idle');

			const me = await identifyAccount(credentials);
			assert.equal(me.id, '1000');
			assert.equal(sandbox.maxOpenConnectionsPerKey, 1, 'the idle pooled connection closed before the test connected');
			assert.equal(sandbox.requests().filter((entry) => entry.error?.message === 'AUTH_KEY_DUPLICATED').length, 0);

			// The next execution connects again and works: the session was not killed.
			const again = await openTelegramSession(credentials);
			assert.equal((await again.gateway.getMe()).id, '1000');
			again.release();
			assert.equal(sandbox.maxOpenConnectionsPerKey, 1);
		} finally {
			await closeAllTelegramConnections();
			await sandbox.stop();
		}
	});
});
