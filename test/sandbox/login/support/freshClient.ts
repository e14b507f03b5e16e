import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';

import { Api, TelegramClient } from 'telegram';
import { PromisedNetSockets } from 'telegram/extensions';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';

import { trustServerKeyInGramjs } from '../../../../gramjs/trustServerKey';
import { SANDBOX_RSA_KEY, startSandbox, type Sandbox } from '../../../../sandbox';
import { defaultWorld } from '../../../../sandbox/world/defaultWorld';
import { withTimeout } from '../../support/plainClient';

/**
 * An unmodified GramJS client without a session, aimed at a sandbox: it runs the auth key exchange first, as a
 * fresh login does. The sandbox's RSA key is made known to GramJS in this process (docs/decisions/0005-login-keys.md).
 */
export function freshClient(sandbox: Sandbox, apiId = sandbox.world.apiId, apiHash = sandbox.world.apiHash): TelegramClient {
	trustServerKeyInGramjs(SANDBOX_RSA_KEY);
	const { host, port } = sandbox;
	// An empty session points GramJS at Telegram's DC 4; the socket goes to the sandbox instead.
	class SandboxSocket extends PromisedNetSockets {
		override connect(_port: number, _ip: string): Promise<unknown> {
			return super.connect(port, host);
		}
	}
	return new TelegramClient(new StringSession(''), apiId, apiHash, {
		networkSocket: SandboxSocket,
		// A key exchange fails now and then by GramJS's own doing (a key with a leading zero byte); it retries.
		connectionRetries: 3,
		baseLogger: new Logger(LogLevel.NONE),
		floodSleepThreshold: 0,
	});
}

/** A sandbox of its own and a fresh client connected to it (key exchange done), both stopped after the test. */
export async function connected(t: TestContext, world = defaultWorld()): Promise<{ sandbox: Sandbox; client: TelegramClient }> {
	const sandbox = await startSandbox({ port: 0, world });
	t.after(() => sandbox.stop());
	const client = freshClient(sandbox);
	t.after(() => client.destroy());
	assert.equal(await withTimeout(client.connect(), 10_000, 'connect'), true);
	return { sandbox, client };
}

/** GramJS waits forever on an unanswered request; login tests give each one 10 s. */
export const call = <R extends Api.AnyRequest>(client: TelegramClient, request: R): Promise<R['__response']> =>
	withTimeout(client.invoke(request), 10_000, request.className);
