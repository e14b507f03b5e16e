import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { TelegramMtprotoApi } from '../../credentials/TelegramMtprotoApi.credentials';
import { readConnectionSettings, TIMEOUT_SECONDS } from '../../nodes/TelegramGroupCall/transport/connectionSettings';
import { TEST_API_HASH } from '../support/worldBuilder';

const repoRoot = join(__dirname, '..', '..');

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string): string =>
	heading
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');

describe('TelegramMtprotoApi credential', () => {
	const credential = new TelegramMtprotoApi();
	const field = (name: string) => {
		const property = credential.properties.find((candidate) => candidate.name === name);
		assert.ok(property, `field ${name} is missing`);
		return property;
	};

	it('is named as the node and the sandbox expect', () => {
		assert.equal(credential.name, 'telegramMtprotoApi');
		assert.equal(credential.displayName, 'Telegram MTProto API');
		for (const name of ['apiId', 'apiHash', 'session', 'server']) field(name);
	});

	it('hides every secret as a password field, and nothing else', () => {
		const secrets = credential.properties.filter((property) => property.typeOptions?.password).map((property) => property.name);
		assert.deepEqual(secrets.sort(), ['apiHash', 'proxyPassword', 'proxySecret', 'session']);
	});

	it('tells where to get each value', () => {
		assert.match(String(field('apiId').description), /my\.telegram\.org/);
		assert.match(String(field('session').description), /npx -p n8n-nodes-telegram-group-call tg-group-call login/);
		assert.match(String(field('server').description), /tg-group-call sandbox/);
		assert.match(String(credential.documentationUrl), /^https:\/\//);
	});

	it('shows proxy fields only for the proxy type that uses them', () => {
		assert.deepEqual(field('proxySecret').displayOptions, { show: { proxyType: ['mtproxy'] } });
		assert.deepEqual(field('proxyUsername').displayOptions, { show: { proxyType: ['socks5'] } });
		assert.equal(field('proxyType').default, 'none');
		assert.equal(field('timeout').default, 30);
	});

	it('starts API ID empty with a placeholder, not at 0, and still reads credentials saved with a number', () => {
		const apiId = field('apiId');
		assert.equal(apiId.type, 'string');
		assert.equal(apiId.default, '');
		assert.match(String(apiId.placeholder), /\d/);
		const saved = { apiHash: TEST_API_HASH, session: '1AQAOMTQ5LjE1NC4xNjcuNTEAUFAKE' };
		assert.equal(readConnectionSettings({ ...saved, apiId: 12345 }).apiId, 12345);
		assert.equal(readConnectionSettings({ ...saved, apiId: '12345' }).apiId, 12345);
	});

	it('gives Server a placeholder that is an instruction, not a value to copy', () => {
		assert.equal(field('server').placeholder, 'Leave empty for Telegram');
	});

	it('bounds the timeout on the form as the node does', () => {
		assert.deepEqual(field('timeout').typeOptions, { minValue: TIMEOUT_SECONDS.min, maxValue: TIMEOUT_SECONDS.max });
		assert.equal(field('timeout').default, TIMEOUT_SECONDS.default);
	});

	it('links to the README section that explains the fields and tg-group-call login', () => {
		const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { homepage: string };
		const [page, anchor] = String(credential.documentationUrl).split('#');
		assert.equal(page, manifest.homepage.split('#')[0]);
		const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
		const headings = [...readme.matchAll(/^#{1,6} (.+)$/gm)].map((match) => match[1]);
		const section = headings.find((heading) => anchorOf(heading) === anchor);
		assert.ok(section, `README.md has no heading for #${anchor}`);
		const body = readme.slice(readme.indexOf(`## ${section}`), readme.indexOf('\n## ', readme.indexOf(`## ${section}`) + 1));
		assert.match(body, /Session/);
		assert.match(body, /tg-group-call login/);
	});
});
