import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

/**
 * The boundary check `npm run lint` runs (scripts/checkBoundaries.mjs with .dependency-cruiser.cjs), on the real
 * tree and on a copy of it with imports that cross docs/architecture.md's boundaries.
 */

const repoRoot = path.resolve(__dirname, '../..');
const COPIED = ['credentials', 'nodes', 'gramjs', 'cli', 'sandbox', 'scripts/checkBoundaries.mjs', 'package.json', 'tsconfig.json', '.dependency-cruiser.cjs'];

interface CheckRun {
	exitCode: number;
	output: string;
}

function runBoundaryCheck(cwd: string): Promise<CheckRun> {
	return new Promise((resolve, reject) => {
		execFile(process.execPath, ['scripts/checkBoundaries.mjs'], { cwd }, (error, stdout, stderr) => {
			if (error && typeof error.code !== 'number') {
				reject(error);
				return;
			}
			resolve({ exitCode: error ? Number(error.code) : 0, output: stdout + stderr });
		});
	});
}

/** "error <rule>: <from> → <to>" lines of the report, as "<rule> <from>". */
function violations(output: string): string[] {
	return [...output.matchAll(/^\s*error ([\w-]+): (\S+) → /gm)].map((match) => `${match[1]} ${match[2]}`).sort();
}

/** Each probe imports across one boundary; `rule` is the rule that must catch it (every rule has one). */
const PROBES = [
	{ file: 'cli/probe.ts', rule: 'cli-sandbox-through-facade', source: "import { SessionKeys } from '../sandbox/server/sessionKeys';\nexport const probe = SessionKeys;\n" },
	{ file: 'cli/probeNode.ts', rule: 'cli-not-node', source: "export { openTelegramSession } from '../nodes/TelegramGroupCall/transport';\n" },
	{ file: 'sandbox/protocol/probe.ts', rule: 'sandbox-protocol-is-the-bottom', source: "import { RpcFailure } from '../methods/types';\nexport const probe = RpcFailure;\n" },
	{ file: 'sandbox/methods/probe.ts', rule: 'sandbox-methods-not-server', source: "import { SessionKeys } from '../server/sessionKeys';\nexport const probe = SessionKeys;\n" },
	{ file: 'nodes/TelegramGroupCall/actions/probe.ts', rule: 'gramjs-loaded-lazily', source: "import { Api } from 'telegram';\nexport const probe = Api;\n" },
	{ file: 'nodes/TelegramGroupCall/methods/probe.ts', rule: 'transport-public-face', source: "export { ClientPool } from '../transport/clientPool';\n" },
	{ file: 'nodes/TelegramGroupCall/input/probe.ts', rule: 'input-is-a-leaf', source: "export { describeError } from '../errors/catalog';\n" },
	{ file: 'nodes/TelegramGroupCall/errors/probe.ts', rule: 'errors-are-leaves', source: "export { openTelegramSession } from '../transport';\n" },
	{ file: 'nodes/TelegramGroupCallTrigger/probe.ts', rule: 'nodes-share-only-the-transport', source: "export { callJson } from '../TelegramGroupCall/actions/groupCall/common/callOutput';\n" },
	{ file: 'nodes/TelegramGroupCall/parameters/probe.ts', rule: 'parameters-are-descriptions', source: "export { parseChatReference } from '../input/parseChatReference';\n" },
	{ file: 'gramjs/probe.ts', rule: 'gramjs-home-stands-alone', source: "export { startSandbox } from '../sandbox';\n" },
	{ file: 'sandbox/world/probe.ts', rule: 'sandbox-world-knows-no-wire', source: "export { NOT_LOGGED_IN } from '../methods/types';\n" },
	{ file: 'credentials/probe.ts', rule: 'credential-stands-alone', source: "export { describeError } from '../nodes/TelegramGroupCall/errors/catalog';\n" },
	{ file: 'nodes/TelegramGroupCall/probe.ts', rule: 'node-ships-without-tools', source: "export { startSandbox } from '../../sandbox';\n" },
	{ file: 'nodes/TelegramGroupCall/transport/probe.ts', rule: 'transport-below-actions', source: "export { router } from '../actions/router';\n" },
	{ file: 'sandbox/probe.ts', rule: 'sandbox-shares-no-client-code', source: "export { TelegramError } from '../nodes/TelegramGroupCall/transport';\n" },
	{ file: 'sandbox/login/probe.ts', rule: 'sandbox-login-below-methods', source: "export { checkApiCredentials } from '../methods/authCommon';\n" },
	{ file: 'sandbox/server/probe.ts', rule: 'sandbox-server-through-method-contract', source: "export { createMethodTable } from '../methods';\n" },
	{ file: 'sandbox/server/probeWorld.ts', rule: 'sandbox-server-reads-only-the-world-file', source: "export { WorldState } from '../world/worldState';\n" },
	{ file: 'sandbox/server/probeLogin.ts', rule: 'sandbox-server-knows-only-login-gate', source: "export { LoginDesk } from '../login/loginDesk';\n" },
	{ file: 'cli/probeCycleA.ts', rule: 'no-cycles', source: "import { b } from './probeCycleB';\nexport const a = (): number => b() + 1;\n" },
	{ file: 'cli/probeCycleB.ts', rule: 'no-cycles', source: "import { a } from './probeCycleA';\nexport const b = (): number => a() - 1;\n" },
];

describe('architecture boundaries (npm run lint)', () => {
	it('every rule of .dependency-cruiser.cjs has a probe below', () => {
		const config = createRequire(__filename)(path.join(repoRoot, '.dependency-cruiser.cjs')) as { forbidden: Array<{ name: string }> };
		assert.deepEqual([...new Set(PROBES.map((probe) => probe.rule))].sort(), config.forbidden.map((rule) => rule.name).sort());
	});

	// One cruise proves both sides: the copy's violations are exactly the probes, so the tree itself breaks no
	// rule (`npm run lint` runs the same check on the tree, exit 0).
	it('fails on each import across a boundary and on nothing else, naming the rule and saying what to do', async () => {
		const copy = mkdtempSync(path.join(tmpdir(), 'boundaries-'));
		try {
			for (const entry of COPIED) {
				mkdirSync(path.dirname(path.join(copy, entry)), { recursive: true });
				cpSync(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true });
			}
			symlinkSync(realpathSync(path.join(repoRoot, 'node_modules')), path.join(copy, 'node_modules'));
			for (const probe of PROBES) {
				mkdirSync(path.dirname(path.join(copy, probe.file)), { recursive: true });
				writeFileSync(path.join(copy, probe.file), probe.source);
			}

			const run = await runBoundaryCheck(copy);

			assert.equal(run.exitCode, 1, run.output);
			assert.deepEqual(violations(run.output), PROBES.map((probe) => `${probe.rule} ${probe.file}`).sort());
			// The rule's comment tells the person what to do instead.
			assert.match(run.output, /through its facade sandbox\/index\.ts/);
		} finally {
			rmSync(copy, { recursive: true, force: true });
		}
	});
});
