/** The call's participantDetails and listenersHidden in a world file: accepted forms, defaults, and every refusal. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseWorld, WorldFileError } from '../../../sandbox/world/parseWorld';
import { TEST_API_HASH, TEST_API_ID } from '../../support/worldBuilder';

type Json = Record<string, unknown>;

function worldWith(call: Json): Json {
	return {
		version: 1,
		apiId: TEST_API_ID,
		apiHash: TEST_API_HASH,
		me: { id: '1000', firstName: 'Ops', phone: '15550001000' },
		users: [
			{ id: '1001', accessHash: '7001', firstName: 'Alice' },
			{ id: '1002', accessHash: '7002', firstName: 'Bob' },
		],
		chats: [
			{ id: '2001', accessHash: '8001', kind: 'supergroup', title: 'Demo', members: ['1000', '1001', '1002'], call: { id: '3001', accessHash: '9001', state: 'active', ...call } },
			{ id: '2002', accessHash: '8002', kind: 'channel', title: 'News', members: ['1002'] },
			{ id: '2003', kind: 'group', title: 'Small', members: ['1000'] },
		],
	};
}

function problemsOf(json: unknown): string[] {
	try {
		parseWorld(json);
	} catch (error) {
		assert.ok(error instanceof WorldFileError);
		return error.issues.map((issue) => `${issue.path}: ${issue.problem}`);
	}
	return [];
}

describe('world file: participantDetails and listenersHidden', () => {
	it('accepts every field, keeps only what is set, and parses its own output again to the same value', () => {
		const details = {
			'1001': { muted: false, canSelfUnmute: true, raiseHandRating: 12, video: true, presentation: true, volume: 5000, about: 'Host', date: 1_700_000_100, activeDate: 1_700_000_200 },
			'1002': { joinedAs: '2002' },
		};
		const world = parseWorld(worldWith({ participants: ['1001', '1002'], participantDetails: details, listenersHidden: true }));
		const call = world.chats[0].call;
		assert.deepEqual(call?.participantDetails, details);
		assert.equal(call?.listenersHidden, true);
		assert.deepEqual(parseWorld(JSON.parse(JSON.stringify(world))), world);
	});

	it('leaves both out when absent (existing world files read as before)', () => {
		const call = parseWorld(worldWith({ participants: ['1001'] })).chats[0].call;
		assert.equal(call?.participantDetails, undefined);
		assert.equal(call?.listenersHidden, undefined);
		assert.deepEqual(call?.participants, ['1001']);
	});

	it('names each bad entry with its path and what to do', () => {
		const problems = problemsOf(
			worldWith({
				participants: ['1001', '1002'],
				listenersHidden: 'yes',
				participantDetails: {
					'1001': { volume: 30000, muted: 'no', about: 'x'.repeat(71), speaking: true },
					'1002': { joinedAs: '2003' },
					'1000': {},
				},
			}),
		);
		assert.deepEqual(problems.sort(), [
			'chats[0].call.listenersHidden: must be true or false (got "yes")',
			'chats[0].call.participantDetails.1000: user "1000" is not in this call\'s "participants": add the id there, or remove this entry',
			'chats[0].call.participantDetails.1001.about: must be a non-empty string of at most 70 characters (a bio) (got "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…")',
			'chats[0].call.participantDetails.1001.muted: must be true or false (got "no")',
			'chats[0].call.participantDetails.1001.speaking: unknown field: remove it or fix its name (allowed here: muted, canSelfUnmute, raiseHandRating, video, presentation, volume, about, date, activeDate, joinedAs)',
			'chats[0].call.participantDetails.1001.volume: must be a whole number from 1 to 20000 (got 30000)',
			'chats[0].call.participantDetails.1002.joinedAs: no supergroup or channel has id "2003": add it to "chats" (kind "supergroup" or "channel"), or remove joinedAs',
		]);
	});

	it('refuses a list instead of an object', () => {
		assert.deepEqual(problemsOf(worldWith({ participants: ['1001'], participantDetails: [] })), [
			'chats[0].call.participantDetails: must be an object keyed by user id, e.g. { "1001": { "muted": false } } (got an array)',
		]);
	});
});
