/**
 * n8n loads every node class at startup: the trigger's must not load GramJS either (~270 ms, ~37 MB). Checked on
 * the compiled package (npm run build) in a fresh process, so require.cache is clean.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';

const repoRoot = path.resolve(__dirname, '../../..');
const triggerFile = path.join(repoRoot, 'dist/nodes/TelegramGroupCallTrigger/TelegramGroupCallTrigger.node.js');

describe('loading the compiled trigger', () => {
	it('reads its description without loading GramJS', () => {
		const output = execFileSync(
			process.execPath,
			[
				'-e',
				`const { TelegramGroupCallTrigger } = require(${JSON.stringify(triggerFile)});
				const node = new TelegramGroupCallTrigger();
				const gramjs = Object.keys(require.cache).filter((file) => file.includes('${path.sep}node_modules${path.sep}telegram${path.sep}')).length;
				console.log(JSON.stringify({ gramjs, name: node.description.name, group: node.description.group, search: Object.keys(node.methods.listSearch) }));`,
			],
			{ cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
		);
		const result = JSON.parse(output.trim().split('\n').pop() ?? '{}') as { gramjs: number; name: string; group: string[]; search: string[] };
		assert.equal(result.name, 'telegramGroupCallTrigger');
		assert.deepEqual(result.group, ['trigger']);
		assert.ok(result.search.includes('searchChats'));
		assert.equal(result.gramjs, 0);
	});
});
