import type { INodeOutputConfiguration, INodeParameters } from 'n8n-workflow';

/**
 * The outputs the canvas shows for the chosen operation: Invited and Failed for Invite Users, one output for
 * the others. n8n evaluates this in an expression (`={{(fn)($parameter)}}`), from its source text, so it must
 * not use anything outside its own body. A saved workflow without `operation` is an Invite Users node (the
 * default), so workflows saved before the other operations existed keep their two outputs and connections.
 */
export function configuredOutputs(parameters: INodeParameters): INodeOutputConfiguration[] {
	const operation = parameters.operation === undefined ? 'inviteUsers' : parameters.operation;
	if (operation === 'inviteUsers') {
		return [
			{ type: 'main', displayName: 'Invited' },
			{ type: 'main', displayName: 'Failed' },
		];
	}
	return [{ type: 'main' }];
}
