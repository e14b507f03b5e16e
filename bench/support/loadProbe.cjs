/*
 * Run by moduleLoad.ts with plain `node --expose-gc` (no tsx: its loader hooks would add their own cost to every
 * require). Loads one thing in this fresh process and prints what it cost as one JSON line:
 *   node      - the compiled node and credential files, instantiated (what n8n does at startup to read their
 *               descriptions), with n8n-workflow already loaded as it is inside n8n
 *   workflow  - the same, n8n-workflow included
 *   gramjs    - GramJS (`telegram`) alone: what the node's lazy import keeps off n8n's startup
 */
'use strict';

const path = require('node:path');

const [mode, repoRoot] = process.argv.slice(2);
const nodeFile = path.join(repoRoot, 'dist/nodes/TelegramGroupCall/TelegramGroupCall.node.js');
const credentialFile = path.join(repoRoot, 'dist/credentials/TelegramMtprotoApi.credentials.js');
const gramjsMarker = `${path.sep}node_modules${path.sep}telegram${path.sep}`;

function snapshot() {
	global.gc();
	const memory = process.memoryUsage();
	return { at: performance.now(), rss: memory.rss, heap: memory.heapUsed, modules: Object.keys(require.cache).length };
}

function load() {
	if (mode === 'gramjs') {
		require(require.resolve('telegram', { paths: [repoRoot] }));
		return;
	}
	const { TelegramGroupCall } = require(nodeFile);
	const { TelegramMtprotoApi } = require(credentialFile);
	new TelegramGroupCall();
	new TelegramMtprotoApi();
}

if (mode === 'node') require(require.resolve('n8n-workflow', { paths: [repoRoot] }));
const before = snapshot();
load();
const loadedAt = performance.now();
const after = snapshot();
process.stdout.write(
	JSON.stringify({
		ms: loadedAt - before.at,
		rssBytes: after.rss - before.rss,
		heapBytes: after.heap - before.heap,
		modules: after.modules - before.modules,
		gramjsModules: Object.keys(require.cache).filter((file) => file.includes(gramjsMarker)).length,
	}) + '\n',
);
