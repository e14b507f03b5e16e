// Issue 10's chain in a real n8n (CLI): Create (scheduled) → Start Scheduled → Invite Users (call links on
// Failed) → Get Participants → End, against a sandbox world made for it. Every node's output is checked, and so
// is the sandbox: the call really scheduled, started and ended (its change log), exactly the invitable users
// invited once, one call-link export, and the participant list equal to who joined.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IDataObject } from 'n8n-workflow';
import { startSandbox, type Sandbox, type WorldFile } from '../../sandbox';
import { defaultWorld } from '../../sandbox/world/defaultWorld';
import { callToolkitWorkflow, TOOLKIT_NODES } from './fixtures/callToolkitWorkflow';
import { sandboxCredential } from './fixtures/inviteWorkflows';
import { createN8nUserFolder, executeWorkflow, importCredentials, importWorkflow, nodeOutputJson, type CliExecution, type N8nUserFolder } from './support/n8nProcess';
import { invitedExactlyOnceProblems } from './support/sandboxGroundTruth';

const WORKFLOW_ID = 'e2eCallToolkit01';
const CHAT_ID = '2101';
const ACCOUNT = '1000';
const ALICE = '1001';
const BOB = '1002';
const CAROL = '1003';
const JUDY = '1011';
const SIGN_UPS = ['@alice', '@bob_brown', '@carol_chen', '@judy_private', '@ivan_outsider'];
const CALL_LINK = 'https://t.me/webinar_room?videochat';
const HOURS_AHEAD = 2;

/** The built-in world plus a public supergroup without a call, where Alice and Bob join when invited. */
function webinarWorld(): WorldFile {
	const world = defaultWorld();
	for (const user of world.users) if (user.id === ALICE || user.id === BOB) user.joinsWhenInvited = true;
	world.chats.push({
		id: CHAT_ID,
		accessHash: '8101',
		kind: 'supergroup',
		title: 'Webinar Room',
		username: 'webinar_room',
		members: [ACCOUNT, ALICE, BOB, CAROL, JUDY],
		canManageCall: true,
	});
	return world;
}

describe('a call\'s whole life in one workflow, in a real n8n', () => {
	let sandbox: Sandbox;
	let folder: N8nUserFolder;
	let execution: CliExecution;
	let startedAt: number;

	before(async () => {
		sandbox = await startSandbox({ port: 0, world: webinarWorld() });
		folder = createN8nUserFolder({ withPackage: true });
		await importCredentials(folder, [sandboxCredential(sandbox.credentials())]);
		await importWorkflow(folder, callToolkitWorkflow(WORKFLOW_ID, { chat: '@webinar_room', title: 'Launch webinar', users: SIGN_UPS, hoursAhead: HOURS_AHEAD }));
		startedAt = Date.now();
		execution = await executeWorkflow(folder, WORKFLOW_ID);
	});

	after(async () => {
		await sandbox?.stop();
		folder?.remove();
	});

	const output = (node: string, index = 0): IDataObject[] => nodeOutputJson(execution.run, node, index) as IDataObject[];
	const theCall = () => {
		const calls = sandbox.world.callChanges().filter((change) => change.chatId === CHAT_ID);
		assert.ok(calls.length > 0, 'the sandbox recorded no change of a call in the webinar chat');
		return calls[0].callId;
	};

	it('runs to the end', () => {
		assert.equal(execution.exitCode, 0, execution.output.slice(-3000));
		assert.equal(execution.run.status, 'success');
	});

	it('schedules the call with its title about two hours ahead, then starts it', () => {
		const [created] = output(TOOLKIT_NODES.create);
		assert.equal(created.created, true);
		assert.equal(created.state, 'scheduled');
		assert.equal(created.title, 'Launch webinar');
		assert.deepEqual(created.chat, { id: CHAT_ID, title: 'Webinar Room', username: 'webinar_room' });
		const scheduledFor = Date.parse(String(created.scheduledFor));
		const expected = startedAt + HOURS_AHEAD * 3_600_000;
		assert.ok(Math.abs(scheduledFor - expected) < 120_000, `scheduledFor ${String(created.scheduledFor)} is not about ${new Date(expected).toISOString()}`);
		const [started] = output(TOOLKIT_NODES.start);
		assert.equal(started.status, 'started');
		assert.equal(started.state, 'active');
		assert.equal(started.callId, created.callId);
	});

	it('invites the members Telegram lets it invite, and gives the others the call link on Failed', () => {
		const callId = theCall();
		assert.deepEqual(
			output(TOOLKIT_NODES.invite, 0).map((item) => [item.user, item.status]),
			[['@alice', 'invited'], ['@bob_brown', 'invited'], ['@carol_chen', 'invited']],
		);
		assert.deepEqual(
			output(TOOLKIT_NODES.invite, 1).map((item) => [item.user, item.code, item.callLink]),
			[
				['@judy_private', 'USER_PRIVACY_RESTRICTED', CALL_LINK],
				['@ivan_outsider', 'USER_NOT_PARTICIPANT', CALL_LINK],
			],
		);
		assert.equal(output(TOOLKIT_NODES.sendLink).length, 2);
		assert.deepEqual(invitedExactlyOnceProblems(sandbox, callId, [ALICE, BOB, CAROL]), []);
		assert.equal(sandbox.requests('phone.exportGroupCallInvite').length, 1, 'one link export for the call');
	});

	it('lists exactly who joined, once, although three users came out of Invited', () => {
		const participants = output(TOOLKIT_NODES.participants);
		assert.deepEqual(participants.map((item) => item.userId).sort(), [ALICE, BOB]);
		assert.ok(participants.every((item) => item.callId === theCall() && item.isSelf === false));
	});

	it('ends the call once; the sandbox shows it scheduled, started and ended by the account', () => {
		const [ended] = output(TOOLKIT_NODES.end);
		assert.equal(ended.status, 'ended');
		assert.equal(ended.state, 'ended');
		assert.equal(typeof ended.duration, 'number');
		const callId = theCall();
		const changes = sandbox.world.callChanges(callId);
		assert.deepEqual(changes.map((change) => [change.kind, change.by]), [
			['scheduled', ACCOUNT],
			['started', ACCOUNT],
			['ended', ACCOUNT],
		]);
		assert.equal(sandbox.world.call(callId)?.state, 'ended');
		assert.deepEqual(sandbox.world.call(callId)?.call.participants, [], 'ending the call emptied it');
		assert.equal(sandbox.requests('phone.discardGroupCall').length, 1);
		assert.equal(sandbox.requests('phone.createGroupCall').length, 1);
	});

	it('never shows the session or the API hash in n8n\'s output', () => {
		const credentials = sandbox.credentials();
		assert.ok(!execution.output.includes(credentials.session));
		assert.ok(!execution.output.includes(credentials.apiHash));
	});
});
