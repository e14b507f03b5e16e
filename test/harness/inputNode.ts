import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

/** Node type name of the harness's own source node; it belongs to no package. */
export const INPUT_NODE_TYPE = 'n8n-harness.input';

/** Name of the source node in every harness workflow; expressions can reach it as $('Input'). */
export const INPUT_NODE_NAME = 'Input';

/**
 * The workflow's first node. The harness puts the test's input items on the execution stack for it,
 * and it passes them on, so that the node under test receives them through a real connection, with
 * the paired-item lineage n8n would record after any upstream node.
 */
export class HarnessInputNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Input',
		name: 'input',
		group: ['input'],
		version: 1,
		description: 'Emits the items the test provides',
		defaults: { name: INPUT_NODE_NAME },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		return [items.map((item, index) => ({ ...item, pairedItem: { item: index } }))];
	}
}
