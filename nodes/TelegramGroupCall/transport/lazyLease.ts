import type { Lease, PooledConnection } from './clientPool';

/**
 * One execution's lease on a pooled connection, taken on first use. A failed connect is not kept: the next
 * use connects again (the caller's retry policy decides whether and when).
 */
export class LazyLease<C extends PooledConnection> {
	private pending: Promise<Lease<C>> | undefined;

	private released = false;

	constructor(private readonly acquire: () => Promise<Lease<C>>) {}

	/** The leased connection; connects (through the pool) on the first call. */
	readonly connection = async (): Promise<C> => {
		if (this.released) throw new Error('Internal error: the Telegram session was used after its release');
		this.pending ??= this.acquire().catch((error: unknown) => {
			this.pending = undefined;
			throw error;
		});
		return (await this.pending).connection;
	};

	/** Hands the connection back (once it arrives, if a connect is still on its way). */
	release(): void {
		if (this.released) return;
		this.released = true;
		this.pending?.then(
			(lease) => lease.release(),
			() => undefined,
		);
	}
}
