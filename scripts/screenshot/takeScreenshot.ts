// Takes the README's pictures: docs/images/demo-workflow.png, the demo workflow in the n8n editor right after
// a run in the editor (Invite Users with its Invited and Failed outputs, "Who is in the call" below, with their
// item counts), and docs/images/operations.png, the node opened with its Operation list unfolded.
// Same setup as `npm run demo` (sandbox, real n8n, packed package); the run is checked against the sandbox
// before the pictures are kept. Usage: npx tsx scripts/screenshot/takeScreenshot.ts [--out-dir folder]
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { freePort } from '../../test/e2e/support/freePort';
import { invitedExactlyOnceProblems } from '../../test/e2e/support/sandboxGroundTruth';
import { DEMO_OWNER, prepareDemo, startDemoEditor, startDemoSandbox } from '../demo/demoSetup';
import { DEMO_CALL, DEMO_USERS, expectedInvitedIds, expectedParticipantIds } from '../demo/demoScenario';
import { DEMO_NODES } from '../demo/demoWorkflow';
import { buildIfNeeded, ensureN8nInstalled, REPOSITORY_ROOT } from '../demo/prerequisites';
import { ensureChromium, openBrowser } from './chromium';

const DEFAULT_FOLDER = join(REPOSITORY_ROOT, 'docs', 'images');
const WORKFLOW_PICTURE = 'demo-workflow.png';
const OPERATIONS_PICTURE = 'operations.png';
/** Every operation the Operation list must show, as the node names them. */
const OPERATION_NAMES = ['Create', 'End', 'Get', 'Get Invite Link', 'Get Participants', 'Invite Users', 'Start Scheduled', 'Update'];
const VIEWPORT = { width: 1400, height: 800 };
const OPERATIONS_VIEWPORT = { width: 1400, height: 1000 };
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

/** Runs the workflow from the canvas and waits until every output shows its item count. */
async function executeOnCanvas(page: Page, counts: readonly number[]): Promise<void> {
	const executeButton = byTestId(page, 'execute-workflow-button');
	await executeButton.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	await byTestId(page, 'zoom-to-fit').click();
	await executeButton.click();
	const label = (count: number) => page.getByText(`${count} item${count === 1 ? '' : 's'}`, { exact: true });
	// Each output's count shows twice: on the node's edge and after the No Operation node it feeds.
	for (const count of counts) await label(count).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	// The "Workflow executed successfully" toast and the floating Execute button would cover the lower branch:
	// close the toast, fit the canvas again and step back once, so the nodes clear the button.
	const closeToast = page.locator('.el-notification__closeBtn');
	if (await closeToast.count()) await closeToast.first().click();
	await byTestId(page, 'zoom-to-fit').click();
	await byTestId(page, 'zoom-out-button').click();
	// Let the canvas settle (edge animations, success badges), and keep the pointer off every node.
	await page.mouse.move(5, VIEWPORT.height - 5);
	await page.waitForTimeout(1_000);
}

/**
 * Opens the Invite Users node and unfolds its Operation parameter, waiting until every operation is listed.
 * The editor's dropdown scrolls after four options with descriptions; the picture lifts that height limit (a
 * style rule in this page only) and uses a taller window, so that all eight show at once.
 */
async function openOperationList(page: Page): Promise<void> {
	await page.setViewportSize(OPERATIONS_VIEWPORT);
	await page.addStyleTag({ content: '.el-select-dropdown__wrap { max-height: none !important; }' });
	await page.locator(`[data-node-name="${DEMO_NODES.invite}"]`).first().dblclick();
	const operation = byTestId(page, 'parameter-input-operation');
	await operation.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	await operation.click();
	for (const name of OPERATION_NAMES) {
		await page.getByRole('option').filter({ hasText: name }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	}
	await page.mouse.move(5, OPERATIONS_VIEWPORT.height - 5);
	await page.waitForTimeout(500);
}

async function main(): Promise<void> {
	const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
	const folderOut = values['out-dir'] ?? DEFAULT_FOLDER;
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
		await executeOnCanvas(page, [invited, DEMO_USERS.length - invited, expectedParticipantIds().length]);
		const problems = invitedExactlyOnceProblems(sandbox, DEMO_CALL.callId, expectedInvitedIds());
		const exports = sandbox.requests('phone.exportGroupCallInvite').length;
		if (exports !== 1) problems.push(`phone.exportGroupCallInvite was asked ${exports} times, expected once`);
		if (problems.length > 0) throw new Error(`the run in the editor did not go as the demo world predicts:\n  - ${problems.join('\n  - ')}`);
		mkdirSync(folderOut, { recursive: true });
		const workflowPicture = join(folderOut, WORKFLOW_PICTURE);
		await page.screenshot({ path: workflowPicture });
		say(`saved ${relative(process.cwd(), workflowPicture)}`);
		await openOperationList(page);
		const operationsPicture = join(folderOut, OPERATIONS_PICTURE);
		await page.screenshot({ path: operationsPicture });
		say(`saved ${relative(process.cwd(), operationsPicture)}`);
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
