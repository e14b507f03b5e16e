import type { WorldAccount, WorldChat, WorldUser } from '../worldFile';
import { phoneDigits, usernameKey } from './formats';
import type { Issues } from './issues';

/** Remembers who first used a value, and reports every later use of it. */
class FirstUse {
	private readonly owners = new Map<string, string>();

	constructor(
		private readonly issues: Issues,
		private readonly what: string,
		private readonly why: string,
	) {}

	claim(key: string | undefined, shown: string | undefined, path: string, owner: string): void {
		if (key === undefined) return;
		const first = this.owners.get(key);
		if (first === undefined) {
			this.owners.set(key, owner);
			return;
		}
		this.issues.add(path, `${this.what} "${shown ?? key}" is already used by ${first}: ${this.why}`);
	}
}

/** Ids, usernames, phones and call ids must each name one thing, as in Telegram. */
export function checkUniqueness(
	me: WorldAccount | undefined,
	users: ReadonlyArray<WorldUser | undefined>,
	chats: ReadonlyArray<WorldChat | undefined>,
	issues: Issues,
): void {
	const userIds = new FirstUse(issues, 'id', 'give every user its own id (describe the account only in "me")');
	const usernames = new FirstUse(issues, 'username', 'usernames are unique across users and chats, ignoring letter case');
	const phones = new FirstUse(issues, 'phone', 'each phone number belongs to one account');
	const chatIds = new FirstUse(issues, 'id', 'give every chat its own id');
	const callIds = new FirstUse(issues, 'call id', 'give every call its own id');
	const claimUsername = (username: string | undefined, path: string, owner: string): void =>
		usernames.claim(username === undefined ? undefined : usernameKey(username), username, `${path}.username`, owner);

	if (me !== undefined) {
		userIds.claim(me.id, me.id, 'me.id', 'me');
		claimUsername(me.username, 'me', 'me');
		phones.claim(phoneDigits(me.phone), me.phone, 'me.phone', 'me');
	}
	users.forEach((user, index) => {
		if (user === undefined) return;
		const path = `users[${index}]`;
		userIds.claim(user.id, user.id, `${path}.id`, path);
		claimUsername(user.username, path, path);
		phones.claim(user.phone === undefined ? undefined : phoneDigits(user.phone), user.phone, `${path}.phone`, path);
	});
	chats.forEach((chat, index) => {
		if (chat === undefined) return;
		const path = `chats[${index}]`;
		chatIds.claim(chat.id, chat.id, `${path}.id`, path);
		claimUsername(chat.username, path, path);
		callIds.claim(chat.call?.id, chat.call?.id, `${path}.call.id`, `${path}.call`);
	});
}
