// The parser for `n8n execute --rawOutput`, whose stdout mixes log lines with the run's pretty JSON.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findExecutedRun, jsonDocumentsIn, nodeOutputJson } from './support/runJson';

const run = {
	data: {
		resultData: {
			runData: {
				Greet: [{ startTime: 1, executionIndex: 0, source: [], executionTime: 1, data: { main: [[{ json: { text: 'a } brace and a "quote" {' } }], []] } }],
			},
			lastNodeExecuted: 'Greet',
		},
	},
	status: 'success',
};

describe('findExecutedRun', () => {
	it('finds the run among log lines that contain braces, before and after it', () => {
		const stdout = [
			'n8n Task Broker ready on 127.0.0.1, port 41657',
			'deliberate {failure}',
			'{ not json at all',
			JSON.stringify(run, null, 2),
			'Error executing workflow. {see above}',
			'',
		].join('\n');
		assert.deepEqual(findExecutedRun(stdout), run);
	});

	it('ignores JSON documents that are not a run', () => {
		const stdout = `${JSON.stringify({ level: 'info', message: 'x' })}\n${JSON.stringify(run, null, 2)}\n${JSON.stringify({ data: {} })}\n`;
		assert.deepEqual(findExecutedRun(stdout), run);
		assert.equal(jsonDocumentsIn(stdout).length, 3);
	});

	it('reports no run when the output holds none', () => {
		assert.equal(findExecutedRun('Error: the workflow with the id "x" does not exist.\n'), undefined);
	});
});

describe('nodeOutputJson', () => {
	it('returns the json of one output of a node, empty for an output without items', () => {
		const parsed = findExecutedRun(JSON.stringify(run, null, 2));
		assert.ok(parsed);
		assert.deepEqual(nodeOutputJson(parsed, 'Greet', 0), [{ text: 'a } brace and a "quote" {' }]);
		assert.deepEqual(nodeOutputJson(parsed, 'Greet', 1), []);
	});

	it('names the nodes that ran when asked for one that did not', () => {
		const parsed = findExecutedRun(JSON.stringify(run, null, 2));
		assert.ok(parsed);
		assert.throws(() => nodeOutputJson(parsed, 'Missing'), /"Missing" did not run; nodes that ran: Greet/);
	});
});
