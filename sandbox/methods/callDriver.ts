import { Api } from 'telegram';

import type { CallChangeKind, LiveCall, PostedMessage, WorldState } from '../world/worldState';
import type { WorldChat } from '../world/worldFile';
import { groupCallUpdate } from './tl/calls';
import { isChannelLike } from './tl/chats';
import { long } from './tl/long';
import { newMessageUpdate, userIdsOf } from './tl/messages';
import { toApiUpdates } from './tl/updates';

const MAX_TITLE_LENGTH = 64;
/** Bot API ids of supergroups and channels: -(10^12 + id), shown as -100… for today's ids. */
const BOT_API_CHANNEL_OFFSET = 1_000_000_000_000n;

/** A driver action that cannot be applied to the world as it is; the message names the argument and what to do. */
export class DriveError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DriveError';
	}
}

/** Who acts: a member of the call's chat other than the account. Absent: the chat's first such member. */
export interface ActingAs {
	by?: string;
}

/** The call after a driven change, in the node's output style (ids as decimal strings). */
export interface DrivenCall {
	readonly callId: string;
	readonly accessHash: string;
	readonly chatId: string;
	readonly state: LiveCall['state'];
	readonly title: string | null;
	readonly participantsCount: number;
	readonly version: number;
	/** The user the change was made as. */
	readonly by: string;
}

/** A basic group upgraded by the driver: the new supergroup's ids (its Bot API id too, -(10^12 + id)). */
export interface DrivenMigration {
	readonly groupId: string;
	readonly supergroupId: string;
	readonly accessHash: string;
	readonly botApiId: string;
	/** The user the upgrade was made as. */
	readonly by: string;
}

export interface DriverPorts {
	/** Sends unasked Updates to every connected session of the account. */
	pushToAccount(updates: Api.TypeUpdates): void;
	/** Closes every open connection (clients reconnect by themselves); answers how many. */
	dropConnections(): number;
	/** Unix seconds. */
	now(): number;
}

/**
 * Other people's doings, applied to the world while clients are connected: users join and leave calls, an admin
 * (a chat member who is not the account) schedules, starts, renames, records, ends calls and invites users.
 * Each change lands in the call change log with `by`, and the account's sessions get what Telegram sends a chat
 * member who is not in the call (docs/sandbox-world.md, "Driving the sandbox"): updateGroupCall for the call's
 * own changes and the service message in the chat's message box; nothing for joins and leaves.
 */
export class CallDriver {
	constructor(
		private readonly world: WorldState,
		private readonly ports: DriverPorts,
	) {}

	userJoins(callId: string, userId: string): DrivenCall {
		const call = this.activeCall(callId, 'join');
		const user = this.participant(userId);
		if (call.isParticipant(user)) throw new DriveError(`user ${user} is already in call ${callId}; let them leave first`);
		const now = this.ports.now();
		call.join(user, now);
		this.world.recordCallChange(call, 'joined', user, now, [user]);
		return this.driven(call, user);
	}

	userLeaves(callId: string, userId: string): DrivenCall & { readonly secondsInCall: number } {
		const call = this.activeCall(callId, 'leave');
		const now = this.ports.now();
		const seconds = call.leave(userId, now);
		if (seconds === undefined) throw new DriveError(`user ${userId} is not in call ${callId}; the participants are: ${call.call.participants.join(', ') || 'nobody'}`);
		this.world.recordCallChange(call, 'left', userId, now, [userId]);
		return { ...this.driven(call, userId), secondsInCall: seconds };
	}

	/** Schedules a new call in the chat for `date` (Unix seconds, in the future); a call running there ends first. */
	adminSchedules(chatId: string, options: ActingAs & { date: number; title?: string }): DrivenCall {
		const now = this.ports.now();
		if (!Number.isInteger(options.date) || options.date <= now) {
			throw new DriveError(`the schedule date must be a Unix time in the future (now is ${now}, got ${options.date})`);
		}
		return this.create(chatId, options, options.date);
	}

	/** Starts the chat's scheduled call, or a new call when none is scheduled (a call running there ends first). */
	adminStarts(chatId: string, options: ActingAs & { title?: string } = {}): DrivenCall {
		const scheduled = this.world.callOfChat(this.chat(chatId).id);
		if (scheduled === undefined || scheduled.state !== 'scheduled') return this.create(chatId, options, undefined);
		const by = this.admin(scheduled.chat, options.by);
		const now = this.ports.now();
		if (options.title !== undefined) scheduled.setTitle(cleanTitle(options.title));
		scheduled.start(now);
		const posted = this.world.postServiceMessage(scheduled.chat.id, by, now, { kind: 'groupCall', callId: scheduled.id });
		this.announce(scheduled, 'started', by, now, posted);
		return this.driven(scheduled, by);
	}

	adminRenames(callId: string, title: string, options: ActingAs = {}): DrivenCall {
		const call = this.openCall(callId, 'rename');
		const by = this.admin(call.chat, options.by);
		call.setTitle(cleanTitle(title));
		this.announce(call, 'retitled', by, this.ports.now());
		return this.driven(call, by);
	}

	adminRecords(callId: string, action: 'start' | 'stop', options: ActingAs & { title?: string; video?: boolean } = {}): DrivenCall {
		const call = this.activeCall(callId, 'record');
		const by = this.admin(call.chat, options.by);
		const recording = call.recording !== undefined;
		if (action === 'start' && recording) throw new DriveError(`call ${callId} is already being recorded; stop the recording first`);
		if (action === 'stop' && !recording) throw new DriveError(`call ${callId} is not being recorded; start a recording first`);
		const now = this.ports.now();
		const title = options.title === undefined ? undefined : cleanTitle(options.title);
		call.setRecording(action === 'stop' ? undefined : { startDate: now, video: options.video === true, ...(title === undefined ? {} : { title }) });
		this.announce(call, 'recording', by, now);
		return this.driven(call, by);
	}

	/** Ends an active call (with its duration) or cancels a scheduled one; everyone in it leaves. */
	adminEnds(callId: string, options: ActingAs = {}): DrivenCall {
		const call = this.openCall(callId, 'end');
		const by = this.admin(call.chat, options.by);
		const now = this.ports.now();
		call.end(now);
		const posted = this.world.postServiceMessage(call.chat.id, by, now, { kind: 'groupCall', callId: call.id, duration: call.duration });
		this.announce(call, 'ended', by, now, posted);
		return this.driven(call, by);
	}

	/** An admin invites users to the call: the chat gets messageActionInviteToGroupCall (who invited whom). */
	adminInvites(callId: string, userIds: readonly string[], options: ActingAs = {}): DrivenCall {
		const call = this.activeCall(callId, 'invite to');
		const by = this.admin(call.chat, options.by);
		if (userIds.length === 0) throw new DriveError('give at least one user id to invite');
		for (const userId of userIds) if (this.world.user(userId) === undefined) throw new DriveError(unknownUser(userId));
		const now = this.ports.now();
		const distinct = [...new Set(userIds)];
		const posted = this.world.postServiceMessage(call.chat.id, by, now, { kind: 'inviteToGroupCall', callId: call.id, userIds: distinct });
		this.world.recordCallChange(call, 'invited', by, now, distinct);
		this.push(call.chat, [newMessageUpdate(this.world, call.chat, posted, this.world.account.id)], [...userIdsOf(posted.message)], now, true);
		// As for the account's own invites (phone.inviteToGroupCall): world users marked joinsWhenInvited come at once.
		for (const userId of distinct) {
			const person = this.world.user(userId);
			if (person?.joinsWhenInvited !== true || person.isAccount || call.isParticipant(userId)) continue;
			call.join(userId, now);
			this.world.recordCallChange(call, 'joined', userId, now, [userId]);
		}
		return this.driven(call, by);
	}

	/**
	 * Telegram upgrades the basic group to a supergroup (it grew, was made public, ...): a new supergroup with the
	 * group's title, members and rights; the group is deactivated and points to it. The account's sessions get
	 * what Telegram sends: updateChat and updateChannel, the group's messageActionChatMigrateTo and the
	 * supergroup's messageActionChannelMigrateFrom. A call running in the group must be ended first.
	 */
	migrateGroup(chatId: string, options: ActingAs = {}): DrivenMigration {
		const group = this.chat(chatId);
		if (group.kind !== 'group') throw new DriveError(`chat ${chatId} is a ${group.kind}; only a basic group ("group") is upgraded to a supergroup`);
		if (group.migratedTo !== undefined) throw new DriveError(`group ${chatId} was already upgraded to supergroup ${group.migratedTo}`);
		const running = this.world.callOfChat(group.id);
		if (running !== undefined && running.state !== 'ended') throw new DriveError(`group ${chatId} has a ${running.state} call ${running.id}; end it first (the sandbox does not model a call across an upgrade)`);
		const by = this.admin(group, options.by);
		const now = this.ports.now();
		const { supergroup, inGroup, inSupergroup } = this.world.migrateGroup(group.id, by, now);
		const accountId = this.world.account.id;
		const updates: Api.TypeUpdate[] = [
			new Api.UpdateChat({ chatId: long(group.id) }),
			newMessageUpdate(this.world, group, inGroup, accountId),
			new Api.UpdateChannel({ channelId: long(supergroup.id) }),
			newMessageUpdate(this.world, supergroup, inSupergroup, accountId),
		];
		this.ports.pushToAccount(toApiUpdates(this.world, { updates, userIds: [by], chats: [group, supergroup], commonBox: true }, accountId, now));
		return { groupId: group.id, supergroupId: supergroup.id, accessHash: supergroup.accessHash ?? '', botApiId: (-(BOT_API_CHANNEL_OFFSET + BigInt(supergroup.id))).toString(), by };
	}

	/**
	 * Closes every open connection, as a network fault would. Clients reconnect by themselves, and updates
	 * pushed while a client was away are not sent again (GramJS asks for no difference; gramjs.md).
	 */
	dropConnections(): number {
		return this.ports.dropConnections();
	}

	private create(chatId: string, options: ActingAs & { title?: string }, scheduleDate: number | undefined): DrivenCall {
		const chat = this.chat(chatId);
		const by = this.admin(chat, options.by);
		const now = this.ports.now();
		const title = options.title === undefined ? undefined : cleanTitle(options.title);
		const { created, ended } = this.world.createCall(chat.id, { title, scheduleDate }, now);
		if (ended !== undefined) this.announce(ended, 'ended', by, now);
		const posted = this.world.postServiceMessage(
			chat.id,
			by,
			now,
			scheduleDate === undefined ? { kind: 'groupCall', callId: created.id } : { kind: 'groupCallScheduled', callId: created.id, scheduleDate },
		);
		this.announce(created, scheduleDate === undefined ? 'created' : 'scheduled', by, now, posted);
		return this.driven(created, by);
	}

	/** Records the change and pushes updateGroupCall, then the service message if one was posted, in one envelope. */
	private announce(call: LiveCall, kind: CallChangeKind, by: string, now: number, posted?: PostedMessage): void {
		this.world.recordCallChange(call, kind, by, now);
		const updates: Api.TypeUpdate[] = [groupCallUpdate(call)];
		if (posted !== undefined) updates.push(newMessageUpdate(this.world, call.chat, posted, this.world.account.id));
		this.push(call.chat, updates, posted === undefined ? [by] : userIdsOf(posted.message), now, posted !== undefined);
	}

	private push(chat: WorldChat, updates: Api.TypeUpdate[], userIds: readonly string[], now: number, message: boolean): void {
		const commonBox = message && !isChannelLike(chat);
		this.ports.pushToAccount(toApiUpdates(this.world, { updates, userIds, chats: [chat], commonBox }, this.world.account.id, now));
	}

	private chat(chatId: string): WorldChat {
		const chat = this.world.chat(String(chatId));
		if (chat === undefined) throw new DriveError(`no chat ${chatId} in the world; the chats are: ${this.world.chats().map((c) => c.id).join(', ')}`);
		return chat;
	}

	/** The user an admin action is made as: `by` when it is a member of the chat other than the account. */
	private admin(chat: WorldChat, by: string | undefined): string {
		const accountId = this.world.account.id;
		if (by === undefined) {
			const member = chat.members.find((id) => id !== accountId && this.canAct(id));
			if (member === undefined) throw new DriveError(`chat ${chat.id} has no member besides the account to act as its admin; add one to its members in the world file`);
			return member;
		}
		if (by === accountId) throw new DriveError(`user ${by} is the account itself; the driver acts as other users (the node acts as the account)`);
		if (!this.world.isMember(chat.id, by) || !this.canAct(by)) {
			throw new DriveError(`user ${by} cannot act as an admin of chat ${chat.id}: give a member of the chat who is not a bot or deleted`);
		}
		return by;
	}

	private canAct(userId: string): boolean {
		const person = this.world.user(userId);
		return person !== undefined && !person.bot && !person.deleted;
	}

	private participant(userId: string): string {
		const person = this.world.user(String(userId));
		if (person === undefined) throw new DriveError(unknownUser(userId));
		if (person.isAccount) throw new DriveError(`user ${userId} is the account itself; the driver moves other users (the account joins with its own client)`);
		if (person.bot || person.deleted) throw new DriveError(`user ${userId} is a ${person.bot ? 'bot' : 'deleted account'} and cannot join a call; pick another user`);
		return person.id;
	}

	private call(callId: string): LiveCall {
		const call = this.world.call(String(callId));
		if (call === undefined) throw new DriveError(`no call ${callId} in the world; start or schedule one first`);
		return call;
	}

	private activeCall(callId: string, verb: string): LiveCall {
		const call = this.call(callId);
		if (call.state !== 'active') throw new DriveError(`cannot ${verb} call ${callId}: it is ${call.state}, not active`);
		return call;
	}

	private openCall(callId: string, verb: string): LiveCall {
		const call = this.call(callId);
		if (call.state === 'ended') throw new DriveError(`cannot ${verb} call ${callId}: it has ended`);
		return call;
	}

	private driven(call: LiveCall, by: string): DrivenCall {
		return {
			callId: call.id,
			accessHash: call.accessHash,
			chatId: call.chat.id,
			state: call.state,
			title: call.call.title ?? null,
			participantsCount: call.call.participants.length,
			version: call.version,
			by,
		};
	}
}

function cleanTitle(title: string): string | undefined {
	const trimmed = title.trim().slice(0, MAX_TITLE_LENGTH);
	return trimmed === '' ? undefined : trimmed;
}

function unknownUser(userId: string): string {
	return `no user ${userId} in the world; give the id of one of the world file's users`;
}
