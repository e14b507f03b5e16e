import type { TriggerEventName } from './events';
import type { RememberedCall, RememberedChat, RememberedPeer } from './triggerState';

/** One thing that happened to a watched call, before it becomes an output item (items.ts). */
export interface WatchEvent {
	event: TriggerEventName;
	/** When it happened, Unix seconds: Telegram's date when it gave one, else when the trigger learned of it. */
	at: number;
	chat: RememberedChat;
	/** The call right after this event (a copy). */
	call: RememberedCall;
	/** callEnded: seconds the call lasted, null when unknown (it was never seen running). */
	duration?: number | null;
	/** titleChanged: the title before. */
	previousTitle?: string | null;
	/** usersInvited: who was invited, and by whom (null when Telegram did not say). */
	invitedUserIds?: string[];
	inviterId?: string | null;
	/** participantJoined / participantLeft: who. */
	peer?: RememberedPeer;
	/** participantLeft: seconds between joining and leaving (as far as the polls saw). */
	timeInCall?: number;
}
