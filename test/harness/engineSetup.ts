import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { GlobalConfig, InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import { Expression } from 'n8n-workflow';

let prepared = false;

/**
 * Prepares the process-wide services that n8n-core looks up in its DI container while it executes
 * a node. Idempotent; must run before the first PackageDirectoryLoader is built, because loaders
 * and execution contexts fetch the Logger and InstanceSettings from the container on construction.
 */
export function prepareEngine(): void {
	if (prepared) return;
	prepared = true;

	// The n8n CLI picks the expression engine from N8N_EXPRESSION_ENGINE (default "vm", which needs the
	// native isolated-vm module that is not built here) and starts it at boot. In-process nothing starts
	// it, so n8n-workflow evaluates with its "legacy" engine; we select it explicitly so that an
	// N8N_EXPRESSION_ENGINE in the environment cannot change what the tests exercise.
	Expression.setExpressionEngine('legacy');

	// Nodes and the engine log through this Logger; tests want quiet output.
	Container.get(GlobalConfig).logging.level = 'silent';

	// InstanceSettings writes an n8n settings file (with a generated encryption key) into its folder the
	// first time it is built: keep that out of the user's ~/.n8n and remove it when the process ends.
	const n8nFolder = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
	const instanceConfig = Object.assign(new InstanceSettingsConfig(), {
		n8nFolder,
		userHome: n8nFolder,
		encryptionKey: 'harness-encryption-key',
	});
	Container.set(InstanceSettingsConfig, instanceConfig);
	process.once('exit', () => rmSync(n8nFolder, { recursive: true, force: true }));
}
