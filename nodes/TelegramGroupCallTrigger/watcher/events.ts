/** What the trigger can start a workflow for, in the order a call lives through them. */
export const TRIGGER_EVENTS = [
	'callScheduled',
	'callStarted',
	'callEnded',
	'titleChanged',
	'recordingStarted',
	'recordingStopped',
	'usersInvited',
	'participantJoined',
	'participantLeft',
] as const;

export type TriggerEventName = (typeof TRIGGER_EVENTS)[number];

export function isTriggerEventName(value: unknown): value is TriggerEventName {
	return typeof value === 'string' && (TRIGGER_EVENTS as readonly string[]).includes(value);
}
