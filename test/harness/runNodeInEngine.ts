import { WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	createRunExecutionData,
	type ExecutionStatus,
	type IDataObject,
	type INode,
	type INodeCredentials,
	type INodeExecutionData,
	type INodeParameters,
	type IRun,
	type IRunData,
	type IWorkflowBase,
	type OnError,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { buildAdditionalData } from './additionalData';
import { TestCredentialsHelper, type TestCredentials } from './credentialsHelper';
import { INPUT_NODE_NAME, INPUT_NODE_TYPE } from './inputNode';
import { loadPackage } from './packageLoader';

export interface RunNodeOptions {
	/** Directory of a package.json with an "n8n" section; its dist/ must be built. */
	packageDir: string;
	/** The node's `description.name`, e.g. "telegramGroupCall"; resolved inside the package. */
	nodeType: string;
	typeVersion?: number;
	/** Node parameters as stored in a workflow; strings starting with "=" are expressions. */
	parameters?: INodeParameters;
	/** Per credential type name, the fields a user would have entered. */
	credentials?: TestCredentials;
	/** Items the node receives on its input, coming from a node named "Input". */
	inputItems?: INodeExecutionData[];
	/** The node's "On Error" setting; n8n's default is stopWorkflow. */
	onError?: OnError;
	/** Aborting it cancels the execution the way n8n's "stop execution" does. */
	signal?: AbortSignal;
	/** n8n's execution mode; production executions started by a trigger use "trigger". */
	mode?: WorkflowExecuteMode;
	/** Name of the node under test in the workflow (for $('Name') expressions and error messages). */
	nodeName?: string;
}

/**
 * An error as the engine records it: a plain copy of the thrown error's fields (name, message,
 * description, context.itemIndex, ...), not an Error instance, so `instanceof` does not hold.
 */
export interface RecordedError {
	name?: string;
	message: string;
	description?: string | null;
	context?: IDataObject;
	[field: string]: unknown;
}

export interface EngineRun {
	/** Items the node under test emitted, per output index (with continueErrorOutput, the last is "Error"). */
	outputs: INodeExecutionData[][];
	/** The execution's error: set when the workflow stopped on an error or was cancelled. */
	error: RecordedError | undefined;
	/** The error recorded on the node under test's run, which n8n also sets when a continue mode let the workflow go on. */
	nodeError: RecordedError | undefined;
	status: ExecutionStatus;
	nodeName: string;
	/** Raw engine result, for assertions the fields above do not cover. */
	runData: IRunData;
	run: IRun;
}

let executionCounter = 0;

/**
 * Runs one node of a community package inside n8n's real execution engine (WorkflowExecute), fed by
 * a source node, and returns what the engine recorded. Packages load once per process, so module
 * state of the node (e.g. a client pool) carries over between calls, as it does in a running n8n.
 */
export async function runNodeInEngine(options: RunNodeOptions): Promise<EngineRun> {
	const loadedPackage = await loadPackage(options.packageDir);
	const type = loadedPackage.fullNodeType(options.nodeType);
	const nodeName = options.nodeName ?? 'Node Under Test';
	const mode = options.mode ?? 'manual';
	const executionId = `harness-${++executionCounter}`;

	const inputNode: INode = {
		id: 'harness-input',
		name: INPUT_NODE_NAME,
		type: INPUT_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodeUnderTest: INode = {
		id: 'harness-node-under-test',
		name: nodeName,
		type,
		typeVersion: options.typeVersion ?? 1,
		position: [200, 0],
		parameters: structuredClone(options.parameters ?? {}),
		...(options.credentials ? { credentials: referencesTo(options.credentials) } : {}),
		...(options.onError ? { onError: options.onError } : {}),
	};
	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: `Harness: ${options.nodeType}`,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [inputNode, nodeUnderTest],
		connections: {
			[INPUT_NODE_NAME]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes: loadedPackage.nodeTypes,
		settings: workflowData.settings,
	});

	const credentialsHelper = new TestCredentialsHelper(loadedPackage, options.credentials ?? {});
	const additionalData = buildAdditionalData({ executionId, mode, workflowData, credentialsHelper });
	const inputItems = (options.inputItems ?? [{ json: {} }]).map((item) => ({
		...item,
		json: structuredClone(item.json),
	}));
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: workflow.getNode(INPUT_NODE_NAME)!, data: { main: [inputItems] }, source: null },
			],
		},
	});

	const execution = new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(
		workflow,
	);
	const cancel = () => execution.cancel();
	options.signal?.addEventListener('abort', cancel, { once: true });
	if (options.signal?.aborted) cancel();
	let run: IRun;
	try {
		run = await execution;
	} finally {
		options.signal?.removeEventListener('abort', cancel);
	}

	const { runData } = run.data.resultData;
	const taskOfNode = runData[nodeName]?.[0];
	return {
		outputs: (taskOfNode?.data?.main ?? []).map((items) => items ?? []),
		error: asRecorded(run.data.resultData.error),
		nodeError: asRecorded(taskOfNode?.error),
		status: run.status,
		nodeName,
		runData,
		run,
	};
}

function referencesTo(credentials: TestCredentials): INodeCredentials {
	const references: INodeCredentials = {};
	for (const type of Object.keys(credentials)) {
		references[type] = { id: `harness-${type}`, name: `Test ${type}` };
	}
	return references;
}

function asRecorded(error: object | undefined): RecordedError | undefined {
	return error as RecordedError | undefined;
}
