// What the demo asks of the sandbox's built-in world, and what that world predicts for each user
// (docs/sandbox-world.md, "The built-in world"). One user per outcome the node can report there.

/** The call the demo invites to: Demo's "Weekly sync" (chat @demo_group). */
export const DEMO_CALL = { chat: '@demo_group', callId: '3001' } as const;

export type ExpectedOutcome = { readonly output: 'invited'; readonly userId: string } | { readonly output: 'failed'; readonly code: string };

export interface DemoUser {
	/** The user reference exactly as the workflow passes it to the node. */
	readonly reference: string;
	readonly who: string;
	readonly expected: ExpectedOutcome;
}

const invited = (userId: string): ExpectedOutcome => ({ output: 'invited', userId });
const failed = (code: string): ExpectedOutcome => ({ output: 'failed', code });

export const DEMO_USERS: readonly DemoUser[] = [
	{ reference: '@alice', who: 'Alice Anders', expected: invited('1001') },
	{ reference: '@bob_brown', who: 'Bob Brown', expected: invited('1002') },
	{ reference: '+15550001004', who: 'Dave Diaz (by phone)', expected: invited('1004') },
	{ reference: '1005', who: 'Erin Evans (by id)', expected: invited('1005') },
	{ reference: '@frank_invited', who: 'Frank Fischer', expected: failed('USER_ALREADY_INVITED') },
	{ reference: '@demo_helper_bot', who: 'a bot', expected: failed('CHAT_TYPE_INVALID') },
	{ reference: '1009', who: 'a deleted account', expected: failed('INPUT_USER_DEACTIVATED') },
	{ reference: '@ivan_outsider', who: 'Ivan Ivanov', expected: failed('USER_NOT_PARTICIPANT') },
	{ reference: '@judy_private', who: 'Judy Jones', expected: failed('USER_PRIVACY_RESTRICTED') },
	{ reference: '@no_such_person', who: 'nobody', expected: failed('USERNAME_NOT_OCCUPIED') },
];

/** User ids the demo world must end up with as invited to the call, each exactly once. */
export function expectedInvitedIds(users: readonly DemoUser[] = DEMO_USERS): string[] {
	return users.flatMap((user) => (user.expected.output === 'invited' ? [user.expected.userId] : []));
}
