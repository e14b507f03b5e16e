// What the demo asks of the sandbox's built-in world, and what that world predicts for each user
// (docs/sandbox-world.md, "The built-in world"). One user per outcome the node can report there.
import { defaultWorld } from '../../sandbox';

/** The call the demo invites to: Demo's "Weekly sync" (chat @demo_group). */
const CALL_ID = '3001';

function demoCallInWorld() {
	const chat = defaultWorld().chats.find((candidate) => candidate.call?.id === CALL_ID);
	if (!chat?.call || chat.username === undefined) throw new Error(`the built-in world has no public chat with call ${CALL_ID}; the demo needs one`);
	return { chat, call: chat.call };
}

const inWorld = demoCallInWorld();

/**
 * The call's chat and id, and the link Telegram gives for it: a public group's call link is
 * `t.me/<username>?videochat` (`?livestream` in a broadcast channel), docs/node.md "Add Call Link to Failed Users".
 */
export const DEMO_CALL = {
	chat: `@${inWorld.chat.username}`,
	callId: CALL_ID,
	link: `https://t.me/${inWorld.chat.username}?${inWorld.chat.kind === 'channel' ? 'livestream' : 'videochat'}`,
} as const;

export type ExpectedOutcome =
	| { readonly output: 'invited'; readonly userId: string }
	/** `callLink`: the Failed item carries the call's link (the person can join by it, though not be invited). */
	| { readonly output: 'failed'; readonly code: string; readonly callLink: boolean };

export interface DemoUser {
	/** The user reference exactly as the workflow passes it to the node. */
	readonly reference: string;
	readonly who: string;
	readonly expected: ExpectedOutcome;
}

const invited = (userId: string): ExpectedOutcome => ({ output: 'invited', userId });
const failed = (code: string): ExpectedOutcome => ({ output: 'failed', code, callLink: false });
/** Telegram will not let the account invite them, but they can join by the link. */
const failedWithLink = (code: string): ExpectedOutcome => ({ output: 'failed', code, callLink: true });

export const DEMO_USERS: readonly DemoUser[] = [
	{ reference: '@alice', who: 'Alice Anders', expected: invited('1001') },
	{ reference: '@bob_brown', who: 'Bob Brown', expected: invited('1002') },
	{ reference: '+15550001004', who: 'Dave Diaz (by phone)', expected: invited('1004') },
	{ reference: '1005', who: 'Erin Evans (by id)', expected: invited('1005') },
	{ reference: '@frank_invited', who: 'Frank Fischer', expected: failed('USER_ALREADY_INVITED') },
	{ reference: '@demo_helper_bot', who: 'a bot', expected: failed('CHAT_TYPE_INVALID') },
	{ reference: '1009', who: 'a deleted account', expected: failed('INPUT_USER_DEACTIVATED') },
	{ reference: '@ivan_outsider', who: 'Ivan Ivanov', expected: failedWithLink('USER_NOT_PARTICIPANT') },
	{ reference: '@judy_private', who: 'Judy Jones', expected: failedWithLink('USER_PRIVACY_RESTRICTED') },
	{ reference: '@no_such_person', who: 'nobody', expected: failed('USERNAME_NOT_OCCUPIED') },
];

/** User ids the demo world must end up with as invited to the call, each exactly once. */
export function expectedInvitedIds(users: readonly DemoUser[] = DEMO_USERS): string[] {
	return users.flatMap((user) => (user.expected.output === 'invited' ? [user.expected.userId] : []));
}

/**
 * Who the world says is in the call after the invitations, which the workflow lists: the call's participants
 * in the world file, plus any invited user the world makes join on an invitation (a user field
 * `joinsWhenInvited`, where the world has it). An invitation alone only rings the person: Telegram does not put
 * them in the call.
 */
export function expectedParticipantIds(users: readonly DemoUser[] = DEMO_USERS): string[] {
	const world = defaultWorld();
	const joining = expectedInvitedIds(users).filter((id) => {
		const user: object | undefined = world.users.find((candidate) => candidate.id === id);
		return user !== undefined && 'joinsWhenInvited' in user && user.joinsWhenInvited === true;
	});
	return [...new Set([...inWorld.call.participants, ...joining])].sort();
}

/**
 * The trigger workflow's side of the demo: a chat of the built-in world with no call (Quiet Room), whose members
 * other than the account are the sign-up list. When someone starts a call there, the workflow invites them all;
 * the world predicts each is invited exactly once (they are members, none restricts invitations).
 */
function signUpInWorld() {
	const world = defaultWorld();
	const chat = world.chats.find((candidate) => candidate.username === 'quiet_room');
	if (chat?.username === undefined || chat.call !== undefined) throw new Error('the built-in world has no call-less chat @quiet_room; the demo trigger needs one');
	const people = chat.members.filter((id) => id !== world.me.id).map((id) => world.users.find((user) => user.id === id));
	const listed = people.flatMap((user) => (user?.username === undefined || user.inviteRestricted === true || user.bot === true ? [] : [user]));
	return { chat, listed };
}

const signUp = signUpInWorld();

export const DEMO_SIGN_UP = {
	chat: `@${signUp.chat.username}`,
	chatId: signUp.chat.id,
	/** The sign-up list as the workflow gives it to Invite Users. */
	users: signUp.listed.map((user) => `@${user.username}`),
	/** Who must end up invited to the started call, each exactly once. */
	expectedInvitedIds: signUp.listed.map((user) => user.id),
} as const;
