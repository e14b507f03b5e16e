/**
 * UserResolver on the in-memory gateway: each username and phone asked once per run, ids looked up by the
 * gateway, and the block after a flood wait beyond the limit.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';

import { UserResolver, type RequestRunner, type ResolvableToken } from '../../../../../nodes/TelegramGroupCall/actions/groupCall/invite/userResolver';
import type { GroupCallHandle } from '../../../../../nodes/TelegramGroupCall/transport';
import { MemoryGateway, memoryUser, telegramError } from '../../support/memoryGateway';

const CALL: GroupCallHandle = { callId: '3001', accessHash: '9001' };
const passThrough: RequestRunner = async (_what, send) => await send();

const username = (name: string): ResolvableToken => ({ input: `@${name}`, kind: 'username', username: name });
const phone = (digits: string): ResolvableToken => ({ input: `+${digits}`, kind: 'phone', phone: digits });
const id = (userId: string): ResolvableToken => ({ input: userId, kind: 'id', userId });

function gatewayWithUsers(): MemoryGateway {
	const gateway = new MemoryGateway();
	gateway.addUser(memoryUser('101', 'alice'), '15550001001');
	gateway.addUser(memoryUser('102', 'bobby'));
	gateway.addUser(memoryUser('9223372036854775807'));
	return gateway;
}

afterEach(() => mock.timers.reset());

describe('UserResolver', () => {
	it('asks for each username and each phone once per run, even when asked at the same time', async () => {
		const gateway = gatewayWithUsers();
		const resolver = new UserResolver(gateway, passThrough);
		const users = await Promise.all([username('alice'), username('alice'), phone('15550001001'), phone('15550001001')].map((token) => resolver.resolve(token, CALL)));
		assert.deepEqual(users.map((user) => user.id), ['101', '101', '101', '101']);
		assert.deepEqual(gateway.calls.map((call) => `${call.method} ${call.args.join()}`), ['resolveUsername alice', 'resolvePhone 15550001001']);
	});

	it('remembers a failed look-up too: the same unknown username fails again without a request', async () => {
		const gateway = gatewayWithUsers();
		const resolver = new UserResolver(gateway, passThrough);
		for (let attempt = 0; attempt < 2; attempt++) await assert.rejects(resolver.resolve(username('nobody_here'), CALL), { code: 'USERNAME_NOT_OCCUPIED' });
		assert.equal(gateway.requests('resolveUsername').length, 1);
	});

	it('looks numeric ids up through the gateway (64-bit ids as strings), and fails USER_NOT_RESOLVED when Telegram would not say', async () => {
		const gateway = gatewayWithUsers();
		const resolver = new UserResolver(gateway, passThrough);
		assert.equal((await resolver.resolve(id('9223372036854775807'), CALL)).id, '9223372036854775807');
		await assert.rejects(resolver.resolve(id('999'), CALL), { code: 'USER_NOT_RESOLVED', httpCode: null });
		assert.deepEqual(gateway.requests('findUserById').map((call) => call.args[0]), ['9223372036854775807', '999']);
	});

	it('knows an id the gateway already met without a request, but never a username or phone', async () => {
		const gateway = gatewayWithUsers();
		const resolver = new UserResolver(gateway, passThrough);
		assert.equal(resolver.known(id('102')), undefined, 'not met yet');
		await resolver.resolve(username('bobby'), CALL);
		const before = gateway.calls.length;
		assert.equal(resolver.known(id('102'))?.username, 'bobby');
		assert.equal(resolver.known(username('bobby')), undefined);
		assert.equal(gateway.calls.length, before);
	});

	it('sends every look-up through the run\'s request runner (the retry policy)', async () => {
		const gateway = gatewayWithUsers();
		const described: string[] = [];
		const resolver = new UserResolver(gateway, async (what, send) => {
			described.push(what);
			return await send();
		});
		await resolver.resolve(username('alice'), CALL);
		await resolver.resolve(phone('15550001001'), CALL);
		await resolver.resolve(id('102'), CALL);
		assert.deepEqual(described, ['resolving @alice', 'resolving a phone number', 'looking up user 102']);
	});

	it('after a flood wait beyond the limit, fails further look-ups of that kind at once with the remaining wait, until it is over', async () => {
		mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
		const gateway = gatewayWithUsers();
		gateway.script('resolveUsername', telegramError('FLOOD_WAIT', { retryAfter: 30 }));
		const resolver = new UserResolver(gateway, passThrough);

		await assert.rejects(resolver.resolve(username('alice'), CALL), { code: 'FLOOD_WAIT', retryAfter: 30 });
		mock.timers.tick(10_500);
		await assert.rejects(resolver.resolve(username('bobby'), CALL), { code: 'FLOOD_WAIT', retryAfter: 20, httpCode: 420 });
		assert.equal(gateway.requests('resolveUsername').length, 1, 'blocked look-ups send nothing');
		// Other kinds of look-up are not blocked.
		assert.equal((await resolver.resolve(phone('15550001001'), CALL)).id, '101');

		mock.timers.tick(20_000);
		assert.equal((await resolver.resolve(username('bobby'), CALL)).id, '102');
		assert.equal(gateway.requests('resolveUsername').length, 2);
	});

	it('asks again for a username whose look-up met a flood wait, once the wait is over (no stale retryAfter)', async () => {
		mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
		const gateway = gatewayWithUsers();
		gateway.script('resolveUsername', telegramError('FLOOD_WAIT', { retryAfter: 30 }));
		const resolver = new UserResolver(gateway, passThrough);
		await assert.rejects(resolver.resolve(username('alice'), CALL), { code: 'FLOOD_WAIT', retryAfter: 30 });
		mock.timers.tick(30_000);
		assert.equal((await resolver.resolve(username('alice'), CALL)).id, '101');
		assert.equal(gateway.requests('resolveUsername').length, 2);
	});

	it('while id look-ups are blocked, known() does not answer either, so the block is reported', async () => {
		mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
		const gateway = gatewayWithUsers();
		const resolver = new UserResolver(gateway, passThrough);
		await resolver.resolve(id('102'), CALL);
		gateway.script('findUserById', telegramError('FLOOD_WAIT', { retryAfter: 5 }));
		await assert.rejects(resolver.resolve(id('101'), CALL), { code: 'FLOOD_WAIT' });
		assert.equal(resolver.known(id('102')), undefined);
		mock.timers.tick(5_000);
		assert.equal(resolver.known(id('102'))?.id, '102');
	});
});
