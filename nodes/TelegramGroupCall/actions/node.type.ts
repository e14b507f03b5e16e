import type { AllEntities } from 'n8n-workflow';

/** Every resource and its operations, so the router's switch is checked for completeness. */
type NodeMap = {
	groupCall: 'create' | 'end' | 'get' | 'getInviteLink' | 'getParticipants' | 'inviteUsers' | 'startScheduled' | 'update';
};

export type TelegramGroupCallType = AllEntities<NodeMap>;
