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

const MEMORY_LIMIT = 100_000;

export class RequestLog {
	private readonly entries: RequestLogEntry[] = [];
	private readonly listeners = new Set<(entry: RequestLogEntry) => void>();
	private seq = 0;

	begin(entry: Omit<RequestLogEntry, 'seq' | 'at' | 'outcome' | 'applied'>): RequestLogEntry {
		const started: RequestLogEntry = { seq: ++this.seq, at: new Date().toISOString(), outcome: 'pending', applied: false, ...entry };
		this.entries.push(started);
		if (this.entries.length > MEMORY_LIMIT) this.entries.shift();
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

	all(method?: string): RequestLogEntry[] {
		return method === undefined ? [...this.entries] : this.entries.filter((entry) => entry.method === method);
	}

	clear(): void {
		this.entries.length = 0;
	}
}
