// The account memory as the read cache of limits shared between n8n's processes: written through as it learns,
// refreshed from the store. Two SharedAccountStates over one store stand for two processes (main, a worker).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	FROM_SHARED_STORE,
	SharedAccountState,
	type AccountLimits,
	type SharedAccountLimits,
} from '../../../../../nodes/TelegramGroupCall/transport/shared/accountLimits';
import type { AccountHold } from '../../../../../nodes/TelegramGroupCall/transport';

/** The shared store in memory, with the "later wins, ended ones are gone" rule of the Redis script. */
class MemoryLimits implements SharedAccountLimits {
	readonly floods = new Map<string, number>();

	hold: AccountHold | undefined;

	writes = 0;

	async load(_accountKey: string, now: number): Promise<AccountLimits> {
		const floodWaits = [...this.floods].filter(([, until]) => until > now).map(([method, until]) => ({ method, until }));
		return this.hold && this.hold.until > now ? { floodWaits, hold: this.hold } : { floodWaits };
	}

	async saveFloodWait(_accountKey: string, method: string, until: number): Promise<void> {
		this.writes += 1;
		if ((this.floods.get(method) ?? 0) < until) this.floods.set(method, until);
	}

	async saveHold(_accountKey: string, hold: AccountHold): Promise<void> {
		this.writes += 1;
		if (!this.hold || this.hold.until < hold.until) this.hold = hold;
	}
}

const NOW = 1_800_000_000_000;

describe('SharedAccountState', () => {
	it('a flood wait one process meets reaches the other on refresh, as no execution\'s own', async () => {
		const store = new MemoryLimits();
		const main = new SharedAccountState(store, 'acct', () => NOW);
		const worker = new SharedAccountState(store, 'acct', () => NOW);
		const execution = Symbol('execution on main');
		main.rememberFloodWait('contacts.ResolveUsername', { until: NOW + 30_000, setBy: execution });
		assert.equal(store.floods.get('contacts.ResolveUsername'), NOW + 30_000, 'written through');
		assert.equal(worker.floodWait('contacts.ResolveUsername', NOW), undefined, 'not before a refresh');
		await worker.refresh();
		assert.deepEqual(worker.floodWait('contacts.ResolveUsername', NOW), { until: NOW + 30_000, setBy: FROM_SHARED_STORE });
		await main.refresh();
		assert.equal(main.floodWait('contacts.ResolveUsername', NOW)?.setBy, execution, 'read back, the mark stays its execution\'s own');
	});

	it('keeps the longer of a local and a shared wait, and ignores ended ones', async () => {
		const store = new MemoryLimits();
		const worker = new SharedAccountState(store, 'acct', () => NOW);
		worker.rememberFloodWait('phone.InviteToGroupCall', { until: NOW + 60_000, setBy: Symbol('local') });
		store.floods.set('phone.InviteToGroupCall', NOW + 5_000);
		store.floods.set('channels.GetParticipants', NOW - 1);
		await worker.refresh();
		assert.equal(worker.floodWait('phone.InviteToGroupCall', NOW)?.until, NOW + 60_000);
		assert.equal(worker.floodWait('channels.GetParticipants', NOW), undefined);
	});

	it('shares the PEER_FLOOD hold', async () => {
		const store = new MemoryLimits();
		const main = new SharedAccountState(store, 'acct', () => NOW);
		const worker = new SharedAccountState(store, 'acct', () => NOW);
		main.rememberHold({ code: 'PEER_FLOOD', until: NOW + 86_400_000 });
		await worker.refresh();
		assert.deepEqual(worker.hold(NOW), { code: 'PEER_FLOOD', until: NOW + 86_400_000 });
		assert.equal(worker.hold(NOW + 86_400_000), undefined, 'until it ends');
	});

	it('a store that fails loses the write, never the process\'s own memory', async () => {
		const failing: SharedAccountLimits = {
			load: async () => await Promise.reject(new Error('Redis is down')),
			saveFloodWait: async () => await Promise.reject(new Error('Redis is down')),
			saveHold: async () => await Promise.reject(new Error('Redis is down')),
		};
		const state = new SharedAccountState(failing, 'acct', () => NOW);
		state.rememberFloodWait('contacts.ResolveUsername', { until: NOW + 1_000, setBy: Symbol('e') });
		state.rememberHold({ code: 'PEER_FLOOD', until: NOW + 1_000 });
		await assert.rejects(state.refresh(), /Redis is down/);
		assert.ok(state.floodWait('contacts.ResolveUsername', NOW));
		assert.ok(state.hold(NOW));
	});
});
