import { Api } from 'telegram';

import { settle } from '../../errors/settle';
import { CancelScope } from '../cancelScope';
import type { Lease } from '../clientPool';
import { TelegramError } from '../telegramError';
import type { WatchLink, WatchLinkListener } from '../watch/watchLink';
import { toCallUpdate } from './callUpdates';
import type { ConnectionEvent, TelegramConnection } from './telegramConnection';

const DROPPED = 'the connection to Telegram dropped; GramJS is reconnecting';

/**
 * A call watch's stretch on one pooled connection (../watch/watchLink.ts): a GramJS update handler of its own, and
 * the connection's socket and retirement turned into `down`, `up` and `retired`. Resolves once updates flow:
 * after updates.getState, Telegram's way for a client to say it wants updates, answered on this connection.
 * Holds `lease` until closed; a failure on the way releases it. Nothing reaches `listener` but updates before it
 * resolves.
 */
export async function openWatchLink(lease: Lease<TelegramConnection>, listener: WatchLinkListener, signal: AbortSignal): Promise<WatchLink> {
	const link = new GramjsWatchLink(lease, listener);
	const attached = await settle(async () => await link.attach(signal));
	if (attached.ok) return link;
	await link.close();
	throw attached.error;
}

class GramjsWatchLink implements WatchLink {
	private readonly connection: TelegramConnection;

	/** Ends this link's own requests (getState) when it closes, so no request timer outlives it. */
	private readonly ending = new AbortController();

	private readonly scope = new CancelScope(this.ending.signal);

	private stopObserving: (() => void) | undefined;

	private stopUpdates: (() => void) | undefined;

	private attached = false;

	private closed = false;

	/** Why the connection retired while the link was being attached. */
	private retiredEarly: { reason: string; error?: TelegramError } | undefined;

	private retired = false;

	/** Socket openings so far: only the latest one's getState reports `up`. */
	private openings = 0;

	constructor(
		private readonly lease: Lease<TelegramConnection>,
		private readonly listener: WatchLinkListener,
	) {
		this.connection = lease.connection;
	}

	async attach(signal: AbortSignal): Promise<void> {
		const stop = () => this.ending.abort();
		signal.addEventListener('abort', stop, { once: true });
		try {
			this.stopObserving = this.connection.observe((event) => this.onConnectionEvent(event));
			this.throwIfRetired();
			// Before the handler: GramJS must know the account to dispatch updates in order (telegramConnection.ts).
			await this.connection.getMe(this.scope);
			this.stopUpdates = this.connection.onUpdate((update) => {
				const callUpdate = toCallUpdate(update);
				if (callUpdate !== undefined && !this.closed) this.listener.update(callUpdate);
			});
			await this.connection.invoke(new Api.updates.GetState(), this.scope);
		} finally {
			signal.removeEventListener('abort', stop);
		}
		this.throwIfRetired();
		this.attached = true;
	}

	/** The connection retired while the link was being attached: the watch tries again (CONNECTION_CLOSED is retried). */
	private throwIfRetired(): void {
		const early = this.retiredEarly;
		if (early !== undefined) throw early.error ?? new TelegramError({ code: 'CONNECTION_CLOSED', httpCode: null, method: 'connect', detail: early.reason });
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.ending.abort();
		this.scope.close();
		this.stopUpdates?.();
		this.stopObserving?.();
		await this.lease.releaseAndCloseIfUnused();
	}

	private onConnectionEvent(event: ConnectionEvent): void {
		if (this.closed) return;
		if (event.kind === 'retired') {
			if (!this.attached) {
				this.retiredEarly = { reason: event.reason, ...(event.error === undefined ? {} : { error: event.error }) };
				return;
			}
			this.retired = true;
			this.listener.retired(event.reason, event.error);
			return;
		}
		// Before attach() finished, its own getState is the barrier: GramJS re-sends it after a reconnect.
		if (!this.attached || this.retired) return;
		if (event.kind === 'socketClosed') {
			this.listener.down(DROPPED);
			return;
		}
		const opening = ++this.openings;
		void this.connection.invoke(new Api.updates.GetState(), this.scope).then(
			() => this.reportUp(opening),
			// A failure that makes the connection unusable retires it (reported above); anything else is Telegram's
			// answer on a working connection.
			() => this.reportUp(opening),
		);
	}

	private reportUp(opening: number): void {
		if (opening === this.openings && !this.retired && !this.closed && this.connection.usable) this.listener.up();
	}
}
