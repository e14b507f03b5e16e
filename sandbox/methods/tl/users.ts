import { Api } from 'telegram';

import type { Person } from '../../world/worldState';
import { long } from './long';

export interface UserView {
	/** The phone number is shown to the account itself and for contacts; also when the user was found by phone. */
	showPhone?: boolean;
}

/** A world user as Telegram shows it to the account `viewerId`. */
export function toApiUser(person: Person, viewerId: string, view: UserView = {}): Api.User {
	const id = long(person.id);
	const accessHash = long(person.accessHash);
	// A deleted account keeps only its id and access hash; the apps show "Deleted Account".
	if (person.deleted) return new Api.User({ id, accessHash, deleted: true });
	const self = person.id === viewerId;
	const showPhone = self || person.contact || view.showPhone === true;
	return new Api.User({
		id,
		accessHash,
		self,
		contact: person.contact,
		bot: person.bot,
		// `bot` and `bot_info_version` share flag bit 14: a bot without a version would corrupt the serialised user.
		botInfoVersion: person.bot ? 1 : undefined,
		botNochats: person.bot ? true : undefined,
		firstName: person.firstName,
		lastName: person.lastName,
		username: person.username,
		phone: showPhone ? person.phone : undefined,
		status: person.bot ? undefined : new Api.UserStatusRecently({}),
	});
}

/** What Telegram answers for an id it will not show (unknown user, wrong or zero access hash). */
export function toUserEmpty(id: string): Api.UserEmpty {
	return new Api.UserEmpty({ id: long(id) });
}

export function peerOfUser(id: string): Api.PeerUser {
	return new Api.PeerUser({ userId: long(id) });
}
