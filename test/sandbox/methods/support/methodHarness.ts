import assert from 'node:assert/strict';

import { Api, extensions } from 'telegram';

import { createMethodTable } from '../../../../sandbox/methods';
import { RpcFailure, type MethodTable, type RequestContext, type RpcAnswer, type TlSerializable } from '../../../../sandbox/methods/types';
import { defaultWorld } from '../../../../sandbox/world/defaultWorld';
import type { WorldFile } from '../../../../sandbox/world/worldFile';
import { WorldState } from '../../../../sandbox/world/worldState';

/** A fixed "now" (2027-01-15) so scheduled dates and answers are repeatable. */
export const TEST_NOW = 1_800_000_000;

interface TlRequest extends TlSerializable {
	readonly className: string;
}

/**
 * Calls the sandbox's method handlers the way the protocol core does: the request goes through its wire form
 * first (so absent optional fields are null, as a real client's are), and every answer must survive
 * serialisation and GramJS's own reader unchanged.
 */
export class MethodHarness {
	readonly world: WorldState;
	readonly pushed: Api.TypeUpdates[] = [];
	/** How many requests called markApplied. */
	appliedCount = 0;
	accountId: string;
	private readonly table: MethodTable;

	constructor(world: WorldFile = defaultWorld()) {
		this.world = new WorldState(world);
		this.table = createMethodTable(this.world);
		this.accountId = this.world.me.id;
	}

	async invoke<T extends TlRequest & { __response: unknown }>(request: T): Promise<T['__response']> {
		const answer = await this.run(request);
		return roundTrip(answer) as T['__response'];
	}

	/** The Telegram error the request answers; fails the test if it succeeds. */
	async invokeError(request: TlRequest): Promise<RpcFailure> {
		try {
			await this.run(request);
		} catch (error) {
			if (error instanceof RpcFailure) return error;
			throw error;
		}
		assert.fail(`${request.className} succeeded; an error was expected`);
	}

	async expectError(request: TlRequest, code: number, message: string): Promise<void> {
		const failure = await this.invokeError(request);
		assert.deepEqual({ code: failure.code, message: failure.errorMessage }, { code, message });
	}

	private async run(request: TlRequest): Promise<RpcAnswer> {
		const handler = this.table[request.className] as ((request: unknown, context: RequestContext) => RpcAnswer | Promise<RpcAnswer>) | undefined;
		assert.ok(handler, `no handler for ${request.className}`);
		return handler(throughWire(request), this.context());
	}

	private context(): RequestContext {
		return {
			accountId: this.accountId,
			authKeyId: 'test-key',
			now: TEST_NOW,
			markApplied: () => {
				this.appliedCount += 1;
			},
			pushUpdates: (updates) => {
				this.pushed.push(roundTrip(updates) as Api.TypeUpdates);
			},
		};
	}
}

/** What the server sees: the request parsed back from the bytes a client sends. */
export function throughWire<T extends TlSerializable>(request: T): T {
	return new extensions.BinaryReader(request.getBytes()).tgReadObject() as T;
}

/** Serialises an answer as the core does, reads it back with GramJS, and checks nothing changed. */
export function roundTrip(answer: RpcAnswer): unknown {
	const bytes = serialise(answer);
	const reader = new extensions.BinaryReader(bytes);
	const parsed: unknown = reader.tgReadObject();
	assert.equal(reader.tellPosition(), bytes.length, 'the reader must consume the whole answer');
	assert.deepEqual(serialise(parsed as RpcAnswer), bytes, 'the answer must read back to the same bytes');
	if (!Array.isArray(answer) && typeof answer !== 'boolean') {
		assert.equal((parsed as { className?: string }).className, (answer as { className?: string }).className);
	}
	return parsed;
}

function serialise(answer: RpcAnswer): Buffer {
	if (typeof answer === 'boolean') return Buffer.from(answer ? 'b5757299' : '379779bc', 'hex');
	if (Array.isArray(answer)) {
		const header = Buffer.alloc(8);
		header.writeUInt32LE(0x1cb5c415, 0);
		header.writeInt32LE(answer.length, 4);
		return Buffer.concat([header, ...answer.map((item: TlSerializable) => item.getBytes())]);
	}
	return (answer as TlSerializable).getBytes();
}
