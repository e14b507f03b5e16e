import type { INodeParameters } from 'n8n-workflow';

/**
 * The node's subtitle on the canvas: the operation in words ("Get participants", "Get call"), and for
 * Invite Users whether it is a dry run. n8n evaluates it in an expression from its source text
 * (`={{(fn)($parameter)}}`), so it must not use anything outside its own body (and no template literals or
 * comments, which the expression would carry along). Operations added later get their words from their
 * value, so the subtitle never shows a stale name; one-word operations ("get", "end") add "call".
 */
export function operationSubtitle(parameters: INodeParameters): string {
	const operation = typeof parameters.operation === 'string' && parameters.operation !== '' ? parameters.operation : 'inviteUsers';
	if (operation === 'inviteUsers') {
		const options = parameters.options as { dryRun?: unknown } | null | undefined;
		return options !== undefined && options !== null && options.dryRun === true ? 'Invite users (dry run)' : 'Invite users';
	}
	let words = operation.charAt(0).toUpperCase();
	for (const letter of operation.slice(1)) words += letter >= 'A' && letter <= 'Z' ? ' ' + letter.toLowerCase() : letter;
	return words.includes(' ') ? words : words + ' call';
}
