/** Every resource and its operations, so the router's switch is checked for completeness. */
type NodeMap = {
	groupCall: 'inviteUsers';
};

export type TelegramGroupCallType = {
	[resource in keyof NodeMap]: { resource: resource; operation: NodeMap[resource] };
}[keyof NodeMap];
