/**
 * What the canvas shows for each operation: the subtitle, evaluated by n8n's own expression engine from the
 * built node (dist/), the outputs, and an action text for every operation (the node is usableAsTool).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { Workflow, type INode, type INodeParameters, type INodeTypeDescription } from 'n8n-workflow';

import { loadPackage, type LoadedPackage } from '../../harness/packageLoader';
import { prepareEngine } from '../../harness/engineSetup';
import { repoRoot } from './support/sandboxRuns';

describe('node description', () => {
	let loaded: LoadedPackage;
	let description: INodeTypeDescription;
	before(async () => {
		prepareEngine();
		loaded = await loadPackage(repoRoot);
		description = loaded.nodeTypes.getByNameAndVersion(loaded.fullNodeType('telegramGroupCall'), 1).description;
	});

	/** The subtitle as n8n computes it for a node with these parameters. */
	function subtitleFor(parameters: INodeParameters): unknown {
		const node: INode = {
			id: 'node',
			name: 'Telegram Group Call',
			type: loaded.fullNodeType('telegramGroupCall'),
			typeVersion: 1,
			position: [0, 0],
			parameters,
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: loaded.nodeTypes });
		return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
	}

	it('names the operation in the subtitle, and a dry run of Invite Users as such', () => {
		assert.equal(subtitleFor({ operation: 'get' }), 'Get call');
		assert.equal(subtitleFor({ operation: 'getParticipants' }), 'Get participants');
		assert.equal(subtitleFor({ operation: 'inviteUsers', options: { dryRun: true } }), 'Invite users (dry run)');
		assert.equal(subtitleFor({ operation: 'inviteUsers', options: {} }), 'Invite users');
		assert.equal(subtitleFor({}), 'Invite users', 'a workflow saved before operations existed');
		assert.equal(subtitleFor({ operation: 'startScheduled' }), 'Start scheduled', 'operations added later read from their value');
		assert.equal(subtitleFor({ operation: 'end' }), 'End call');
	});

	it('gives every operation an action text an AI agent can pick from, options sorted by name', () => {
		const operation = description.properties.find((property) => property.name === 'operation');
		const options = (operation?.options ?? []) as Array<{ name: string; value: string; action?: string }>;
		assert.ok(options.length >= 3);
		for (const option of options) assert.match(option.action ?? '', /^[A-Z].{10,}/, option.value);
		const names = options.map((option) => option.name);
		assert.deepEqual(names, [...names].sort());
		assert.equal(description.usableAsTool, true);
	});
});
