import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Telegram user account reached over MTProto (not the Bot API: bots cannot invite to group calls).
 * Tested through the node (`testedBy`), because a test needs a real MTProto connection, not an HTTP request.
 */
export class TelegramMtprotoApi implements ICredentialType {
	name = 'telegramMtprotoApi';

	displayName = 'Telegram MTProto API';

	icon = { light: 'file:telegramMtproto.svg', dark: 'file:telegramMtproto.dark.svg' } as const;

	// Where the README explains every field and how to get a session with `tg-group-call login`.
	documentationUrl = 'https://github.com/n8n-nodes-telegram-group-call/n8n-nodes-telegram-group-call#the-credential-telegram-mtproto-api';

	properties: INodeProperties[] = [
		// A string, so the field starts empty rather than at 0 (n8n's number fields start at their default). Saved
		// credentials that hold a number keep working: the node reads a number or digits.
		{
			displayName: 'API ID',
			name: 'apiId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 12345',
			required: true,
			description:
				'The api_id of your Telegram application (digits only). Create one at https://my.telegram.org → API development tools.',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- the API hash is a secret of the Telegram app
		{
			displayName: 'API Hash',
			name: 'apiHash',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The api_hash shown next to the API ID at https://my.telegram.org',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- the session gives full access to the account
		{
			displayName: 'Session',
			name: 'session',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A GramJS string session of the Telegram account that sends the invitations. Create one with "npx -p n8n-nodes-telegram-group-call tg-group-call login" (it asks for the phone number, the login code and the 2FA password, and prints the session). Treat it like a password: it gives full access to the account.',
		},
		{
			displayName: 'Server',
			name: 'server',
			type: 'string',
			default: '',
			placeholder: 'Leave empty for Telegram',
			description:
				'Leave empty for Telegram. "host:port" of another MTProto server: the sandbox ("npx -p n8n-nodes-telegram-group-call tg-group-call sandbox" prints it) or Telegram\'s test servers.',
		},
		{
			displayName: 'Proxy',
			name: 'proxyType',
			type: 'options',
			default: 'none',
			options: [
				{ name: 'None', value: 'none' },
				{ name: 'SOCKS5', value: 'socks5' },
				{ name: 'MTProxy', value: 'mtproxy' },
			],
		},
		{
			displayName: 'Proxy Host',
			name: 'proxyHost',
			type: 'string',
			default: '',
			displayOptions: { show: { proxyType: ['socks5', 'mtproxy'] } },
		},
		{
			displayName: 'Proxy Port',
			name: 'proxyPort',
			type: 'number',
			default: 1080,
			displayOptions: { show: { proxyType: ['socks5', 'mtproxy'] } },
		},
		{
			displayName: 'Proxy Username',
			name: 'proxyUsername',
			type: 'string',
			default: '',
			displayOptions: { show: { proxyType: ['socks5'] } },
		},
		{
			displayName: 'Proxy Password',
			name: 'proxyPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { proxyType: ['socks5'] } },
		},
		{
			displayName: 'Proxy Secret',
			name: 'proxySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The MTProxy secret (32 hex characters)',
			displayOptions: { show: { proxyType: ['mtproxy'] } },
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: 30,
			description:
				'How long to wait for the connection and for each answer before giving up with a clear error',
		},
	];
}
