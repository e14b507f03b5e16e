// Takes docs/images/demo-workflow.png, the README's picture: the demo workflow in the n8n editor right after
// a run in the editor, the Telegram Group Call node with its Invited and Failed outputs and their item counts.
// Same setup as `npm run demo` (sandbox, real n8n, packed package); the run is checked against the sandbox
// before the picture is kept. Usage: npx tsx scripts/screenshot/takeScreenshot.ts [--out file.png]
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { freePort } from '../../test/e2e/support/freePort';
import { invitedExactlyOnceProblems } from '../../test/e2e/support/sandboxGroundTruth';
import { DEMO_OWNER, prepareDemo, startDemoEditor, startDemoSandbox } from '../demo/demoSetup';
import { DEMO_CALL, DEMO_USERS, expectedInvitedIds } from '../demo/demoScenario';
import { buildIfNeeded, ensureN8nInstalled, REPOSITORY_ROOT } from '../demo/prerequisites';
import { ensureChromium, openBrowser } from './chromium';

const DEFAULT_OUTPUT = join(REPOSITORY_ROOT, 'docs', 'images', 'demo-workflow.png');
const VIEWPORT = { width: 1400, height: 800 };
const UI_TIMEOUT_MS = 60_000;

function say(message: string): void {
	process.stderr.write(`[screenshot] ${message}\n`);
}

const byTestId = (page: Page, id: string) => page.locator(`[data-test-id="${id}"]`);

async function signIn(page: Page, workflowUrl: string): Promise<void> {
	await page.goto(workflowUrl);
	await page.locator('#emailOrLdapLoginId').fill(DEMO_OWNER.email);
	await page.locator('#password').fill(DEMO_OWNER.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => url.pathname === new URL(workflowUrl).pathname, { timeout: UI_TIMEOUT_MS });
}

/** Runs the workflow from the canvas and waits until both outputs show their item counts. */
async function executeOnCanvas(page: Page, invited: number, failed: number): Promise<void> {
	const executeButton = byTestId(page, 'execute-workflow-button');
	await executeButton.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	await byTestId(page, 'zoom-to-fit').click();
	await executeButton.click();
	const label = (count: number) => page.getByText(`${count} item${count === 1 ? '' : 's'}`, { exact: true });
	// Each output's count shows twice: on the node's edge and after the No Operation node it feeds.
	await label(invited).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	await label(failed).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	// Let the canvas settle (edge animations, success badges), and keep the pointer off every node.
	await page.mouse.move(5, VIEWPORT.height - 5);
	await page.waitForTimeout(1_000);
}

async function main(): Promise<void> {
	const { values } = parseArgs({ options: { out: { type: 'string' } } });
	const output = values.out ?? DEFAULT_OUTPUT;
	ensureChromium(say);
	buildIfNeeded(say);
	ensureN8nInstalled();

	const sandbox = await startDemoSandbox();
	say(`sandbox on ${sandbox.address}; preparing n8n…`);
	const folder = await prepareDemo(sandbox, say);
	const editor = await startDemoEditor(folder, await freePort());
	say(`editor at ${editor.n8n.url}; opening it in Chromium…`);
	const browser = await openBrowser(VIEWPORT);
	try {
		const page = browser.context.pages()[0] ?? (await browser.context.newPage());
		await signIn(page, editor.workflowUrl);
		const invited = DEMO_USERS.filter((user) => user.expected.output === 'invited').length;
		await executeOnCanvas(page, invited, DEMO_USERS.length - invited);
		const problems = invitedExactlyOnceProblems(sandbox, DEMO_CALL.callId, expectedInvitedIds());
		if (problems.length > 0) throw new Error(`the run in the editor did not go as the demo world predicts:\n  - ${problems.join('\n  - ')}`);
		mkdirSync(dirname(output), { recursive: true });
		await page.screenshot({ path: output });
		say(`saved ${relative(process.cwd(), output)}`);
	} finally {
		await browser.close();
		await editor.n8n.stop();
		await sandbox.stop();
		folder.remove();
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		say(`Failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	},
);
