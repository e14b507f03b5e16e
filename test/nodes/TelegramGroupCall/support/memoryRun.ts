import assert from 'node:assert/strict';

import { planInvites, type ItemParameters } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/planInvites';
import { resultKey, runInvites, type RunReport } from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/runInvites';
import type {
	FailedResult,
	InviteOptions,
	InvitedResult,
	RunEnvironment,
	UserResult,
} from '../../../../nodes/TelegramGroupCall/actions/groupCall/invite/types';
import { CancelledError } from '../../../../nodes/TelegramGroupCall/errors/cancellation';
import { DEFAULT_OPTIONS } from './inviteOptions';
import type { MemoryGateway } from './memoryGateway';

/** A run environment that records waits instead of sleeping, and the log lines. */
export interface RecordingEnvironment extends RunEnvironment {
	sleeps: number[];
	logs: string[];
}

export function recordingEnvironment(signal?: AbortSignal, onSleep?: (ms: number) => void): RecordingEnvironment {
	const sleeps: number[] = [];
	const logs: string[] = [];
	return {
		sleeps,
		logs,
		signal,
		logger: {
			info: (message) => logs.push(`info: ${message}`),
			warn: (message) => logs.push(`warn: ${message}`),
			debug: (message) => logs.push(`debug: ${message}`),
		},
		sleep: async (ms, sleepSignal) => {
			sleeps.push(ms);
			onSleep?.(ms);
			if (sleepSignal?.aborted) throw new CancelledError();
		},
	};
}

export interface MemoryRun {
	report: RunReport;
	environment: RecordingEnvironment;
	result(itemIndex: number, tokenIndex: number): UserResult;
	invited(itemIndex: number, tokenIndex: number): InvitedResult;
	failed(itemIndex: number, tokenIndex: number): FailedResult;
	/** "invited:<status>" or the failure code, per token of one item. */
	outcomes(itemIndex?: number): string[];
}

/** planInvites + runInvites on the in-memory gateway, as the operation calls them. */
export async function runOnMemory(
	gateway: MemoryGateway,
	items: ReadonlyArray<Omit<ItemParameters, 'itemIndex'>>,
	options: Partial<InviteOptions> = {},
	environment: RecordingEnvironment = recordingEnvironment(undefined, (ms) => gateway.slept(ms)),
): Promise<MemoryRun> {
	const plan = planInvites(items.map((item, itemIndex) => ({ ...item, itemIndex })));
	const report = await runInvites(plan, gateway, { ...DEFAULT_OPTIONS, ...options }, environment);
	const result = (itemIndex: number, tokenIndex: number): UserResult => {
		const found = report.results.get(resultKey(itemIndex, tokenIndex));
		assert.ok(found, `no result for item ${itemIndex}, user ${tokenIndex}`);
		return found;
	};
	return {
		report,
		environment,
		result,
		invited: (itemIndex, tokenIndex) => {
			const found = result(itemIndex, tokenIndex);
			assert.equal(found.output, 'invited', JSON.stringify(found));
			return found as InvitedResult;
		},
		failed: (itemIndex, tokenIndex) => {
			const found = result(itemIndex, tokenIndex);
			assert.equal(found.output, 'failed', JSON.stringify(found));
			return found as FailedResult;
		},
		outcomes: (itemIndex = 0) =>
			[...report.results.entries()]
				.filter(([key]) => key.startsWith(`${itemIndex}:`))
				.sort(([a], [b]) => Number(a.split(':')[1]) - Number(b.split(':')[1]))
				.map(([, found]) => (found.output === 'invited' ? `invited:${found.status}` : found.code)),
	};
}
