/**
 * Walking a call's participant list (participants/collectParticipants) on the in-memory gateway: page sizes,
 * where the walk ends (empty offset, limit, a repeated offset), duplicates across pages, left entries, and how
 * an entry becomes an output item (participantJson).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import {
	collectParticipants,
	PARTICIPANTS_PAGE_SIZE,
	type PageRequester,
} from '../../../../../nodes/TelegramGroupCall/actions/groupCall/participants/collectParticipants';
import { participantJson } from '../../../../../nodes/TelegramGroupCall/actions/groupCall/participants/participantJson';
import type { GroupCallHandle } from '../../../../../nodes/TelegramGroupCall/transport';
import { memoryCallInfo, MemoryGateway, memoryParticipant } from '../../support/memoryGateway';

const CALL: GroupCallHandle = { callId: '3001', accessHash: '9001' };
const direct: PageRequester = async (work) => await work();

function gatewayWith(count: number): MemoryGateway {
	const gateway = new MemoryGateway();
	gateway.listParticipants(CALL.callId, Array.from({ length: count }, (_, index) => memoryParticipant(String(5000 + index))));
	return gateway;
}

/** [offset, limit] of every page request. */
function pageRequests(gateway: MemoryGateway): string[][] {
	return gateway.requests('getParticipantsPage').map((call) => call.args.slice(1));
}

describe('collectParticipants', () => {
	it('walks every page until the empty offset, asking 100 per page, and keeps the order', async () => {
		const gateway = gatewayWith(250);
		const collected = await collectParticipants(gateway, CALL, undefined, direct);
		assert.equal(PARTICIPANTS_PAGE_SIZE, 100);
		assert.deepEqual(pageRequests(gateway), [['', '100'], ['100', '100'], ['200', '100']]);
		assert.deepEqual(
			collected.participants.map((participant) => participant.peer.id),
			Array.from({ length: 250 }, (_, index) => String(5000 + index)),
		);
		assert.equal(collected.stoppedEarly, undefined);
		assert.equal(collected.call?.participantsCount, 250, 'the call comes with the first page');
	});

	it('makes exactly one request for an empty call', async () => {
		const gateway = gatewayWith(0);
		const collected = await collectParticipants(gateway, CALL, undefined, direct);
		assert.deepEqual(pageRequests(gateway), [['', '100']]);
		assert.deepEqual(collected.participants, []);
	});

	it('asks only for what the limit still wants, and stops at the limit', async () => {
		const gateway = gatewayWith(250);
		const collected = await collectParticipants(gateway, CALL, 130, direct);
		assert.deepEqual(pageRequests(gateway), [['', '100'], ['100', '30']]);
		assert.equal(collected.participants.length, 130);
		assert.equal(collected.participants[129].peer.id, '5129');
	});

	it('stops without another request when the limit is reached inside a page', async () => {
		const gateway = gatewayWith(250);
		const collected = await collectParticipants(gateway, CALL, 3, direct);
		assert.deepEqual(pageRequests(gateway), [['', '3']]);
		assert.deepEqual(
			collected.participants.map((participant) => participant.peer.id),
			['5000', '5001', '5002'],
		);
	});

	it('stops at an offset Telegram sent before and says so, instead of looping forever', async () => {
		const gateway = new MemoryGateway();
		gateway.script(
			'getParticipantsPage',
			{ participants: [memoryParticipant('1')], nextOffset: 'A', call: memoryCallInfo(CALL.callId) },
			{ participants: [memoryParticipant('2')], nextOffset: 'B' },
			{ participants: [memoryParticipant('3')], nextOffset: 'A' },
		);
		const collected = await collectParticipants(gateway, CALL, undefined, direct);
		assert.deepEqual(pageRequests(gateway), [['', '100'], ['A', '100'], ['B', '100']]);
		assert.deepEqual(
			collected.participants.map((participant) => participant.peer.id),
			['1', '2', '3'],
		);
		assert.equal(collected.stoppedEarly, 'repeatedOffset');
	});

	it('stops when the same offset comes back at once', async () => {
		const gateway = new MemoryGateway();
		gateway.script(
			'getParticipantsPage',
			{ participants: [memoryParticipant('1')], nextOffset: 'A' },
			{ participants: [memoryParticipant('2')], nextOffset: 'A' },
		);
		const collected = await collectParticipants(gateway, CALL, undefined, direct);
		assert.equal(gateway.requests('getParticipantsPage').length, 2);
		assert.equal(collected.stoppedEarly, 'repeatedOffset');
	});

	it('goes on past an empty page that still has a next offset (a server may filter after paging)', async () => {
		const gateway = new MemoryGateway();
		gateway.script(
			'getParticipantsPage',
			{ participants: [], nextOffset: 'A' },
			{ participants: [memoryParticipant('2')], nextOffset: '' },
		);
		const collected = await collectParticipants(gateway, CALL, undefined, direct);
		assert.deepEqual(
			collected.participants.map((participant) => participant.peer.id),
			['2'],
		);
		assert.equal(collected.stoppedEarly, undefined);
	});

	it('lists each peer once when the list shifts between pages, and leaves out entries that left', async () => {
		const gateway = new MemoryGateway();
		gateway.script(
			'getParticipantsPage',
			{ participants: [memoryParticipant('1'), memoryParticipant('2')], nextOffset: '2' },
			{
				participants: [
					memoryParticipant('2'),
					memoryParticipant('3', { left: true }),
					memoryParticipant('2', { peer: { kind: 'chat', id: '2', title: 'A channel' } }),
				],
				nextOffset: '',
			},
		);
		const collected = await collectParticipants(gateway, CALL, undefined, direct);
		assert.deepEqual(
			collected.participants.map((participant) => `${participant.peer.kind}:${participant.peer.id}`),
			['user:1', 'user:2', 'chat:2'],
		);
	});

	it('sends every page through the retry policy it is given', async () => {
		const gateway = gatewayWith(150);
		let sent = 0;
		await collectParticipants(gateway, CALL, undefined, async (work) => {
			sent += 1;
			return await work();
		});
		assert.equal(sent, 2);
	});
});

describe('collectParticipants: any list, any limit', () => {
	it('gives the first min(n, limit) entries in order, in max(1, ⌈min(n, limit)/100⌉) requests', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 0, max: 450 }), fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }), async (count, wanted) => {
				const gateway = gatewayWith(count);
				const collected = await collectParticipants(gateway, CALL, wanted, direct);
				const expected = Math.min(count, wanted ?? Number.POSITIVE_INFINITY);
				assert.deepEqual(
					collected.participants.map((participant) => participant.peer.id),
					Array.from({ length: expected }, (_, index) => String(5000 + index)),
				);
				assert.equal(gateway.requests('getParticipantsPage').length, Math.max(1, Math.ceil(expected / PARTICIPANTS_PAGE_SIZE)));
				assert.equal(collected.stoppedEarly, undefined);
			}),
			{ numRuns: 60 },
		);
	});
});

describe('participantJson', () => {
	it('gives a user the user fields, dates as ISO 8601, volume in percent, nulls for what is absent', () => {
		const json = participantJson(
			'3001',
			memoryParticipant('1001', {
				peer: { kind: 'user', id: '1001', username: 'alice', firstName: 'Alice' },
				self: true,
				joinedAt: 1_700_000_000,
				lastActiveAt: 1_700_000_060,
				muted: false,
				raisedHand: true,
				video: true,
				screenSharing: true,
				volume: 5_000,
				about: 'Host',
			}),
			false,
		);
		assert.deepEqual(json, {
			callId: '3001',
			joinedAs: 'user',
			userId: '1001',
			username: 'alice',
			firstName: 'Alice',
			lastName: null,
			chatId: null,
			chatTitle: null,
			chatUsername: null,
			isSelf: true,
			joinedAt: '2023-11-14T22:13:20.000Z',
			lastActiveAt: '2023-11-14T22:14:20.000Z',
			muted: false,
			canSelfUnmute: true,
			raisedHand: true,
			video: true,
			screenSharing: true,
			volumePercent: 50,
			about: 'Host',
			listenersHidden: false,
		});
	});

	it('gives a participant who joined as a channel the chat fields instead, with the same keys', () => {
		const json = participantJson('3001', memoryParticipant('x', { peer: { kind: 'chat', id: '2002', title: 'News', username: 'news' } }), true);
		assert.equal(json.joinedAs, 'chat');
		assert.deepEqual([json.userId, json.username, json.firstName, json.lastName], [null, null, null, null]);
		assert.deepEqual([json.chatId, json.chatTitle, json.chatUsername], ['2002', 'News', 'news']);
		assert.equal(json.volumePercent, 100, 'no volume set means 100 %');
		assert.equal(json.listenersHidden, true);
		assert.deepEqual(Object.keys(json), Object.keys(participantJson('1', memoryParticipant('1'), false)));
	});
});
