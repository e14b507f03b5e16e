// n8n's internal REST API (/rest/...), as the editor uses it: an auth cookie plus a constant browser-id
// header (n8n binds the session cookie to it and refuses calls that lack it).
import type { INodeTypeDescription } from 'n8n-workflow';

const BROWSER_ID = 'tg-group-call-e2e-browser';

export const E2E_OWNER = {
	email: 'owner@e2e.test',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-owner-password-1',
} as const;

export class N8nRestError extends Error {
	constructor(
		readonly status: number,
		readonly path: string,
		readonly body: string,
	) {
		super(`n8n REST ${path} answered ${status}: ${body.slice(0, 500)}`);
	}
}

export class N8nRestClient {
	constructor(
		readonly baseUrl: string,
		private cookie = '',
	) {}

	/** Sends a request; returns the `data` member n8n wraps its /rest answers in. */
	async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		const parsed = await this.requestBody<{ data?: T }>(method, path, body);
		return parsed.data as T;
	}

	/** Sends a request; returns the whole parsed answer (for the unwrapped ones, such as /types/*.json). */
	async requestBody<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(new URL(path, this.baseUrl), {
			method,
			headers: {
				'browser-id': BROWSER_ID,
				...(this.cookie ? { cookie: this.cookie } : {}),
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const authCookie = response.headers
			.getSetCookie()
			.map((header) => header.split(';')[0])
			.find((pair) => pair.startsWith('n8n-auth='));
		if (authCookie) this.cookie = authCookie;
		const text = await response.text();
		if (!response.ok) throw new N8nRestError(response.status, path, text);
		return (text ? JSON.parse(text) : {}) as T;
	}

	get isSignedIn(): boolean {
		return this.cookie !== '';
	}
}

/** Creates the instance owner on a fresh n8n and returns a client signed in as that owner. */
export async function ownerSetup(baseUrl: string): Promise<N8nRestClient> {
	const client = new N8nRestClient(baseUrl);
	await client.request('POST', '/rest/owner/setup', E2E_OWNER);
	if (!client.isSignedIn) throw new Error('n8n owner setup returned no auth cookie');
	return client;
}

export interface CredentialUnderTest {
	/**
	 * A stored credential's id (the owner can read it; redacted values in `data` are filled from the stored
	 * copy), or '' for an unsaved one, which n8n 2.41 accepts from the instance owner only.
	 */
	readonly id: string;
	readonly name: string;
	readonly type: string;
	readonly data: Record<string, unknown>;
}

export interface CredentialTestResult {
	readonly status: 'OK' | 'Error';
	readonly message: string;
}

/** The editor's "Test" button on a credential: n8n runs the credential test of the node that declares it. */
export function testCredential(client: N8nRestClient, credential: CredentialUnderTest): Promise<CredentialTestResult> {
	return client.request<CredentialTestResult>('POST', '/rest/credentials/test', { credentials: credential });
}

/** The node type descriptions the editor loads (every loaded version of every node, community ones included). */
export function fetchNodeTypes(client: N8nRestClient): Promise<INodeTypeDescription[]> {
	return client.requestBody<INodeTypeDescription[]>('GET', '/types/nodes.json');
}
