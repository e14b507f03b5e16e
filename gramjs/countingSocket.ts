import type { Socket } from 'net';
import { PromisedNetSockets } from 'telegram/extensions';

export interface SocketStats {
	/** Every (re)connect of this client's socket: a change while a request is pending means a reconnect. */
	connects: number;
}

/**
 * GramJS's Node socket, with three changes:
 * - it can connect to a fixed "host:port" instead of what GramJS asks for: GramJS always dials the session's
 *   address on port 80, whatever port the session stores, so a sandbox or test server on another port is
 *   reachable only this way (through SOCKS5 too: the proxy then dials this target);
 * - it counts connects, so the transport can tell that a request spanned a reconnect;
 * - it is unref'd: an idle pooled connection must not keep n8n's process (or a CLI run) alive. A pending
 *   request still does, through the transport's own timeout timer.
 * GramJS instantiates the class itself (`networkSocket` option), hence one class per client.
 */
export function createSocketClass(
	target: { host: string; port: number } | undefined,
	stats: SocketStats,
): typeof PromisedNetSockets {
	return class TargetedNetSocket extends PromisedNetSockets {
		override async connect(port: number, ip: string): Promise<unknown> {
			stats.connects += 1;
			const result = target ? await super.connect(target.port, target.host) : await super.connect(port, ip);
			// `client` is private in GramJS's typings; it is the net.Socket (or the SOCKS socket) just opened.
			(this as unknown as { client?: Socket }).client?.unref();
			return result;
		}
	};
}
