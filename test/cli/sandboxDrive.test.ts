import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';

import { Api } from 'telegram';
import { Raw } from 'telegram/events';
import { UpdateConnectionState } from 'telegram/network';

import { runCli } from '../../cli/main';
import type { SandboxCredentials } from '../../sandbox';
import { inputCall } from '../sandbox/methods/support/tl';
import { plainClient, withTimeout } from '../sandbox/support/plainClient';
import { deferred } from '../support/deferred';
import { runInProcess } from './support/runInProcess';

const QUIET_ROOM = '2006';

interface RunningSandbox {
	credentials: SandboxCredentials;
	/** What the sandbox command has printed on stderr so far. */
	messages(): string;
	/** "127.0.0.1:port" of the control endpoint, as the sandbox command printed it. */
	control: string;
}

/** `tg-group-call sandbox --port 0 --control 0` in this process, until the test ends (then stopped as by Ctrl-C). */
async function runSandbox(t: TestContext): Promise<RunningSandbox> {
	const stop = deferred<void>();
	const ready = deferred<RunningSandbox>();
	let stdout = '';
	let stderr = '';
	const check = (): void => {
		const control = /sandbox-drive --control (\S+)/.exec(stderr)?.[1];
		if (control !== undefined && stdout.includes('\n')) ready.resolve({ credentials: JSON.parse(stdout.split('\n')[0]) as SandboxCredentials, control, messages: () => stderr });
	};
	const collect = (append: (text: string) => void): Writable =>
		new Writable({
			write: (chunk: Buffer | string, _encoding, callback) => {
				append(chunk.toString());
				check();
				callback();
			},
		});
	const finished = runCli(['sandbox', '--port', '0', '--control', '0'], {
		stdin: new PassThrough(),
		stdout: collect((text) => (stdout += text)),
		stderr: collect((text) => (stderr += text)),
		env: {},
		stopRequested: () => stop.promise,
	});
	t.after(async () => {
		stop.resolve();
		assert.equal(await withTimeout(finished, 5000, 'the sandbox command to end'), 0);
	});
	return withTimeout(ready.promise, 15_000, 'the sandbox to say where its control endpoint is');
}

describe('tg-group-call sandbox-drive', () => {
	it('drives a running sandbox by hand: a listening GramJS client gets the call start, and a join shows in the participants', async (t) => {
		const { credentials, control, messages } = await runSandbox(t);
		const client = plainClient(credentials.session, credentials.apiId, credentials.apiHash, Number(credentials.server.split(':')[1]));
		t.after(() => client.destroy());
		await withTimeout(client.connect(), 5000, 'connect');
		await withTimeout(client.getMe(), 5000, 'getMe');
		const started = deferred<Api.UpdateGroupCall>();
		const everyUpdate = new Raw({});
		client.addEventHandler((update: unknown) => {
			if (update instanceof Api.UpdateGroupCall && update.chatId?.toString() === QUIET_ROOM) started.resolve(update);
			else if (!(update instanceof UpdateConnectionState)) assert.ok(update instanceof Api.UpdateNewChannelMessage, `unexpected ${String(update)}`);
		}, everyUpdate);

		const start = await runInProcess(['sandbox-drive', '--control', control, 'start', QUIET_ROOM, '--title', 'Office hours', '--by', '1002']);
		assert.equal(start.code, 0, start.stderr);
		const call = JSON.parse(start.stdout) as { callId: string; accessHash: string; state: string; title: string; by: string };
		assert.deepEqual([call.state, call.title, call.by], ['active', 'Office hours', '1002']);
		const update = await withTimeout(started.promise, 5000, 'the pushed updateGroupCall');
		assert.equal(update.call.id.toString(), call.callId);

		const join = await runInProcess(['sandbox-drive', `--control=${control}`, 'join', call.callId, '1001', '1003']);
		assert.equal(join.code, 0, join.stderr);
		assert.deepEqual((JSON.parse(join.stdout) as Array<{ participantsCount: number }>).map((result) => result.participantsCount), [1, 2]);
		const participants = await withTimeout(
			client.invoke(new Api.phone.GetGroupParticipants({ call: inputCall(call.callId, call.accessHash), ids: [], sources: [], offset: '', limit: 50 })),
			5000,
			'getGroupParticipants',
		);
		assert.deepEqual(participants.participants.map((participant) => (participant.peer as Api.PeerUser).userId.toString()), ['1001', '1003']);

		const listed = await runInProcess(['sandbox-drive', '--control', control, 'calls']);
		const room = (JSON.parse(listed.stdout) as Array<{ chatId: string; call: { participants: string[] } | null }>).find((chat) => chat.chatId === QUIET_ROOM);
		assert.deepEqual(room?.call?.participants, ['1001', '1003']);
		assert.match(messages(), /\[sandbox\] drive join \d+ 1001 1003: done\n/, 'the sandbox\'s terminal says what was driven');
	});

	it('says why nothing changed: refused by the world (exit 1), a mistyped action (exit 2), no sandbox there (exit 1)', async (t) => {
		const { control, messages } = await runSandbox(t);
		const refused = await runInProcess(['sandbox-drive', '--control', control, 'join', '999', '1001']);
		assert.deepEqual([refused.code, refused.stdout], [1, '']);
		assert.match(refused.stderr, /^tg-group-call sandbox-drive: no call 999 in the world; start or schedule one first\n$/);
		assert.match(messages(), /\[sandbox\] drive join 999 1001: refused: no call 999 in the world/);
		const started = JSON.parse((await runInProcess(['sandbox-drive', '--control', control, 'start', QUIET_ROOM])).stdout) as { callId: string };
		const halfway = await runInProcess(['sandbox-drive', '--control', control, 'join', started.callId, '1001', '1001']);
		assert.equal(halfway.code, 1);
		assert.match(halfway.stderr, /user 1001 is already in call \d+; let them leave first \(1001 did join before it\)/);
		const mistyped = await runInProcess(['sandbox-drive', '--control', control, 'schedule', QUIET_ROOM, '--at', 'tomorrow']);
		assert.equal(mistyped.code, 2);
		assert.match(mistyped.stderr, /--at "tomorrow" is not a date: give ISO 8601/);
		const unknown = await runInProcess(['sandbox-drive', '--control', control, 'explode']);
		assert.equal(unknown.code, 2);
		assert.match(unknown.stderr, /unknown action "explode"/);
		const [host, port] = control.split(':');
		// The endpoint answers only JSON: a page in a browser cannot post a command without a preflight.
		const fromPage = await fetch(`http://${host}:${port}/drive`, { method: 'POST', body: JSON.stringify({ words: ['drop'] }) });
		assert.equal(fromPage.status, 415);

		const nobody = await runInProcess(['sandbox-drive', '--control', '127.0.0.1:1', 'calls']);
		assert.equal(nobody.code, 1);
		assert.match(nobody.stderr, /no sandbox control endpoint answers at 127\.0\.0\.1:1; start one with "tg-group-call sandbox --control PORT"/);
		const noAction = await runInProcess(['sandbox-drive']);
		assert.equal(noAction.code, 2);
		const help = await runInProcess(['sandbox-drive', '--help']);
		assert.equal(help.code, 0);
		for (const action of ['join CALL_ID', 'leave CALL_ID', 'schedule CHAT_ID', 'start CHAT_ID', 'rename CALL_ID', 'record CALL_ID', 'invite CALL_ID', 'end CALL_ID', 'migrate CHAT_ID', 'drop']) {
			assert.ok(help.stdout.includes(action), action);
		}
	});
});
