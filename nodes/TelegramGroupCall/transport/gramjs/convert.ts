import bigInt from 'big-integer';
import { Api } from 'telegram';

import type { CallParticipant, GroupCallHandle, GroupCallInfo, ParticipantPeer, TelegramChat, TelegramUser } from '../types';

/*
 * GramJS leaves absent optional fields null at run time although its typings say undefined: every optional
 * field is read with `?? undefined` or a truthiness check.
 */

/** Users Telegram sent with an access hash; "min" users (no usable hash) are not invitable and skipped. */
export function toTelegramUser(user: Api.TypeUser): TelegramUser | undefined {
	if (!(user instanceof Api.User) || !user.accessHash || user.min) return undefined;
	return {
		id: user.id.toString(),
		accessHash: user.accessHash.toString(),
		username: primaryUsername(user.username, user.usernames),
		firstName: user.firstName ?? undefined,
		lastName: user.lastName ?? undefined,
		bot: Boolean(user.bot),
		deleted: Boolean(user.deleted),
		self: Boolean(user.self),
	};
}

export function toTelegramChat(chat: Api.TypeChat): TelegramChat | undefined {
	if (chat instanceof Api.Channel) {
		if (!chat.accessHash || chat.min) return undefined;
		return {
			kind: 'channel',
			id: chat.id.toString(),
			accessHash: chat.accessHash.toString(),
			title: chat.title,
			username: primaryUsername(chat.username, chat.usernames),
			...(chat.broadcast ? { broadcast: true } : {}),
			...(chat.creator || chat.adminRights?.manageCall ? { canManageCalls: true } : {}),
		};
	}
	if (chat instanceof Api.Chat) {
		if (chat.deactivated) return undefined;
		return {
			kind: 'chat',
			id: chat.id.toString(),
			title: chat.title,
			...(chat.creator || chat.adminRights?.manageCall ? { canManageCalls: true } : {}),
		};
	}
	return undefined;
}

/** Telegram's description of a call (phone.getGroupCall, updateGroupCall) as plain data. */
export function toGroupCallInfo(call: Api.TypeGroupCall): GroupCallInfo {
	if (call instanceof Api.GroupCallDiscarded) {
		return {
			callId: call.id.toString(),
			accessHash: call.accessHash.toString(),
			state: 'ended',
			title: null,
			participantsCount: 0,
			scheduledFor: null,
			recordingSince: null,
			joinMuted: false,
			canChangeJoinMuted: false,
			listenersHidden: false,
			duration: call.duration,
			version: 0,
		};
	}
	return {
		callId: call.id.toString(),
		accessHash: call.accessHash.toString(),
		state: call.scheduleDate ? 'scheduled' : 'active',
		title: call.title ?? null,
		participantsCount: call.participantsCount,
		scheduledFor: call.scheduleDate ?? null,
		recordingSince: call.recordStartDate ?? null,
		joinMuted: Boolean(call.joinMuted),
		canChangeJoinMuted: Boolean(call.canChangeJoinMuted),
		listenersHidden: Boolean(call.listenersHidden),
		duration: null,
		version: call.version,
	};
}

/**
 * The call an answer of a call-management method describes: its updateGroupCall for this call id. Undefined
 * when the answer carries none (then ask phone.getGroupCall).
 */
export function groupCallFrom(updates: Api.TypeUpdates, callId: string | undefined): GroupCallInfo | undefined {
	const candidates: Api.TypeUpdate[] = [];
	if (updates instanceof Api.Updates || updates instanceof Api.UpdatesCombined) candidates.push(...updates.updates);
	else if (updates instanceof Api.UpdateShort) candidates.push(updates.update);
	let found: GroupCallInfo | undefined;
	for (const update of candidates) {
		if (!(update instanceof Api.UpdateGroupCall)) continue;
		const info = toGroupCallInfo(update.call);
		// Creating a call ends the chat's running one: both come back; without an id, the live one is the new call.
		if (callId === undefined ? info.state !== 'ended' : info.callId === callId) found = info;
	}
	return found;
}

/**
 * A page of participants as plain data, each peer named from the users and chats sent with it. Names come
 * from any user Telegram sent ("min" users included: a name needs no access hash).
 */
export function toCallParticipants(
	participants: readonly Api.TypeGroupCallParticipant[],
	users: readonly Api.TypeUser[],
	chats: readonly Api.TypeChat[],
): CallParticipant[] {
	const usersById = new Map<string, Api.User>();
	for (const user of users) if (user instanceof Api.User) usersById.set(user.id.toString(), user);
	const chatsById = new Map<string, Api.Channel | Api.Chat>();
	for (const chat of chats) if (chat instanceof Api.Channel || chat instanceof Api.Chat) chatsById.set(chat.id.toString(), chat);
	return participants.map((participant) => ({
		peer: participantPeer(participant.peer, usersById, chatsById),
		self: Boolean(participant.self),
		joinedAt: participant.date,
		lastActiveAt: participant.activeDate ?? null,
		muted: Boolean(participant.muted),
		canSelfUnmute: Boolean(participant.canSelfUnmute),
		raisedHand: participant.raiseHandRating ? !participant.raiseHandRating.isZero() : false,
		video: Boolean(participant.video),
		screenSharing: Boolean(participant.presentation),
		volume: participant.volume ?? null,
		about: participant.about ?? null,
		left: Boolean(participant.left),
	}));
}

function participantPeer(
	peer: Api.TypePeer,
	usersById: ReadonlyMap<string, Api.User>,
	chatsById: ReadonlyMap<string, Api.Channel | Api.Chat>,
): ParticipantPeer {
	if (peer instanceof Api.PeerUser) {
		const id = peer.userId.toString();
		const user = usersById.get(id);
		return {
			kind: 'user',
			id,
			username: user ? primaryUsername(user.username, user.usernames) : undefined,
			firstName: user?.firstName ?? undefined,
			lastName: user?.lastName ?? undefined,
		};
	}
	const id = (peer instanceof Api.PeerChannel ? peer.channelId : peer.chatId).toString();
	const chat = chatsById.get(id);
	return {
		kind: 'chat',
		id,
		title: chat?.title ?? undefined,
		username: chat instanceof Api.Channel ? primaryUsername(chat.username, chat.usernames) : undefined,
	};
}

export function toInputGroupCall(call: Pick<GroupCallHandle, 'callId' | 'accessHash'>): Api.InputGroupCall {
	return new Api.InputGroupCall({ id: bigInt(call.callId), accessHash: bigInt(call.accessHash) });
}

export function toInputChannel(chat: TelegramChat): Api.InputChannel {
	return new Api.InputChannel({ channelId: bigInt(chat.id), accessHash: bigInt(chat.accessHash ?? '0') });
}

/**
 * The user ids in an invite's answer: the messageActionInviteToGroupCall service message for this call.
 * An `updates` answer without a single update says that nothing happened, so nobody was invited ([]);
 * undefined means the answer cannot tell (no service message among other updates).
 * Ids are compared as GramJS values with the call and the users sent (`sent[i]` as `sentInputs[i]`), so
 * that the answer's ids need no conversion to text; an id that was not sent is converted.
 */
export function invitedUserIdsFrom(
	updates: Api.TypeUpdates,
	call: Api.InputGroupCall,
	sent: readonly Pick<TelegramUser, 'id'>[],
	sentInputs: readonly Api.InputUser[],
): string[] | undefined {
	const candidates: Api.TypeUpdate[] = [];
	if (updates instanceof Api.Updates || updates instanceof Api.UpdatesCombined) {
		if (updates.updates.length === 0) return [];
		candidates.push(...updates.updates);
	} else if (updates instanceof Api.UpdateShort) candidates.push(updates.update);
	let found: string[] | undefined;
	for (const update of candidates) {
		if (!(update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage)) continue;
		const message = update.message;
		if (!(message instanceof Api.MessageService)) continue;
		const action = message.action;
		if (!(action instanceof Api.MessageActionInviteToGroupCall)) continue;
		if (!action.call.id.equals(call.id)) continue;
		found ??= [];
		for (const id of action.users) {
			const index = sentInputs.findIndex((input) => input.userId.equals(id));
			found.push(index >= 0 ? sent[index].id : id.toString());
		}
	}
	return found;
}

/** The chat's public username; newer accounts may have only the `usernames` list (collectibles). */
function primaryUsername(username: string | undefined, usernames: Api.TypeUsername[] | undefined): string | undefined {
	if (username) return username;
	return usernames?.find((entry) => entry.active)?.username ?? undefined;
}
