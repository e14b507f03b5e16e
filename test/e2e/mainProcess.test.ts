// The package inside a running n8n (`n8n start`, regular mode), as the editor and production webhooks meet it:
// the loaded node and credential types, the credential test through the REST API, and a published webhook
// workflow inviting the users given in the request body. One n8n and one sandbox serve the whole file; no
// test depends on what another did (only the webhook test invites, and it checks its own users).
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { INodeTypeDescription } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox';
import { CREDENTIAL_TYPE, NODE_TYPE, SANDBOX_CREDENTIAL_ID, webhookInviteWorkflow } from './fixtures/inviteWorkflows';
import { freePort } from './support/freePort';
import {
	fetchNodeTypes,
	ownerSetup,
	startN8n,
	testCredential,
	type N8nMain,
	type N8nRestClient,
	type N8nUserFolder,
} from './support/n8nProcess';
import { invitedExactlyOnceProblems } from './support/sandboxGroundTruth';
import { folderWithPublishedWorkflow } from './support/webhookFolder';

const WEBHOOK_PATH = 'e2e-invite';
const WEBHOOK_WORKFLOW = webhookInviteWorkflow('e2eWebhookInvite', WEBHOOK_PATH, '8c0d7a3e-4f7e-4a55-9f1e-2b6f0c7e0001');

describe('the package in a running n8n (regular mode)', () => {
	let sandbox: Sandbox;
	let folder: N8nUserFolder;
	let n8n: N8nMain;
	let client: N8nRestClient;

	before(async () => {
		sandbox = await startSandbox({ port: 0 });
		folder = await folderWithPublishedWorkflow(sandbox.credentials(), WEBHOOK_WORKFLOW);
		n8n = await startN8n(folder);
		client = await ownerSetup(n8n.url);
	});

	after(async () => {
		await n8n?.stop();
		await sandbox?.stop();
		folder?.remove();
	});

	it('loads the node with every operation, outputs that follow the operation, and its tested credential type', async () => {
		const nodeTypes = await fetchNodeTypes(client);
		const node = nodeTypes.find((type) => type.name === NODE_TYPE);
		assert.ok(node, `${NODE_TYPE} is not among the ${nodeTypes.length} node types n8n loaded: the package did not load`);
		// The editor evaluates this expression per node: Invited and Failed for Invite Users, one output otherwise.
		assert.equal(typeof node.outputs, 'string');
		assert.match(String(node.outputs), /^=\{\{\(function configuredOutputs\(parameters\)[\s\S]*'Invited'[\s\S]*'Failed'/);
		const operation = node.properties.find((property) => property.name === 'operation');
		assert.deepEqual(
			operation?.options?.map((option) => ('value' in option ? option.value : undefined)),
			['create', 'end', 'get', 'getInviteLink', 'getParticipants', 'inviteUsers', 'startScheduled', 'update'],
		);
		assert.deepEqual(
			node.credentials?.map(({ name, required, testedBy }) => ({ name, required, testedBy })),
			[{ name: CREDENTIAL_TYPE, required: true, testedBy: 'telegramMtprotoApiTest' }],
		);

		const credentialTypes = await client.requestBody<Array<Pick<INodeTypeDescription, 'name' | 'displayName'>>>('GET', '/types/credentials.json');
		const credential = credentialTypes.find((type) => type.name === CREDENTIAL_TYPE);
		assert.ok(credential, `credential type ${CREDENTIAL_TYPE} is missing`);
		assert.equal(credential.displayName, 'Telegram MTProto API');
	});

	it('tests the stored sandbox credential from the REST API: OK, connected as the account', async () => {
		// What the editor sends for a saved credential: its id and the data it shows, secrets redacted.
		const stored = await client.request<{ name: string; type: string; data: Record<string, unknown> }>(
			'GET',
			`/rest/credentials/${SANDBOX_CREDENTIAL_ID}?includeData=true`,
		);
		assert.notEqual(stored.data.session, sandbox.credentials().session, 'the editor must not be sent the session');
		const result = await testCredential(client, { id: SANDBOX_CREDENTIAL_ID, name: stored.name, type: stored.type, data: stored.data });
		assert.deepEqual(result, { status: 'OK', message: 'Connected as @ops_owner (1000)' });
	});

	async function revokedSandbox(t: TestContext): Promise<Sandbox> {
		const revoked = await startSandbox({ port: 0 });
		t.after(() => revoked.stop());
		revoked.revokeSession();
		return revoked;
	}

	it('reports a revoked session as an error that says to create a new session', async (t) => {
		const revoked = await revokedSandbox(t);
		const data = revoked.credentials();
		const result = await testCredential(client, { id: '', name: 'Revoked', type: CREDENTIAL_TYPE, data: { ...data } });
		assert.equal(result.status, 'Error');
		assert.match(result.message, /session was revoked/i);
		assert.match(result.message, /tg-group-call login/);
		assert.ok(!result.message.includes(data.session) && !result.message.includes(data.apiHash), 'no secret in the message');
		assert.ok(revoked.requests().length > 0, 'the test reached the revoked sandbox');
		assert.equal(revoked.requests('phone.inviteToGroupCall').length, 0);
	});

	it('reports an unreachable server as an error that names the Server field', async () => {
		const closedPort = await freePort();
		const data = { ...sandbox.credentials(), server: `127.0.0.1:${closedPort}` };
		const result = await testCredential(client, { id: '', name: 'Unreachable', type: CREDENTIAL_TYPE, data });
		assert.equal(result.status, 'Error');
		assert.match(result.message, /Could not connect/);
		assert.match(result.message, /"Server" field/);
		assert.ok(!result.message.includes(data.session) && !result.message.includes(data.apiHash), 'no secret in the message');
	});

	it('runs the published webhook workflow for the users in the request body', async () => {
		const before = sandbox.requests('phone.inviteToGroupCall').length;
		const response = await fetch(`${n8n.url}/webhook/${WEBHOOK_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ call: '@demo_group', users: ['@alice', '+15550001004', '@ivan_outsider', '@judy_private'] }),
		});
		assert.equal(response.status, 200);
		const results = (await response.json()) as Array<Record<string, unknown>>;
		assert.deepEqual(
			results.map((result) => [result.user, result.status ?? result.code]),
			[
				['@alice', 'invited'],
				['+15550001004', 'invited'],
				['@ivan_outsider', 'USER_NOT_PARTICIPANT'],
				['@judy_private', 'USER_PRIVACY_RESTRICTED'],
			],
		);
		assert.deepEqual(invitedExactlyOnceProblems(sandbox, '3001', ['1001', '1004']), []);
		assert.equal(sandbox.requests('phone.inviteToGroupCall').length - before, 4, 'one invite request per user');

		const executions = await client.request<{ results: Array<{ workflowId: string; mode: string; status: string }> }>('GET', '/rest/executions');
		const ours = executions.results.filter((execution) => execution.workflowId === WEBHOOK_WORKFLOW.id);
		assert.deepEqual(ours.map(({ mode, status }) => ({ mode, status })), [{ mode: 'webhook', status: 'success' }]);
	});
});
