// A throwaway Redis for n8n's queue mode: Debian's redis-server on a free port, nothing persisted.
import { spawnSync } from 'node:child_process';
import { freePort } from './freePort';
import { startManagedProcess, type ManagedProcess } from './managedProcess';

export interface RedisServer {
	readonly host: string;
	readonly port: number;
	readonly process: ManagedProcess;
	stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
	if (spawnSync('redis-server', ['--version']).status !== 0) {
		throw new Error('redis-server is not installed; queue-mode tests need it. Run: npm run n8n:install (or apt-get install redis-server)');
	}
	const port = await freePort();
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'];
	const redis = startManagedProcess('redis-server', 'redis-server', args, { env: process.env, cwd: '/' });
	try {
		await redis.waitForOutput(/Ready to accept connections/, 20_000);
	} catch (error) {
		await redis.stop(1_000);
		throw error;
	}
	return {
		host: '127.0.0.1',
		port,
		process: redis,
		stop: async () => {
			await redis.stop(5_000);
		},
	};
}
