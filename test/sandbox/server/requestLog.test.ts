import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { RequestLog, type RequestLogEntry } from '../../../sandbox/server/requestLog';

const request = (method: string): Omit<RequestLogEntry, 'seq' | 'at' | 'outcome' | 'applied'> => ({
	connectionId: 1,
	authKeyId: 'ab',
	accountId: '1',
	method,
	callNumber: 1,
	params: { _: method },
});

describe('request log', () => {
	it('keeps the latest entries, oldest first, once more arrive than it holds', () => {
		const log = new RequestLog(3);
		for (let i = 0; i < 8; i++) log.begin(request(i % 2 === 0 ? 'even' : 'odd'));
		assert.deepEqual(log.all().map((entry) => entry.seq), [6, 7, 8]);
		assert.deepEqual(log.all('even').map((entry) => entry.seq), [7]);
		log.begin(request('even'));
		assert.deepEqual(log.all().map((entry) => entry.seq), [7, 8, 9]);
	});

	it('hands out copies, tells listeners when an entry is finished, and clears', () => {
		const log = new RequestLog(2);
		const seen: number[] = [];
		const stop = log.onEntry((entry) => seen.push(entry.seq));
		const first = log.begin(request('a'));
		log.all().pop();
		assert.equal(log.all().length, 1);
		log.finish(first);
		stop();
		log.finish(log.begin(request('b')));
		assert.deepEqual(seen, [1]);
		log.begin(request('c'));
		log.clear();
		assert.deepEqual(log.all(), []);
		assert.equal(log.begin(request('d')).seq, 4, 'seq keeps counting after clear');
		assert.deepEqual(log.all().map((entry) => entry.method), ['d']);
	});
});
