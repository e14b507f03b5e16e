import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FIXTURE_PACKAGE_DIR } from './fixturePackage';
import { runNodeInEngine } from './index';

describe('harness: credentials reach the node through this.getCredentials', () => {
	it('passes the given fields and fills in the credential type defaults', async () => {
		const run = await runNodeInEngine({
			packageDir: FIXTURE_PACKAGE_DIR,
			nodeType: 'harnessCredentialEcho',
			credentials: { harnessFixtureApi: { user: 'alice', token: 'not-a-real-token' } },
		});

		assert.equal(run.status, 'success');
		const [echo] = run.outputs[0];
		assert.equal(echo.json.user, 'alice');
		assert.equal(echo.json.tokenLength, 'not-a-real-token'.length);
		assert.equal(echo.json.server, 'default.example:443');
	});

	it('drops fields the credential type does not declare, as n8n does', async () => {
		const run = await runNodeInEngine({
			packageDir: FIXTURE_PACKAGE_DIR,
			nodeType: 'harnessCredentialEcho',
			credentials: {
				harnessFixtureApi: { user: 'alice', token: 't', server: '127.0.0.1:1', undeclared: 'x' },
			},
		});

		const [echo] = run.outputs[0];
		assert.deepEqual(echo.json.fields, ['server', 'token', 'user']);
		assert.equal(echo.json.server, '127.0.0.1:1');
	});

	it('fails the node as n8n does when the workflow has no credentials for it', async () => {
		const run = await runNodeInEngine({
			packageDir: FIXTURE_PACKAGE_DIR,
			nodeType: 'harnessCredentialEcho',
		});

		assert.equal(run.status, 'error');
		assert.equal(run.error?.name, 'NodeOperationError');
		assert.equal(run.error?.message, 'Node does not have any credentials set');
	});
});
