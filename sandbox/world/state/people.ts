import { defaultAccountAccessHash } from '../derivedValues';
import { phoneDigits, usernameKey } from '../parse/formats';
import type { WorldAccount, WorldUser } from '../worldFile';

/** A Telegram user as the sandbox sees it: the world's account (`me`) or one of its `users`. */
export interface Person {
	readonly id: string;
	readonly accessHash: string;
	readonly firstName: string;
	readonly lastName?: string;
	readonly username?: string;
	/** Digits only. */
	readonly phone?: string;
	readonly bot: boolean;
	readonly deleted: boolean;
	readonly inviteRestricted: boolean;
	/** Joins a running call as soon as the account invites them (world file `joinsWhenInvited`). */
	readonly joinsWhenInvited: boolean;
	/** In the account's contact list. */
	readonly contact: boolean;
	/** This is the world's account itself. */
	readonly isAccount: boolean;
}

/** Everyone in the world, looked up by id, username (any letter case) or phone. */
export class People {
	readonly account: Person;
	private readonly byIdMap = new Map<string, Person>();
	private readonly byUsernameMap = new Map<string, Person>();
	private readonly byPhoneMap = new Map<string, Person>();

	constructor(me: WorldAccount, users: readonly WorldUser[]) {
		this.account = accountPerson(me);
		for (const person of [this.account, ...users.map(userPerson)]) {
			this.byIdMap.set(person.id, person);
			if (person.username !== undefined) this.byUsernameMap.set(usernameKey(person.username), person);
			if (person.phone !== undefined) this.byPhoneMap.set(phoneDigits(person.phone), person);
		}
	}

	byId(id: string): Person | undefined {
		return this.byIdMap.get(id);
	}

	byUsername(username: string): Person | undefined {
		return this.byUsernameMap.get(usernameKey(username));
	}

	byPhone(phone: string): Person | undefined {
		return this.byPhoneMap.get(phoneDigits(phone));
	}

	contacts(): Person[] {
		return [...this.byIdMap.values()].filter((person) => person.contact);
	}
}

function accountPerson(me: WorldAccount): Person {
	return {
		id: me.id,
		accessHash: me.accessHash ?? defaultAccountAccessHash(me.id),
		firstName: me.firstName,
		...optionalNames(me),
		phone: me.phone,
		bot: false,
		deleted: false,
		inviteRestricted: false,
		joinsWhenInvited: false,
		contact: false,
		isAccount: true,
	};
}

function userPerson(user: WorldUser): Person {
	return {
		id: user.id,
		accessHash: user.accessHash,
		firstName: user.firstName,
		...optionalNames(user),
		...(user.phone === undefined ? {} : { phone: user.phone }),
		bot: user.bot === true,
		deleted: user.deleted === true,
		inviteRestricted: user.inviteRestricted === true,
		joinsWhenInvited: user.joinsWhenInvited === true,
		contact: user.contact === true,
		isAccount: false,
	};
}

function optionalNames(source: { lastName?: string; username?: string }): { lastName?: string; username?: string } {
	return {
		...(source.lastName === undefined ? {} : { lastName: source.lastName }),
		...(source.username === undefined ? {} : { username: source.username }),
	};
}
