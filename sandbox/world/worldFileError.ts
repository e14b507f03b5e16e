/** One problem in a world file: where it is (a field path such as `chats[0].call.state`) and what to do. */
export interface WorldFileIssue {
	readonly path: string;
	readonly problem: string;
}

/**
 * A world (scenario) file that cannot be used. The message lists every problem found, one per line,
 * each as `path: problem`, so a person can fix the file in one pass.
 */
export class WorldFileError extends Error {
	readonly issues: readonly WorldFileIssue[];

	constructor(issues: readonly WorldFileIssue[], source?: string) {
		super(formatMessage(issues, source));
		this.name = 'WorldFileError';
		this.issues = issues;
	}
}

function formatMessage(issues: readonly WorldFileIssue[], source: string | undefined): string {
	const lines = issues.map((issue) => (issue.path === '' ? issue.problem : `${issue.path}: ${issue.problem}`));
	const prefix = source === undefined ? '' : `${source}: `;
	if (lines.length === 1) return prefix + lines[0];
	return `${prefix}${lines.length} problems in the world file:\n${lines.map((line) => `  - ${line}`).join('\n')}`;
}
