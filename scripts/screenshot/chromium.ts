// Debian's Chromium, driven by playwright-core in headless mode with a throwaway profile.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

// Quiet and offline: no first-run UI, no background downloads or sync, no QUIC probing.
const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Installs Debian's chromium package when it is missing (needs root), saying so. */
export function ensureChromium(say: (message: string) => void): void {
	if (existsSync(CHROMIUM_PATH)) return;
	say(`${CHROMIUM_PATH} is missing: running apt-get install -y chromium`);
	if (process.getuid?.() !== 0) throw new Error('Chromium is not installed and this is not root. Run: sudo apt-get install -y chromium');
	const install = spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: ['ignore', process.stderr, 'inherit'] });
	if (install.status !== 0 || !existsSync(CHROMIUM_PATH)) throw new Error('apt-get install -y chromium failed; see the messages above');
}

export interface BrowserSession {
	readonly context: BrowserContext;
	close(): Promise<void>;
}

/** A headless browser with a fresh --user-data-dir, removed again by close(). */
export async function openBrowser(viewport: { width: number; height: number }): Promise<BrowserSession> {
	const profile = mkdtempSync(join(tmpdir(), 'tg-group-call-chromium-'));
	const removeProfile = () => rmSync(profile, { recursive: true, force: true });
	process.on('exit', removeProfile);
	try {
		// headless: true makes Playwright pass --headless.
		const context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM_PATH,
			headless: true,
			args: CHROMIUM_FLAGS,
			viewport,
			deviceScaleFactor: 1,
			colorScheme: 'light',
			locale: 'en-US',
			timezoneId: 'UTC',
		});
		return {
			context,
			close: async () => {
				await context.close();
				removeProfile();
			},
		};
	} catch (error) {
		removeProfile();
		throw error;
	}
}
