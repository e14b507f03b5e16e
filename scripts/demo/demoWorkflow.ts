// The demo workflow and the credential it uses: Manual Trigger → "Demo users" (Set), then two branches:
// Invite Users (with call links for the users who can only join by link), whose Invited and Failed outputs each
// lead into a visible No Operation node, and below it Get Participants of the same call ("Who is in the call").
// Workflow execution order v1 runs the upper branch first, so the list is taken after the invitations.
import type { INode } from 'n8n-workflow';
import type { CredentialToImport, WorkflowToImport } from '../../test/e2e/support/n8nProcess';
import type { SandboxCredentials } from '../../sandbox';
import { triggerNode } from '../../test/e2e/fixtures/triggerWorkflows';
import { DEMO_CALL, DEMO_SIGN_UP, DEMO_USERS } from './demoScenario';

export const PACKAGE_NODE_TYPE = 'n8n-nodes-telegram-group-call.telegramGroupCall';
export const CREDENTIAL_TYPE = 'telegramMtprotoApi';

export const DEMO_WORKFLOW_ID = 'tgGroupCallDemo1';
export const DEMO_TRIGGER_WORKFLOW_ID = 'tgGroupCallDemo2';
export const DEMO_CREDENTIAL_ID = 'tgSandboxCred001';
const DEMO_CREDENTIAL_NAME = 'Telegram sandbox (demo)';

/** Node names, as the table and the tests read the run by them. */
export const DEMO_NODES = {
	trigger: 'Start',
	users: 'Demo users',
	invite: 'Invite to Weekly sync',
	invited: 'Invited',
	failed: 'Failed',
	participants: 'Who is in the call',
	inCall: 'In the call',
} as const;

/** Node names of the second workflow, "Call started → Invite the sign-up list". */
export const DEMO_TRIGGER_NODES = {
	trigger: 'Call started',
	invite: 'Invite the sign-up list',
	invited: 'Invited',
	failed: 'Failed',
} as const;

export function demoCredential(sandbox: SandboxCredentials): CredentialToImport {
	return { id: DEMO_CREDENTIAL_ID, name: DEMO_CREDENTIAL_NAME, type: CREDENTIAL_TYPE, data: { ...sandbox } };
}

function node(name: string, type: string, typeVersion: number, position: [number, number], parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
	return { id: `demo-${name.toLowerCase().replace(/\W+/g, '-')}`, name, type, typeVersion, position, parameters, ...extra };
}

export function demoWorkflow(): WorkflowToImport {
	const credentials = { [CREDENTIAL_TYPE]: { id: DEMO_CREDENTIAL_ID, name: DEMO_CREDENTIAL_NAME } };
	const users = JSON.stringify(DEMO_USERS.map((user) => user.reference));
	return {
		id: DEMO_WORKFLOW_ID,
		name: 'Telegram Group Call demo (sandbox)',
		nodes: [
			node(DEMO_NODES.trigger, 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}),
			node(DEMO_NODES.users, 'n8n-nodes-base.set', 3.4, [220, 0], {
				assignments: {
					assignments: [
						{ id: 'demo-call', name: 'call', value: DEMO_CALL.chat, type: 'string' },
						{ id: 'demo-users', name: 'users', value: users, type: 'array' },
					],
				},
				options: {},
			}),
			node(
				DEMO_NODES.invite,
				PACKAGE_NODE_TYPE,
				1,
				[460, 0],
				{
					resource: 'groupCall',
					operation: 'inviteUsers',
					call: { __rl: true, mode: 'chat', value: '={{ $json.call }}' },
					users: '={{ $json.users }}',
					options: { addCallLinkToFailedUsers: true },
				},
				{ credentials },
			),
			node(DEMO_NODES.invited, 'n8n-nodes-base.noOp', 1, [740, -100], {}),
			node(DEMO_NODES.failed, 'n8n-nodes-base.noOp', 1, [740, 100], {}),
			node(
				DEMO_NODES.participants,
				PACKAGE_NODE_TYPE,
				1,
				[460, 240],
				{
					resource: 'groupCall',
					operation: 'getParticipants',
					call: { __rl: true, mode: 'chat', value: '={{ $json.call }}' },
					returnAll: true,
				},
				{ credentials },
			),
			node(DEMO_NODES.inCall, 'n8n-nodes-base.noOp', 1, [740, 240], {}),
			node(
				'About this demo',
				'n8n-nodes-base.stickyNote',
				1,
				[-40, -300],
				{
					content:
						'## Telegram Group Call demo\nRuns against the local **sandbox** (a fake Telegram on 127.0.0.1): no account needed.\n' +
						'Click **Execute workflow**, then open **Invited** and **Failed** to see one item per user: ' +
						'those who can only join by link get the call link in `callLink`. **In the call** lists who is in the call now. ' +
						'Running it twice makes everyone "already invited", as on Telegram.',
					height: 200,
					width: 520,
				},
			),
		],
		connections: {
			[DEMO_NODES.trigger]: { main: [[{ node: DEMO_NODES.users, type: 'main', index: 0 }]] },
			[DEMO_NODES.users]: {
				main: [
					[
						{ node: DEMO_NODES.invite, type: 'main', index: 0 },
						{ node: DEMO_NODES.participants, type: 'main', index: 0 },
					],
				],
			},
			[DEMO_NODES.invite]: {
				main: [[{ node: DEMO_NODES.invited, type: 'main', index: 0 }], [{ node: DEMO_NODES.failed, type: 'main', index: 0 }]],
			},
			[DEMO_NODES.participants]: { main: [[{ node: DEMO_NODES.inCall, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * The trigger workflow, active in the demo's n8n: when a call starts in the sign-up chat, "Call started" (the
 * trigger) gives the call, and "Invite the sign-up list" invites the list to it, naming the call By ID with the
 * trigger's `call` ({ id, accessHash, … }). A person fires it with `tg-group-call sandbox-drive start <chat id>`.
 */
export function demoTriggerWorkflow(): WorkflowToImport {
	const credentials = { [CREDENTIAL_TYPE]: { id: DEMO_CREDENTIAL_ID, name: DEMO_CREDENTIAL_NAME } };
	const trigger = triggerNode(
		DEMO_TRIGGER_NODES.trigger,
		{ chats: [DEMO_SIGN_UP.chat], events: ['callStarted'], credentialId: DEMO_CREDENTIAL_ID, credentialName: DEMO_CREDENTIAL_NAME },
		[0, 0],
	);
	return {
		id: DEMO_TRIGGER_WORKFLOW_ID,
		name: 'Call started → Invite the sign-up list (sandbox)',
		nodes: [
			{ ...trigger, id: 'demo-call-started' },
			node(
				DEMO_TRIGGER_NODES.invite,
				PACKAGE_NODE_TYPE,
				1,
				[260, 0],
				{
					resource: 'groupCall',
					operation: 'inviteUsers',
					call: { __rl: true, mode: 'id', value: '={{ $json.call }}' },
					users: DEMO_SIGN_UP.users.join(', '),
					options: {},
				},
				{ credentials },
			),
			node(DEMO_TRIGGER_NODES.invited, 'n8n-nodes-base.noOp', 1, [540, -100], {}),
			node(DEMO_TRIGGER_NODES.failed, 'n8n-nodes-base.noOp', 1, [540, 100], {}),
			node(
				'About this workflow',
				'n8n-nodes-base.stickyNote',
				1,
				[-40, -300],
				{
					content:
						`## Call started → Invite the sign-up list\nActive: it runs by itself when a call starts in ${DEMO_SIGN_UP.chat} in the sandbox. ` +
						`Start one from a terminal with\n\`node dist/cli/tg-group-call.js sandbox-drive start ${DEMO_SIGN_UP.chatId}\`\n` +
						'then open **Executions**: the trigger gave the call, and Invite Users invited the list to it By ID.',
					height: 220,
					width: 560,
				},
			),
		],
		connections: {
			[DEMO_TRIGGER_NODES.trigger]: { main: [[{ node: DEMO_TRIGGER_NODES.invite, type: 'main', index: 0 }]] },
			[DEMO_TRIGGER_NODES.invite]: {
				main: [[{ node: DEMO_TRIGGER_NODES.invited, type: 'main', index: 0 }], [{ node: DEMO_TRIGGER_NODES.failed, type: 'main', index: 0 }]],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}
