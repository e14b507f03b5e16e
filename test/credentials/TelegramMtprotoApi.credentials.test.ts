import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { TelegramMtprotoApi } from '../../credentials/TelegramMtprotoApi.credentials';

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
});
