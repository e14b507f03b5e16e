import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DriveError, type Sandbox } from '../../sandbox';
import { DriveUsageError, runDriveWords } from './driveActions';

/** The loopback port `sandbox --control` and `sandbox-drive` use when none is given: the sandbox's port + 1. */
export const DEFAULT_CONTROL_PORT = 7448;

const MAX_BODY_BYTES = 64 * 1024;

/** What `sandbox-drive` sends: the words of one drive command, e.g. ["join", "3001", "1002"]. */
export interface DriveRequest {
	words: string[];
}

/** What the endpoint answers: the change as data, or a sentence saying why nothing changed. */
export type DriveAnswer = { ok: true; result: unknown } | { ok: false; error: string; usageMistake?: boolean };

/**
 * A small HTTP endpoint on loopback that applies drive commands (POST /drive) to a running sandbox, so a person
 * can make things happen in it by hand while n8n listens. Only JSON bodies are accepted: a web page cannot send
 * one without a preflight, which is never answered, so a browser cannot drive the sandbox behind the user's back.
 */
export class ControlEndpoint {
	private constructor(private readonly server: Server) {}

	/** `report` hears one line per command applied or refused, for the person watching the sandbox's terminal. */
	static async open(sandbox: Sandbox, port: number, report: (line: string) => void = () => {}): Promise<ControlEndpoint> {
		const server = createServer((request, response) => void serve(sandbox, request, response, report));
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
		return new ControlEndpoint(server);
	}

	/** "127.0.0.1:port", what `sandbox-drive --control` takes. */
	get address(): string {
		return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	close(): Promise<void> {
		this.server.closeAllConnections();
		return new Promise((resolve) => this.server.close(() => resolve()));
	}
}

async function serve(sandbox: Sandbox, request: IncomingMessage, response: ServerResponse, report: (line: string) => void): Promise<void> {
	if (request.method !== 'POST' || request.url !== '/drive') return answer(response, 404, { ok: false, error: 'POST /drive is the only thing here' });
	if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
		return answer(response, 415, { ok: false, error: 'send the command as application/json' });
	}
	const words = wordsOf(await readBody(request));
	if (words === undefined) return answer(response, 400, { ok: false, error: 'send {"words": ["action", …]} with every word a string' });
	const command = words.join(' ');
	try {
		const result = runDriveWords(sandbox, words);
		report(`drive ${command}: done`);
		return answer(response, 200, { ok: true, result });
	} catch (error) {
		if (error instanceof DriveUsageError) return answer(response, 400, { ok: false, error: error.message, usageMistake: true });
		if (error instanceof DriveError) {
			report(`drive ${command}: refused: ${error.message}`);
			return answer(response, 409, { ok: false, error: error.message });
		}
		return answer(response, 500, { ok: false, error: error instanceof Error ? error.message : String(error) });
	}
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
	return new Promise((resolve) => {
		let body = '';
		request.setEncoding('utf8');
		request.on('data', (chunk: string) => {
			body += chunk;
			if (body.length > MAX_BODY_BYTES) {
				resolve(undefined);
				request.destroy();
			}
		});
		request.on('end', () => resolve(body));
		request.on('error', () => resolve(undefined));
	});
}

function wordsOf(body: string | undefined): string[] | undefined {
	if (body === undefined) return undefined;
	try {
		const parsed: unknown = JSON.parse(body);
		const words = (parsed as Partial<DriveRequest> | null)?.words;
		return Array.isArray(words) && words.every((word) => typeof word === 'string') ? words : undefined;
	} catch {
		return undefined;
	}
}

function answer(response: ServerResponse, status: number, body: DriveAnswer): void {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(body) + '\n');
}
