// The outputs the canvas shows depend on the operation; n8n computes them from the description's expression.
// Workflows saved before there were other operations (no `operation` stored, or "inviteUsers") keep Invited and
// Failed, so their connections still fit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { NodeHelpers, Workflow, type INode, type INodeParameters, type INodeTypeDescription, type OnError } from 'n8n-workflow';

import { loadPackage } from '../../harness/packageLoader';
import { repoRoot } from './support/sandboxRuns';

async function outputNames(parameters: INodeParameters, onError?: OnError): Promise<Array<string | undefined>> {
	const loaded = await loadPackage(repoRoot);
	const type = loaded.fullNodeType('telegramGroupCall');
	const node: INode = { id: 'n', name: 'Telegram', type, typeVersion: 1, position: [0, 0], parameters, ...(onError ? { onError } : {}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: loaded.nodeTypes });
	const description = loaded.nodeTypes.getByNameAndVersion(type, 1).description as INodeTypeDescription;
	return NodeHelpers.getNodeOutputs(workflow, workflow.getNode('Telegram') ?? node, description).map((output) =>
		typeof output === 'string' ? output : output.displayName,
	);
}

describe('the node\'s outputs follow the operation', () => {
	it('Invite Users has Invited and Failed, also in a workflow saved without an operation', async () => {
		assert.deepEqual(await outputNames({ resource: 'groupCall', operation: 'inviteUsers' }), ['Invited', 'Failed']);
		assert.deepEqual(await outputNames({}), ['Invited', 'Failed']);
	});

	it('"continue (using error output)" adds Error after them', async () => {
		assert.deepEqual(await outputNames({ operation: 'inviteUsers' }, 'continueErrorOutput'), ['Invited', 'Failed', 'Error']);
	});

	it('any other operation has one output (n8n names it Success beside Error)', async () => {
		assert.deepEqual(await outputNames({ resource: 'groupCall', operation: 'someOtherOperation' }), [undefined]);
		assert.deepEqual(await outputNames({ operation: 'someOtherOperation' }, 'continueErrorOutput'), ['Success', 'Error']);
	});
});
