import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The hand-written package whose nodes let the harness tests observe the engine. */
export const FIXTURE_PACKAGE_DIR = path.join(__dirname, 'fixtures', 'harness-fixture-package');

const requireFixture = createRequire(__filename);

/** The fixture module the engine loaded (require caches it, so this is the same instance). */
export function waitForCancelModule(): { nodeStarted: EventEmitter } {
	return requireFixture(
		path.join(FIXTURE_PACKAGE_DIR, 'dist/nodes/WaitForCancel/WaitForCancel.node.js'),
	) as { nodeStarted: EventEmitter };
}
