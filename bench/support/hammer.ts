/**
 * A client process for the sandbox benchmark (sandboxThroughput.ts). Connects, says "ready", then for each job
 * it is sent, sends `count` simple requests (users.getUsers of self) with `concurrency` in flight and answers
 * {requests, ms}. Runs apart from the sandbox so the sandbox process's CPU time is the server's alone, and
 * stays connected between jobs so the parent can measure exactly the requests, without process start or connect.
 */
import { Api } from 'telegram';

import { plainClient } from '../../test/sandbox/support/plainClient';

export interface HammerStart {
	session: string;
	apiId: number;
	apiHash: string;
	port: number;
}

export type HammerCommand = { type: 'job'; count: number; concurrency: number } | { type: 'stop' };

export type HammerReply = { type: 'ready' } | { type: 'done'; requests: number; ms: number };

async function main(): Promise<void> {
	const start = JSON.parse(process.argv[2] ?? '{}') as HammerStart;
	const client = plainClient(start.session, start.apiId, start.apiHash, start.port);
	if (!(await client.connect())) throw new Error('hammer: could not connect to the sandbox');
	const send = (reply: HammerReply): void => void process.send?.(reply);
	process.on('message', (message) => {
		const command = message as HammerCommand;
		if (command.type === 'stop') {
			void client.destroy().finally(() => process.exit(0));
			return;
		}
		void hammer(command.count, command.concurrency).then((ms) => send({ type: 'done', requests: command.count, ms }));
	});
	process.once('disconnect', () => process.exit(0));
	send({ type: 'ready' });

	async function hammer(total: number, concurrency: number): Promise<number> {
		let started = 0;
		const worker = async (): Promise<void> => {
			while (started < total) {
				started++;
				await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
			}
		};
		const begin = performance.now();
		await Promise.all(Array.from({ length: concurrency }, worker));
		return performance.now() - begin;
	}
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
