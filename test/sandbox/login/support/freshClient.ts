import { TelegramClient } from 'telegram';
import { PromisedNetSockets } from 'telegram/extensions';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';

import { trustSandboxKeyInGramjs, type Sandbox } from '../../../../sandbox';

/**
 * An unmodified GramJS client without a session, aimed at a sandbox: it runs the auth key exchange first, as a
 * fresh login does. The sandbox's RSA key is made known to GramJS in this process (docs/decisions/0005-login-keys.md).
 */
export function freshClient(sandbox: Sandbox, apiId = sandbox.world.apiId, apiHash = sandbox.world.apiHash): TelegramClient {
	trustSandboxKeyInGramjs();
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
