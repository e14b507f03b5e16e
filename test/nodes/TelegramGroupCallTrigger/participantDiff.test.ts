import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { diffParticipants, snapshotOf } from '../../../nodes/TelegramGroupCallTrigger/watcher/participantDiff';
import { peerKey, type RememberedPeer } from '../../../nodes/TelegramGroupCallTrigger/watcher/triggerState';
import { memoryParticipant } from '../TelegramGroupCall/support/memoryGateway';

const peer = (id: string, joinedAt: number, kind: 'user' | 'chat' = 'user'): RememberedPeer => ({
	id,
	kind,
	username: null,
	firstName: null,
	lastName: null,
	title: null,
	joinedAt,
});

const snapshotArbitrary = fc
	.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 40 }).map(String), kind: fc.constantFrom('user' as const, 'chat' as const), joinedAt: fc.integer({ min: 0, max: 3 }) }), {
		selector: (entry) => `${entry.kind}:${entry.id}`,
		maxLength: 30,
	})
	.map((entries) => Object.fromEntries(entries.map((entry) => [peerKey(entry), peer(entry.id, entry.joinedAt, entry.kind)])));

describe('participant snapshot diff', () => {
	it('reports who left and who joined; someone who left and came back (another join date) both', () => {
		const before = { 'user:1': peer('1', 10), 'user:2': peer('2', 10), 'user:3': peer('3', 10) };
		const after = { 'user:2': peer('2', 10), 'user:3': peer('3', 50), 'user:4': peer('4', 40) };
		const { left, joined } = diffParticipants(before, after);
		assert.deepEqual(left.map((entry) => entry.id), ['1', '3']);
		assert.deepEqual(joined.map((entry) => entry.id), ['4', '3'], 'joins in the order they happened');
	});

	it('for any two snapshots: the earlier one minus who left plus who joined is the later one, and nobody who stayed is reported', () => {
		fc.assert(
			fc.property(snapshotArbitrary, snapshotArbitrary, (before, after) => {
				const { left, joined } = diffParticipants(before, after);
				const rebuilt = new Map(Object.entries(before));
				for (const entry of left) assert.ok(rebuilt.delete(peerKey(entry)), 'only someone who was there leaves');
				for (const entry of joined) {
					assert.ok(!rebuilt.has(peerKey(entry)), 'nobody joins twice');
					rebuilt.set(peerKey(entry), entry);
				}
				assert.deepEqual(Object.fromEntries(rebuilt), after);
				const stayed = Object.keys(before).filter((key) => after[key]?.joinedAt === before[key].joinedAt);
				for (const key of stayed) {
					assert.ok(!left.some((entry) => peerKey(entry) === key) && !joined.some((entry) => peerKey(entry) === key));
				}
			}),
			{ numRuns: 300 },
		);
	});

	it('a snapshot keeps users and join-as channels apart and leaves out entries marked as having left', () => {
		const snapshot = snapshotOf([
			memoryParticipant('5'),
			memoryParticipant('6', { left: true }),
			{ ...memoryParticipant('5'), peer: { kind: 'chat', id: '5', title: 'Radio' } },
		]);
		assert.deepEqual(Object.keys(snapshot).sort(), ['chat:5', 'user:5']);
		assert.equal(snapshot['user:5'].username, 'user5');
		assert.equal(snapshot['chat:5'].title, 'Radio');
	});
});
