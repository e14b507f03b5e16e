/**
 * The connection's request time limit and cancellation (one timer per connection, one abort listener per
 * execution: transport/deadlines.ts) on the real transport against the sandbox: a request that is never
 * answered fails with TIMEOUT after the credential's timeout, counted from its own start, and a cancelled
 * execution stops waiting at once.
 */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';

import { CancelledError } from '../../../../nodes/TelegramGroupCall/errors/cancellation';
import { isTelegramError } from '../../../../nodes/TelegramGroupCall/transport';
import { readConnectionSettings } from '../../../../nodes/TelegramGroupCall/transport/connectionSettings';
import { GramjsGateway } from '../../../../nodes/TelegramGroupCall/transport/gramjs/gramjsGateway';
import { connectTelegram } from '../../../../nodes/TelegramGroupCall/transport/gramjs/telegramConnection';
import type { GroupCallHandle } from '../../../../nodes/TelegramGroupCall/transport/types';
import { startSandbox, type Sandbox } from '../../../../sandbox';
import { rejection } from '../support/rejection';

const INVITE = 'phone.inviteToGroupCall';

describe('request deadlines and cancellation on the real transport', () => {
	let sandbox: Sandbox;

	before(async () => {
		sandbox = await startSandbox({ port: 0 });
	});

	after(async () => {
		await sandbox.stop();
	});

	async function setUp(timeoutSeconds: number, signal?: AbortSignal) {
		const connection = await connectTelegram(readConnectionSettings({ ...sandbox.credentials(), timeout: timeoutSeconds }));
		const gateway = new GramjsGateway(async () => connection, signal);
		const call: GroupCallHandle = await gateway.resolveCall({ kind: 'chatUsername', username: 'demo_group', key: 'username:demo_group' });
		const alice = await gateway.resolveUsername('alice');
		return { connection, gateway, call, alice };
	}

	it('fails a request that is never answered with TIMEOUT after the timeout from its own start, and retires the connection', { timeout: 20_000 }, async () => {
		const { connection, gateway, call, alice } = await setUp(1);
		try {
			// Answered requests first (the deadline timer is armed then); the stuck one starts 600 ms later.
			await delay(600);
			sandbox.addFault({ method: INVITE, call: sandbox.requests(INVITE).length + 1, action: 'hang' });
			const started = performance.now();
			const error = await rejection(gateway.inviteToGroupCall(call, [alice]));
			const elapsed = performance.now() - started;
			assert.ok(isTelegramError(error) && error.code === 'TIMEOUT', String(error));
			assert.equal(error.method, 'phone.InviteToGroupCall');
			assert.ok(elapsed >= 999 && elapsed < 3_000, `timed out after ${elapsed} ms`);
			assert.equal(connection.usable, false, 'a timed-out connection is replaced by the pool');
		} finally {
			sandbox.clearFaults();
			gateway.close();
			await connection.destroy();
		}
	});

	it('stops waiting for a pending request as soon as the execution is cancelled, with one listener for all requests', { timeout: 20_000 }, async () => {
		const controller = new AbortController();
		const { connection, gateway, call, alice } = await setUp(30, controller.signal);
		try {
			assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
			sandbox.addFault({ method: INVITE, call: sandbox.requests(INVITE).length + 1, action: 'hang' });
			const pending = gateway.inviteToGroupCall(call, [alice]);
			while (sandbox.requests(INVITE).length === 0) await delay(10);
			const started = performance.now();
			controller.abort();
			assert.ok((await rejection(pending)) instanceof CancelledError);
			assert.ok(performance.now() - started < 1_000);
			assert.equal(connection.usable, true, 'a cancelled wait says nothing about the connection');
			gateway.close();
			assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
		} finally {
			sandbox.clearFaults();
			gateway.close();
			await connection.destroy();
		}
	});
});
