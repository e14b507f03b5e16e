/**
 * Get Participants in n8n's engine against the sandbox over TCP: the items equal the world's participants
 * (flags, dates, a participant joined as a channel), paging and its requests, Limit read from expressions,
 * hidden listeners, calls without participants, and bad input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Sandbox } from '../../../sandbox';
import type { WorldUser } from '../../../sandbox/world/worldFile';
import { buildWorld, FAR_FUTURE, worldCall } from '../../support/worldBuilder';
import { hintsOf, jsonWithItems, runOperation } from './support/operationRuns';
import { useSharedSandbox } from './support/sandboxRuns';

const GUESTS = 230;

const users: WorldUser[] = Array.from({ length: GUESTS }, (_, index) => ({
	id: String(5000 + index),
	accessHash: String(6000 + index),
	firstName: `Guest ${index}`,
	...(index % 2 === 0 ? { username: `guest_${index}` } : { lastName: 'Odd' }),
}));

/** A crowded call (230 users, a host with every flag, one joined as a channel), a hidden-listeners call, an empty one. */
function world() {
	const guestIds = users.map((user) => user.id);
	return buildWorld({
		users,
		chats: [
			{
				id: '20',
				accessHash: '21',
				kind: 'supergroup',
				title: 'Crowd',
				username: 'crowd_room',
				members: ['1000', ...guestIds],
				call: worldCall('30', '31', {
					participants: ['1000', ...guestIds],
					participantDetails: {
						'1000': { muted: false, raiseHandRating: 3, video: true, presentation: true, volume: 15000, about: 'Host', date: 1_700_000_100, activeDate: 1_700_000_200 },
						'5001': { joinedAs: '40', canSelfUnmute: false },
					},
				}),
			},
			{ id: '40', accessHash: '41', kind: 'channel', title: 'Guest Channel', username: 'guest_channel', members: ['5001'] },
			{
				id: '50',
				accessHash: '51',
				kind: 'supergroup',
				title: 'Webinar',
				members: ['1000', '5000', '5002', '5004'],
				call: worldCall('60', '61', { participants: ['5000', '5002', '5004'], listenersHidden: true, participantDetails: { '5002': { muted: false } } }),
			},
			{
				id: '70',
				accessHash: '71',
				kind: 'supergroup',
				title: 'Only Listeners',
				members: ['1000', '5000'],
				call: worldCall('80', '81', { participants: ['5000'], listenersHidden: true }),
			},
			{ id: '90', accessHash: '91', kind: 'supergroup', title: 'Empty', members: ['1000'], call: worldCall('100', '101') },
			{ id: '110', accessHash: '111', kind: 'supergroup', title: 'No Call', members: ['1000'] },
			{ id: '120', accessHash: '121', kind: 'supergroup', title: 'Later', members: ['1000'], call: worldCall('130', '131', { state: 'scheduled', scheduleDate: FAR_FUTURE }) },
			{ id: '140', accessHash: '141', kind: 'supergroup', title: 'Over', members: ['1000'], call: worldCall('150', '151', { state: 'ended' }) },
		],
	});
}

function iso(unixSeconds: number): string {
	return new Date(unixSeconds * 1000).toISOString();
}

/** The item Get Participants must give for a world participant (the ground truth), user or joined as a channel. */
function expectedItem(sandbox: Sandbox, callId: string, userId: string, listenersHidden = false): Record<string, unknown> {
	const live = sandbox.world.call(callId);
	assert.ok(live);
	const details = live.call.participantDetails?.[userId] ?? {};
	const person = sandbox.world.user(userId);
	const channel = details.joinedAs === undefined ? undefined : sandbox.world.chat(details.joinedAs);
	return {
		callId,
		joinedAs: channel ? 'chat' : 'user',
		userId: channel ? null : userId,
		username: channel ? null : (person?.username ?? null),
		firstName: channel ? null : (person?.firstName ?? null),
		lastName: channel ? null : (person?.lastName ?? null),
		chatId: channel?.id ?? null,
		chatTitle: channel?.title ?? null,
		chatUsername: channel?.username ?? null,
		isSelf: userId === sandbox.world.me.id,
		joinedAt: iso(details.date ?? 1_700_000_000),
		lastActiveAt: details.activeDate === undefined ? null : iso(details.activeDate),
		muted: details.muted ?? true,
		canSelfUnmute: details.canSelfUnmute ?? true,
		raisedHand: details.raiseHandRating !== undefined,
		video: details.video ?? false,
		screenSharing: details.presentation ?? false,
		volumePercent: details.volume === undefined ? 100 : details.volume / 100,
		about: details.about ?? null,
		listenersHidden,
	};
}

describe('Get Participants', () => {
	let sandbox: Sandbox;
	useSharedSandbox((started) => (sandbox = started), world());

	it("with Return All lists every participant once, equal to the world's list, in ⌈n/100⌉ requests", async () => {
		const before = sandbox.requests().length;
		const run = await runOperation(sandbox, { operation: 'getParticipants', items: [{ call: '@crowd_room' }], parameters: { returnAll: true } });
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		const live = sandbox.world.call('30');
		assert.ok(live);
		const items = jsonWithItems(run.outputs[0]);
		// A copy: deepEqual would narrow `items` to the expected type.
		assert.deepEqual(
			[...items],
			live.call.participants.map((userId) => ({ _item: 0, ...expectedItem(sandbox, '30', userId) })),
		);
		const host = items[0];
		assert.deepEqual([host.isSelf, host.muted, host.raisedHand, host.video, host.screenSharing, host.volumePercent], [true, false, true, true, true, 150]);
		assert.deepEqual([items[2].joinedAs, items[2].chatTitle, items[2].userId], ['chat', 'Guest Channel', null]);
		const calls = sandbox.requests().slice(before).filter((entry) => entry.method.startsWith('phone.'));
		assert.deepEqual(
			calls.map((entry) => [entry.method, (entry.params as { limit: number }).limit]),
			[
				['phone.getGroupCall', 100],
				['phone.getGroupParticipants', 100],
				['phone.getGroupParticipants', 100],
			],
		);
		assert.deepEqual(hintsOf(run), []);
	});

	it('stops at the Limit (default 50), read n8n-style from an expression ("120" from a sheet)', async () => {
		const byDefault = await runOperation(sandbox, { operation: 'getParticipants', items: [{ call: '30:31' }] });
		assert.equal(byDefault.outputs[0].length, 50);
		const before = sandbox.requests().length;
		const run = await runOperation(sandbox, {
			operation: 'getParticipants',
			items: [{ call: '@crowd_room', limit: '120' }, { call: '@crowd_room', limit: 2 }],
			parameters: { limit: '={{ $json.limit }}' },
		});
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		const items = jsonWithItems(run.outputs[0]);
		assert.equal(items.filter((item) => item._item === 0).length, 120);
		assert.deepEqual(
			items.filter((item) => item._item === 1).map((item) => item.userId),
			['1000', '5000'],
		);
		const limits = sandbox
			.requests()
			.slice(before)
			.filter((entry) => entry.method.startsWith('phone.'))
			.map((entry) => (entry.params as { limit: number }).limit);
		assert.deepEqual(limits, [100, 20, 2], 'never asks for more than the Limit still wants');
	});

	it('says that listeners are hidden: the speakers listed, a field on each, and a hint with the count', async () => {
		const run = await runOperation(sandbox, {
			operation: 'getParticipants',
			items: [
				{ call: '60:61', all: true },
				{ call: '80:81', all: true },
				{ call: '60:61', all: false },
			],
			parameters: { returnAll: '={{ $json.all }}', limit: 1 },
		});
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.deepEqual(jsonWithItems(run.outputs[0]), [
			{ _item: 0, ...expectedItem(sandbox, '60', '5002', true) },
			{ _item: 2, ...expectedItem(sandbox, '60', '5002', true) },
		]);
		assert.deepEqual(hintsOf(run), [
			'Item 0: the call hides its listeners: Telegram lists only those who may speak (3 in the call in all, 2 not listed).',
			'Item 1: the call hides its listeners: Telegram lists only those who may speak (1 in the call in all, 1 not listed).',
			'Item 2: the call hides its listeners: Telegram lists only those who may speak (3 in the call in all).',
		]);
	});

	it('gives no items, and a hint, for an empty call, a chat without a call, a scheduled and an ended call', async () => {
		const run = await runOperation(sandbox, {
			operation: 'getParticipants',
			items: [{ call: '100:101' }, { call: '-1000000000110' }, { call: '130:131' }, { call: '150:151' }, { call: '@crowd_room' }],
			parameters: { limit: 1 },
		});
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.deepEqual(
			jsonWithItems(run.outputs[0]).map((item) => [item._item, item.userId]),
			[[4, '1000']],
		);
		assert.deepEqual(hintsOf(run), [
			'Item 1: the chat "No Call" has no call now, so nobody is listed.',
			'Item 2: the call is scheduled and has not started, so nobody is in it yet.',
			'Item 3: the call has ended, so nobody is in it.',
		]);
	});

	it('waits out a FLOOD_WAIT and retries a 500 on a later page, and still lists everyone once', async () => {
		const next = sandbox.requests('phone.getGroupParticipants').length + 1;
		sandbox.addFault({ method: 'phone.getGroupParticipants', call: next, action: 'floodWait', seconds: 1 });
		sandbox.addFault({ method: 'phone.getGroupParticipants', call: next + 2, action: 'error', code: 500, message: 'INTERNAL' });
		try {
			const run = await runOperation(sandbox, { operation: 'getParticipants', items: [{ call: '30:31' }], parameters: { returnAll: true } });
			assert.equal(run.status, 'success', JSON.stringify(run.error));
			assert.equal(run.outputs[0].length, sandbox.world.call('30')?.call.participants.length);
			const offsets = sandbox
				.requests('phone.getGroupParticipants')
				.slice(next - 1)
				.map((entry) => [(entry.params as { offset: string }).offset, entry.error?.message ?? 'ok']);
			assert.deepEqual(offsets, [
				['100', 'FLOOD_WAIT_1'],
				['100', 'ok'],
				['200', 'INTERNAL'],
				['200', 'ok'],
			]);
		} finally {
			sandbox.clearFaults();
		}
	});

	it('refuses a Limit that is not a whole number, naming the field, before sending anything for that item', async () => {
		const before = sandbox.requests().length;
		const run = await runOperation(sandbox, {
			operation: 'getParticipants',
			onError: 'continueRegularOutput',
			items: [{ call: '@crowd_room', limit: 'all' }, { call: '@crowd_room', limit: 0 }, { call: '', limit: 5 }],
			parameters: { limit: '={{ $json.limit }}' },
		});
		assert.equal(run.status, 'success', JSON.stringify(run.error));
		assert.deepEqual(
			jsonWithItems(run.outputs[0]).map((item) => [item._item, item.error]),
			[
				[0, '"Limit" must be a whole number from 1 to 100,000, but it is the text "all".'],
				[1, '"Limit" must be a whole number from 1 to 100,000; 0 is out of that range.'],
				[2, 'Call: the Call parameter is empty (or its expression gave nothing): give a chat (@name or id), a call link or "<callId>:<accessHash>".'],
			],
		);
		assert.equal(sandbox.requests().length, before, 'nothing was sent');
	});
});
