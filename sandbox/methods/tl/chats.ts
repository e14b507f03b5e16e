import { Api } from 'telegram';

import { WORLD_EPOCH, type WorldState } from '../../world/worldState';
import type { WorldChat } from '../../world/worldFile';
import { long } from './long';

/** A world chat as Telegram shows it to the account `viewerId`. */
export function toApiChat(world: WorldState, chat: WorldChat, viewerId: string): Api.TypeChat {
	const member = world.isMember(chat.id, viewerId);
	const call = world.callOfChat(chat.id);
	// fullChat.call is set for active and scheduled calls, so the chat flag follows the same rule.
	const callActive = call !== undefined && call.state !== 'ended';
	const callNotEmpty = callActive && call.call.participants.length > 0;
	const adminRights = chat.canManageCall === true && member ? callAdminRights() : undefined;
	if (chat.kind === 'group') {
		if (!member) return new Api.ChatForbidden({ id: long(chat.id), title: chat.title });
		const supergroup = world.migratedTo(chat.id);
		if (supergroup !== undefined) return upgradedGroup(chat, supergroup);
		return new Api.Chat({
			id: long(chat.id),
			title: chat.title,
			photo: new Api.ChatPhotoEmpty(),
			participantsCount: chat.members.length,
			date: WORLD_EPOCH,
			version: 1,
			callActive,
			callNotEmpty,
			adminRights,
		});
	}
	return new Api.Channel({
		id: long(chat.id),
		accessHash: long(chat.accessHash ?? '0'),
		title: chat.title,
		username: chat.username,
		photo: new Api.ChatPhotoEmpty(),
		date: WORLD_EPOCH,
		megagroup: chat.kind === 'supergroup',
		broadcast: chat.kind === 'channel',
		left: !member,
		participantsCount: chat.members.length,
		callActive,
		callNotEmpty,
		adminRights,
	});
}

/** A basic group after its upgrade, as Telegram shows it: deactivated, pointing to its supergroup, no call. */
function upgradedGroup(chat: WorldChat, supergroup: WorldChat): Api.Chat {
	return new Api.Chat({
		id: long(chat.id),
		title: chat.title,
		photo: new Api.ChatPhotoEmpty(),
		participantsCount: 0,
		date: WORLD_EPOCH,
		version: 1,
		deactivated: true,
		migratedTo: new Api.InputChannel({ channelId: long(supergroup.id), accessHash: long(supergroup.accessHash ?? '0') }),
	});
}

/** Basic groups are `peerChat`; supergroups and channels are `peerChannel`. */
export function peerOfChat(chat: WorldChat): Api.TypePeer {
	return chat.kind === 'group' ? new Api.PeerChat({ chatId: long(chat.id) }) : new Api.PeerChannel({ channelId: long(chat.id) });
}

export function isChannelLike(chat: WorldChat): boolean {
	return chat.kind !== 'group';
}

/** The rights `canManageCall` stands for: an admin who may manage calls and invite. */
export function callAdminRights(): Api.ChatAdminRights {
	return new Api.ChatAdminRights({ manageCall: true, inviteUsers: true, other: true });
}
