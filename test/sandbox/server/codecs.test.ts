import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Api, errors } from 'telegram';

import { startSandbox } from '../../../sandbox';
import { plainClient, withTimeout } from '../support/plainClient';

/** What a real GramJS client gets from a sandbox with `codec`, and what the sandbox logged. */
async function conversation(codec: 'fast' | 'gramjs'): Promise<{ answers: unknown[]; log: unknown[] }> {
	const sandbox = await startSandbox({ port: 0, codec });
	const { session, apiId, apiHash } = sandbox.credentials();
	const client = plainClient(session, apiId, apiHash, sandbox.port);
	try {
		assert.equal(await withTimeout(client.connect(), 10_000, 'connect'), true);
		const ask = (request: Api.AnyRequest): Promise<unknown> =>
			withTimeout(client.invoke(request), 10_000, request.className).then(
				(answer) => JSON.parse(JSON.stringify(answer)) as unknown,
				(error: unknown) => (error instanceof errors.RPCError ? `${error.code} ${error.errorMessage}` : Promise.reject(error)),
			);
		const answers = [
			await ask(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })),
			await ask(new Api.contacts.ResolveUsername({ username: 'alice' })),
			await ask(new Api.contacts.ResolveUsername({ username: 'nobody_has_this' })),
		];
		const log = sandbox.requests().map(({ method, outcome, resultType, error }) => ({ method, outcome, resultType, error }));
		return { answers, log };
	} finally {
		await client.destroy();
		await sandbox.stop();
	}
}

describe('the sandbox with either codec (decision 0007)', () => {
	it('gives a real GramJS client the same answers with GramJS\'s own TL and IGE as with the fast codec', async () => {
		const reference = await conversation('gramjs');
		const fast = await conversation('fast');
		assert.deepEqual(fast, reference);
		// Both conversations really happened: the self user, a resolved peer, and Telegram's error for an unknown name.
		assert.equal((reference.answers[0] as Array<{ self?: boolean }>)[0]?.self, true);
		assert.equal(reference.answers[2], '400 USERNAME_NOT_OCCUPIED');
		assert.deepEqual(
			reference.log.map((entry) => (entry as { method: string }).method),
			['help.getConfig', 'users.getUsers', 'contacts.resolveUsername', 'contacts.resolveUsername'],
		);
	});
});
