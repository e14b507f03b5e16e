/**
 * n8n loads every node class at startup to read its description: that must not load GramJS (~270 ms,
 * ~37 MB). Checked on the compiled package (npm run build) in a fresh process, so require.cache is clean.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import { TEST_API_HASH } from '../../support/worldBuilder';

const repoRoot = path.resolve(__dirname, '../../..');
const nodeFile = path.join(repoRoot, 'dist/nodes/TelegramGroupCall/TelegramGroupCall.node.js');
const credentialFile = path.join(repoRoot, 'dist/credentials/TelegramMtprotoApi.credentials.js');
const transportFile = path.join(repoRoot, 'dist/nodes/TelegramGroupCall/transport/index.js');

/** Runs `script` in a new Node process and returns what it printed as JSON. */
function inFreshProcess(script: string): { gramjsModules: number; detail?: string } {
	const output = execFileSync(process.execPath, ['-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
	return JSON.parse(output.trim().split('\n').pop() ?? '{}') as { gramjsModules: number; detail?: string };
}

const countGramjs = `Object.keys(require.cache).filter((file) => file.includes('${path.sep}node_modules${path.sep}telegram${path.sep}')).length`;

describe('loading the compiled node', () => {
	it('is built (run "npm run build" first)', () => {
		assert.ok(existsSync(nodeFile), `${nodeFile} is missing`);
	});

	it('reads the node and credential descriptions without loading GramJS', () => {
		const result = inFreshProcess(`
			const { TelegramGroupCall } = require(${JSON.stringify(nodeFile)});
			const { TelegramMtprotoApi } = require(${JSON.stringify(credentialFile)});
			const node = new TelegramGroupCall();
			new TelegramMtprotoApi();
			const detail = typeof node.description.outputs + '|' + Object.keys(node.methods.credentialTest).join(',');
			console.log(JSON.stringify({ gramjsModules: ${countGramjs}, detail }));
		`);
		// Outputs are an expression over the operation (Invited/Failed for Invite Users), read without GramJS.
		assert.equal(result.detail, 'string|telegramMtprotoApiTest');
		assert.equal(result.gramjsModules, 0);
	});

	it('loads GramJS once the node actually connects (the check above can see it)', () => {
		const result = inFreshProcess(`
			const { identifyAccount } = require(${JSON.stringify(transportFile)});
			const credential = { apiId: 1, apiHash: ${JSON.stringify(TEST_API_HASH)}, session: '1' + Buffer.alloc(300, 1).toString('base64'), server: '127.0.0.1:1', timeout: 2 };
			identifyAccount(credential).catch((error) => error.code).then((code) => {
				console.log(JSON.stringify({ gramjsModules: ${countGramjs}, detail: String(code) }));
			});
		`);
		assert.ok(result.gramjsModules > 0);
		assert.match(String(result.detail), /SERVER_UNREACHABLE|TIMEOUT|INVALID_SESSION/);
	});
});
