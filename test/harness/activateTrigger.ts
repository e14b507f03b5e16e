import { Container } from '@n8n/di';
import { ActiveWorkflowTriggers, TriggerContext, WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type IRun,
	type IWorkflowBase,
} from 'n8n-workflow';

import { buildAdditionalData } from './additionalData';
import { TestCredentialsHelper, type TestCredentials } from './credentialsHelper';
import { loadPackage } from './packageLoader';

export interface TriggerOptions {
	packageDir: string;
	/** The trigger's `description.name`, e.g. "telegramGroupCallTrigger". */
	nodeType: string;
	parameters?: INodeParameters;
	credentials?: TestCredentials;
	/** The workflow's static data as n8n stored it after an earlier activation (a restart). */
	staticData?: IDataObject;
	workflowId?: string;
}

/** An active workflow with one trigger, as n8n's leader main holds it. */
export interface ActiveTrigger {
	/** What the trigger emitted, one entry per emit (n8n starts one execution for each). */
	readonly emitted: INodeExecutionData[][];
	/** What the trigger reported through emitError (n8n would deactivate, run the Error Workflow, re-activate). */
	readonly errors: Error[];
	/** The workflow's static data as n8n would save it at the last emit. */
	readonly staticData: () => IDataObject;
	/** Resolves once `count` items were emitted in all (never times out itself: the test runner's timeout bounds it). */
	items(count: number): Promise<INodeExecutionData[]>;
	/** Deactivates the workflow the way n8n does (the trigger's closeFunction). */
	deactivate(): Promise<void>;
}

let workflowCounter = 0;

/**
 * Activates a workflow with the trigger through n8n-core's real trigger machinery (ActiveWorkflowTriggers →
 * TriggersAndPollers → the node's trigger() with a TriggerContext), in mode "trigger" as n8n's leader does for an
 * active workflow. `emit` records instead of queueing an execution; static data is copied at each emit, as n8n's
 * WorkflowStaticDataService saves it then.
 */
export async function activateTrigger(options: TriggerOptions): Promise<ActiveTrigger> {
	const { workflowId, workflow, additionalData } = await triggerWorkflow(options, 'trigger');
	const emitted: INodeExecutionData[][] = [];
	const errors: Error[] = [];
	let saved: IDataObject = plainStaticData(workflow.staticData);
	const waiters: Array<{ count: number; resolve: () => void }> = [];
	const itemCount = () => emitted.reduce((sum, items) => sum + items.length, 0);
	const wake = () => {
		for (const waiter of [...waiters]) {
			if (itemCount() >= waiter.count) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve();
			}
		}
	};

	const triggers = Container.get(ActiveWorkflowTriggers);
	await triggers.addAllTriggers(
		workflowId,
		workflow,
		additionalData,
		'trigger',
		'activate',
		(workflowOfTrigger, triggerNode, data, mode, activation) =>
			new TriggerContext(
				workflowOfTrigger,
				triggerNode,
				data,
				mode,
				activation,
				(output) => {
					saved = plainStaticData(workflowOfTrigger.staticData);
					emitted.push(output[0] ?? []);
					wake();
				},
				(error) => {
					errors.push(error);
					wake();
				},
			),
		() => {
			throw new Error('the trigger harness runs trigger nodes, not pollers');
		},
	);

	return {
		emitted,
		errors,
		staticData: () => saved,
		items: async (count) => {
			if (itemCount() >= count) return emitted.flat();
			await new Promise<void>((resolve) => waiters.push({ count, resolve }));
			return emitted.flat();
		},
		deactivate: async () => {
			await triggers.remove(workflowId);
		},
	};
}

/**
 * "Listen for test event" in the editor: n8n runs the workflow in manual mode from the trigger, which waits for
 * the first emit. `whileListening` runs once the trigger is listening (make something happen then).
 */
export async function listenForTestEvent(options: TriggerOptions, whileListening: () => Promise<void>): Promise<IRun> {
	const { node, workflow, additionalData } = await triggerWorkflow(options, 'manual');
	const execution = new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode: node });
	// The run listens once trigger() has returned, and there is no hook for that moment: `whileListening` keeps
	// making things happen until the trigger reports one (the sandbox test renames every 100 ms).
	await whileListening();
	return await execution;
}

/**
 * A workflow with the trigger alone, as n8n holds it: active when activated ("trigger" mode), inactive when the
 * editor listens for a test event ("manual").
 */
async function triggerWorkflow(options: TriggerOptions, mode: 'trigger' | 'manual') {
	const loaded = await loadPackage(options.packageDir);
	const workflowId = options.workflowId ?? `trigger-workflow-${++workflowCounter}`;
	const node: INode = {
		id: 'trigger-node',
		name: 'Telegram Group Call Trigger',
		type: loaded.fullNodeType(options.nodeType),
		typeVersion: 1,
		position: [0, 0],
		parameters: structuredClone(options.parameters ?? {}),
		...(options.credentials ? { credentials: credentialReferences(options.credentials) } : {}),
	};
	const workflowData = workflowBase(workflowId, node);
	const workflow = new Workflow({
		id: workflowId,
		name: workflowData.name,
		nodes: [node],
		connections: {},
		active: mode === 'trigger',
		nodeTypes: loaded.nodeTypes,
		settings: workflowData.settings,
		...(mode === 'trigger' ? { staticData: structuredClone(options.staticData ?? {}) } : {}),
	});
	const credentialsHelper = new TestCredentialsHelper(loaded, options.credentials ?? {});
	const suffix = mode === 'trigger' ? 'activation' : 'manual';
	const additionalData = buildAdditionalData({ executionId: `${workflowId}-${suffix}`, mode, workflowData, credentialsHelper });
	return { workflowId, node, workflow, additionalData };
}

function workflowBase(workflowId: string, node: INode): IWorkflowBase {
	return {
		id: workflowId,
		name: `Harness trigger ${workflowId}`,
		active: true,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [node],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

function credentialReferences(credentials: TestCredentials): INode['credentials'] {
	return Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: `harness-${type}`, name: `Test ${type}` }]));
}

/** n8n's static data is an observable proxy; what it saves is its plain JSON. */
function plainStaticData(staticData: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(staticData)) as IDataObject;
}
