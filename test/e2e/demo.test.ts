// `npm run demo -- --once`, the README's first command in its CI form: it must build the demo in a real
// n8n, print the table, fire the trigger workflow with the printed `sandbox-drive` command, and exit 0 only because
// both runs matched the demo world (it checks the sandbox itself).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEMO_CALL, DEMO_SIGN_UP, DEMO_USERS, expectedParticipantIds } from '../../scripts/demo/demoScenario';
import { CREDENTIAL_TYPE, DEMO_CREDENTIAL_ID, DEMO_TRIGGER_WORKFLOW_ID, DEMO_WORKFLOW_ID, PACKAGE_NODE_TYPE } from '../../scripts/demo/demoWorkflow';
import { freePort } from './support/freePort';
import { runToCompletion, startManagedProcess } from './support/managedProcess';
import { N8nRestClient } from './support/n8nRest';
import { REPOSITORY_ROOT } from './support/packPackage';

describe('npm run demo -- --once', () => {
	it('prints one line per demo user with the predicted outcome and call link, then who is in the call, and exits 0', async () => {
		// NODE_TEST_CONTEXT would make the child think it is a test runner's subprocess.
		const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_TEST_CONTEXT'));
		const demo = await runToCompletion('demo', process.execPath, ['--import', 'tsx', join(REPOSITORY_ROOT, 'scripts', 'demo', 'demo.ts'), '--once'], {
			cwd: REPOSITORY_ROOT,
			env,
			timeoutMs: 300_000,
		});
		assert.equal(demo.code, 0, demo.output);
		assert.match(demo.stderr, /The run went as the demo world predicts: 4 invited once each, 6 failed with Telegram's reason \(2 of them with the call link\), \d+ in the call/);
		const lines = demo.stdout.split('\n');
		for (const user of DEMO_USERS) {
			const line = lines.find((candidate) => candidate.trimStart().startsWith(`${user.reference} `));
			assert.ok(line, `no table line for ${user.reference}:\n${demo.stdout}`);
			const expected =
				user.expected.output === 'invited'
					? `invited (user id ${user.expected.userId})`
					: `failed  ${user.expected.code}${user.expected.callLink ? `, call link ${DEMO_CALL.link}` : ''}: `;
			assert.ok(line.includes(expected), `${user.reference}: expected "${expected}" in "${line}"`);
		}
		const inCall = demo.stdout.split('Who is in the call now')[1] ?? '';
		for (const userId of expectedParticipantIds()) assert.match(inCall, new RegExp(`user id ${userId}\\b`), `participant ${userId} missing:\n${demo.stdout}`);
		// The trigger workflow, fired by the command a person would type, judged by the demo against the sandbox.
		assert.match(demo.stderr, new RegExp(`as a person would: node dist/cli/tg-group-call\\.js sandbox-drive (--control 127\\.0\\.0\\.1:\\d+ )?start ${DEMO_SIGN_UP.chatId}\\n`));
		assert.match(
			demo.stderr,
			new RegExp(`The trigger workflow went as the world predicts: one execution for call \\d+, ${DEMO_SIGN_UP.users.join(', ')} invited once each`),
		);
		assert.doesNotMatch(demo.output, /The n8n editor is running/, '--once must not serve the editor');
	});
});

describe('npm run demo (the editor)', () => {
	it('serves the editor with the demo workflow and credential for the printed sign-in, until Ctrl-C stops it all', async (t) => {
		const editorPort = await freePort();
		const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_TEST_CONTEXT'));
		const demo = startManagedProcess('demo', process.execPath, ['--import', 'tsx', join(REPOSITORY_ROOT, 'scripts', 'demo', 'demo.ts'), '--port', String(editorPort)], {
			cwd: REPOSITORY_ROOT,
			env,
		});
		t.after(() => demo.stop(2_000));
		const [, url] = await demo.waitForOutput(/The n8n editor is running: (\S+)/, 300_000);
		assert.equal(url, `http://127.0.0.1:${editorPort}/workflow/${DEMO_WORKFLOW_ID}`);
		assert.match(demo.output(), new RegExp(`The trigger workflow is active: http://127\\.0\\.0\\.1:${editorPort}/workflow/${DEMO_TRIGGER_WORKFLOW_ID}`));
		assert.match(demo.output(), new RegExp(`node dist/cli/tg-group-call\\.js sandbox-drive (--control 127\\.0\\.0\\.1:\\d+ )?start ${DEMO_SIGN_UP.chatId}\\n`));
		const [, email, password] = demo.output().match(/Sign in with\s+(\S+)\s+\/\s+(\S+)/) ?? [];

		const client = new N8nRestClient(`http://127.0.0.1:${editorPort}`);
		await client.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
		const workflow = await client.request<{ name: string; nodes: Array<{ type: string; credentials?: Record<string, { id: string }> }> }>(
			'GET',
			`/rest/workflows/${DEMO_WORKFLOW_ID}`,
		);
		const node = workflow.nodes.find((candidate) => candidate.type === PACKAGE_NODE_TYPE);
		assert.equal(node?.credentials?.[CREDENTIAL_TYPE]?.id, DEMO_CREDENTIAL_ID);
		const stored = await client.request<{ name: string; data: Record<string, unknown> }>('GET', `/rest/credentials/${DEMO_CREDENTIAL_ID}?includeData=true`);
		const credentialTest = await client.request<{ status: string; message: string }>('POST', '/rest/credentials/test', {
			credentials: { id: DEMO_CREDENTIAL_ID, name: stored.name, type: CREDENTIAL_TYPE, data: stored.data },
		});
		assert.equal(credentialTest.status, 'OK', `the credential must reach the sandbox restarted for the editor: ${credentialTest.message}`);

		process.kill(demo.pid, 'SIGINT');
		const exit = await demo.exited;
		assert.equal(exit.code, 0);
		await assert.rejects(fetch(`http://127.0.0.1:${editorPort}/healthz`), 'n8n stopped with the demo');
	});
});
