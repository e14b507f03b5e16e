import type { JsonValue } from '../protocol/tlToJson';

/** One RPC as the sandbox saw it: the ground truth tests assert on. Never holds keys or the API hash. */
export interface RequestLogEntry {
	/** 1-based order of arrival across the whole sandbox run. */
	seq: number;
	at: string;
	connectionId: number;
	authKeyId: string;
	accountId: string;
	/** Telegram's method name, e.g. "phone.inviteToGroupCall". */
	method: string;
	/** This was the n-th call of `method` in this run (what faults are keyed to). */
	callNumber: number;
	params: JsonValue;
	outcome: 'pending' | 'answered' | 'error' | 'dropped' | 'hung';
	/** Class name of the answer, e.g. "Updates". */
	resultType?: string;
	error?: { code: number; message: string };
	/** The request changed the world (an invite was recorded, a call changed). */
	applied: boolean;
	/** The fault that was injected, if any. */
	fault?: string;
}

/** The log keeps the latest entries only, so a long-running sandbox does not grow without bound. */
const MEMORY_LIMIT = 100_000;

export class RequestLog {
	// A ring buffer: once full, each new entry overwrites the oldest in O(1). (Array.shift() on a full log moved
	// 100,000 entries on every request, about 100 µs each: a third of a long-running sandbox's capacity.)
	private readonly ring: RequestLogEntry[] = [];
	/** Where the next entry goes once the ring is full: the index of the oldest entry. */
	private oldest = 0;
	private readonly listeners = new Set<(entry: RequestLogEntry) => void>();
	private seq = 0;

	constructor(private readonly limit = MEMORY_LIMIT) {}

	begin(entry: Pick<RequestLogEntry, 'connectionId' | 'authKeyId' | 'accountId' | 'method' | 'callNumber' | 'params'>): RequestLogEntry {
		// Spelled out rather than spread, in the order a spread gave (it shows in the CLI's --log file): no copying by
		// property name for every request.
		const started: RequestLogEntry = {
			seq: ++this.seq,
			at: new Date().toISOString(),
			outcome: 'pending',
			applied: false,
			connectionId: entry.connectionId,
			authKeyId: entry.authKeyId,
			accountId: entry.accountId,
			method: entry.method,
			callNumber: entry.callNumber,
			params: entry.params,
		};
		if (this.ring.length < this.limit) {
			this.ring.push(started);
		} else {
			this.ring[this.oldest] = started;
			this.oldest = (this.oldest + 1) % this.limit;
		}
		return started;
	}

	/** Called once the entry's outcome is known; listeners (e.g. the CLI's --log file) see it then. */
	finish(entry: RequestLogEntry): void {
		for (const listener of this.listeners) listener(entry);
	}

	onEntry(listener: (entry: RequestLogEntry) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** The kept entries, oldest first (optionally of one method). */
	all(method?: string): RequestLogEntry[] {
		const entries = this.ring.slice(this.oldest).concat(this.ring.slice(0, this.oldest));
		return method === undefined ? entries : entries.filter((entry) => entry.method === method);
	}

	clear(): void {
		this.ring.length = 0;
		this.oldest = 0;
	}
}
