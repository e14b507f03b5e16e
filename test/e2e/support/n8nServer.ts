// Long-running n8n processes on a user folder: `n8n start` (main) and `n8n worker` (queue mode).
import { freePort } from './freePort';
import { startManagedProcess, tail, type ManagedProcess } from './managedProcess';
import { locateN8nInstallation } from './n8nInstallation';
import { n8nEnvironment, type N8nUserFolder } from './n8nUserFolder';
import type { RedisServer } from './redis';

const START_TIMEOUT_MS = 120_000;

export interface N8nProcessOptions {
	/** Extra environment for this process (wins over the defaults). */
	readonly env?: Record<string, string>;
	/** Run in queue mode against this Redis (main enqueues production executions, workers run them). */
	readonly queue?: RedisServer;
}

export interface N8nMain {
	readonly url: string;
	readonly port: number;
	readonly process: ManagedProcess;
	stop(): Promise<void>;
}

export interface N8nWorker {
	readonly process: ManagedProcess;
	stop(): Promise<void>;
}

function queueEnvironment(queue: RedisServer | undefined): Record<string, string> {
	if (!queue) return {};
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: queue.host,
		QUEUE_BULL_REDIS_PORT: String(queue.port),
		// n8n 2.41's default, stated so a future default change cannot silently move manual runs to workers.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'false',
	};
}

async function isReady(url: string): Promise<boolean> {
	try {
		const response = await fetch(new URL('/healthz/readiness', url), { signal: AbortSignal.timeout(2_000) });
		return response.ok;
	} catch {
		return false;
	}
}

async function stopOnFailure<T>(child: ManagedProcess, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		await child.stop(2_000);
		throw error;
	}
}

/** `n8n start` on a free port; resolves once the editor is up and the database is ready. */
export async function startN8n(folder: N8nUserFolder, options: N8nProcessOptions & { readonly port?: number } = {}): Promise<N8nMain> {
	const { nodeBin, n8nBin } = locateN8nInstallation();
	const port = options.port ?? (await freePort());
	const url = `http://127.0.0.1:${port}`;
	const env = await n8nEnvironment(folder, {
		N8N_PORT: String(port),
		N8N_EDITOR_BASE_URL: url,
		N8N_WEBHOOK_URL: `${url}/`,
		...queueEnvironment(options.queue),
		...options.env,
	});
	const child = startManagedProcess('n8n start', nodeBin, [n8nBin, 'start'], { cwd: folder.path, env });
	await stopOnFailure(child, async () => {
		await child.waitForOutput(/Editor is now accessible via/, START_TIMEOUT_MS);
		const deadline = Date.now() + START_TIMEOUT_MS;
		while (!(await isReady(url))) {
			if (child.hasExited()) throw new Error(`n8n start exited while starting. Output:\n${tail(child.output())}`);
			if (Date.now() > deadline) throw new Error(`n8n at ${url} never became ready. Output:\n${tail(child.output())}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	});
	return {
		url,
		port,
		process: child,
		stop: async () => {
			await child.stop();
		},
	};
}

/** `n8n worker` for queue mode; resolves once it listens to the queue. */
export async function startWorker(
	folder: N8nUserFolder,
	options: N8nProcessOptions & { readonly queue: RedisServer; readonly concurrency?: number },
): Promise<N8nWorker> {
	const { nodeBin, n8nBin } = locateN8nInstallation();
	const env = await n8nEnvironment(folder, { ...queueEnvironment(options.queue), ...options.env });
	// Concurrency below 5 makes n8n print a warning; 5 is its default.
	const concurrency = options.concurrency ?? 5;
	const child = startManagedProcess('n8n worker', nodeBin, [n8nBin, 'worker', `--concurrency=${concurrency}`], { cwd: folder.path, env });
	await stopOnFailure(child, () => child.waitForOutput(/n8n worker is now ready/, START_TIMEOUT_MS));
	return {
		process: child,
		stop: async () => {
			await child.stop();
		},
	};
}
