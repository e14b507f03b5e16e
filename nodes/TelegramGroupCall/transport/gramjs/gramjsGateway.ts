import bigInt from 'big-integer';
import { Api } from 'telegram';

import type { CallReference } from '../../input/parseCallReference';
import type { AccountState } from '../accountState';
import { CancelScope } from '../cancelScope';
import { MemoryPacing } from '../shared/pacing';
import { TelegramError } from '../telegramError';
import type {
	CallHistoryPage,
	ChatCallState,
	ChatRef,
	CallChange,
	CallLookup,
	AccountHold,
	CallParticipants,
	CallSettingsChange,
	ChatReference,
	ChatWithCall,
	GroupCallHandle,
	GroupCallInfo,
	InviteOutcome,
	RecordingChange,
	NewCall,
	ParticipantsPage,
	TelegramChat,
	TelegramGateway,
	TelegramUser,
} from '../types';
import { CallRequests, readGroupCall, type Invoke } from './callRequests';
import { toCallMessage } from './callUpdates';
import {
	invitedUserIdsFrom,
	toCallParticipants,
	toGroupCallInfo,
	toInputChannel,
	toInputGroupCall,
	toTelegramChat,
	toTelegramUser,
} from './convert';
import * as callChanges from './callChanges';
import type { TelegramConnection } from './telegramConnection';

const MEMBERS_PAGE = 200;
const PARTICIPANTS_PAGE = 500;
const DIALOGS_PAGE = 100;
/** Enough for any account's groups; stops a runaway paging loop. */
const MAX_DIALOG_PAGES = 50;
/** Telegram shows at most about 10,000 members of a group to a non-admin anyway. */
const MAX_MEMBER_PAGES = 60;
const MAX_LISTED_CHATS = 50;
/** Telegram's largest history page. */
const HISTORY_PAGE = 100;
/**
 * A chat's member listing from an earlier execution is trusted this long: ids found in it need no new listing.
 * Someone who joined since then is still found among the call's participants or by users.getUsers.
 */
const MEMBER_LISTING_FRESH_MS = 10 * 60_000;
/** Telegram's answers to an access hash it no longer accepts. */
const STALE_HASH_ERRORS = new Set(['USER_ID_INVALID', 'PEER_ID_INVALID']);
/** Telegram's answers to a chat's access hash it no longer accepts. */
const STALE_CHAT_ERRORS = new Set(['CHANNEL_INVALID', 'PEER_ID_INVALID', 'CHAT_ID_INVALID']);

/** A user's id and access hash as GramJS values, and the InputUser built from them once needed. */
interface UserInput {
	userId: bigInt.BigInteger;
	accessHash: bigInt.BigInteger;
	input?: Api.InputUser;
}

/** The connection a gateway sends over, obtained on its first request (a pool lease, or a fixed connection). */
export type ConnectionSource = () => Promise<TelegramConnection>;

/** Reserves the account's next invite slot for a pause; resolves to the wait in ms (shared/pacing.ts). */
export type InvitePacer = (pauseMs: number) => Promise<number>;

/**
 * The TelegramGateway over one pooled connection, with caches that live as long as one execution:
 * users seen with access hashes, chats whose members were loaded, calls whose participants were loaded, and
 * the GramJS input objects for calls and users (built once, not parsed from decimal text per request).
 * With an AccountState it also remembers across executions: users (so a username is resolved once, not per
 * run), member listings, FLOOD_WAITs (a request Telegram asked to wait for fails at once, without being sent)
 * and the account's hold. A user taken from that memory whose access hash Telegram refuses is looked up again
 * and the invite re-sent, once.
 */
export class GramjsGateway implements TelegramGateway {
	private readonly usersById = new Map<string, TelegramUser>();

	private readonly userInputs = new WeakMap<TelegramUser, UserInput>();

	private readonly callInputs = new WeakMap<GroupCallHandle, Api.InputGroupCall>();

	/** The execution's cancellation for all of its requests: one abort listener, not one per request. */
	private readonly cancel: CancelScope;

	private readonly loadedMemberChats = new Set<string>();

	private readonly participantsByCall = new Map<string, CallParticipants>();

	private dialogChats: TelegramChat[] | undefined;

	/** Basic groups (bare id) Telegram upgraded, each to its supergroup: from their full info or the dialogs. */
	private readonly upgrades = new Map<string, TelegramChat>();

	/** The upgrades followed for the caller, by the group's id (followedUpgrades). */
	private readonly followed = new Map<string, TelegramChat>();

	/** Per dialog chat ("kind:id"): its newest message id and whether its call_active flag is set. */
	private readonly dialogDetails = new Map<string, { topMessageId: number; callActive: boolean }>();

	private readonly callRequests = new CallRequests(async (request) => await this.invoke(request));

	/** The connection once the source gave one. */
	private connected: TelegramConnection | undefined;

	/** Users taken from the account's memory and not seen in an answer of this execution (their hash may be stale). */
	private readonly fromMemory = new Set<string>();

	/** Marks this execution's own flood waits, which its retry policy handles itself. */
	private readonly execution = Symbol('execution');

	/**
	 * Nothing connects until the first request, so connecting fails, waits and retries like any request in the
	 * caller's retry policy (a FLOOD_WAIT or a 500 answered to initConnection).
	 */
	constructor(
		private readonly connection: ConnectionSource,
		signal?: AbortSignal,
		private readonly account?: AccountState,
		pacer?: InvitePacer,
	) {
		this.cancel = new CancelScope(signal);
		// Without the account's pacing (the credential test), this gateway's own requests are still spaced.
		const own = new MemoryPacing();
		this.pacer = pacer ?? (async (pauseMs) => await own.reserve('', pauseMs));
	}

	private readonly pacer: InvitePacer;

	/** The execution is done with this gateway: stop listening to its signal. */
	close(): void {
		this.cancel.close();
	}

	async getMe(): Promise<TelegramUser> {
		const remembered = this.account?.self();
		if (remembered) return remembered;
		const me = toTelegramUser(await (await this.connect()).getMe(this.cancel));
		if (!me) throw new TelegramError({ code: 'AUTH_KEY_UNREGISTERED', httpCode: 401, method: 'users.GetUsers' });
		const self = { ...me, self: true };
		this.account?.rememberSelf(self);
		return self;
	}

	async resolveCall(reference: CallReference): Promise<GroupCallHandle> {
		if (reference.kind === 'callId') return await this.callById(reference.callId, reference.accessHash);
		if (reference.kind === 'chatUsername') return await this.callInChatNamed(reference.username);
		return await this.currentCallOf(await this.chatById(reference));
	}

	/** The call in a public chat: the chat from the account's memory when it is there (one request less). */
	private async callInChatNamed(username: string): Promise<GroupCallHandle> {
		const remembered = this.account?.chatByUsername(username, Date.now());
		if (remembered) {
			// The error is routed outside the catch, as everywhere in the node.
			let failure: unknown;
			try {
				return await this.currentCallOf(remembered);
			} catch (error) {
				failure = error;
			}
			if (!(failure instanceof TelegramError) || !STALE_CHAT_ERRORS.has(failure.code)) throw failure;
			this.account?.forgetChat(username);
		}
		const chat = await this.chatByUsername(username);
		this.account?.rememberChat(username, chat, Date.now());
		return await this.currentCallOf(chat);
	}

	async resolveUsername(username: string): Promise<TelegramUser> {
		const remembered = this.account?.userByUsername(username, Date.now());
		if (remembered) return this.adopt(remembered);
		const resolved = await this.invoke(new Api.contacts.ResolveUsername({ username }));
		this.remember(resolved.users);
		if (!(resolved.peer instanceof Api.PeerUser)) {
			throw new TelegramError({ code: 'NOT_A_USER', httpCode: null, method: 'contacts.ResolveUsername' });
		}
		return this.userFromCache(resolved.peer.userId.toString(), 'contacts.ResolveUsername');
	}

	async resolvePhone(phoneDigits: string): Promise<TelegramUser> {
		const resolved = await this.invoke(new Api.contacts.ResolvePhone({ phone: phoneDigits }));
		this.remember(resolved.users);
		if (!(resolved.peer instanceof Api.PeerUser)) {
			throw new TelegramError({ code: 'PHONE_NOT_OCCUPIED', httpCode: 400, method: 'contacts.ResolvePhone' });
		}
		return this.userFromCache(resolved.peer.userId.toString(), 'contacts.ResolvePhone');
	}

	knownUser(userId: string): TelegramUser | undefined {
		return this.usersById.get(userId) ?? this.rememberedUser(userId);
	}

	async findUserById(userId: string, call: GroupCallHandle): Promise<TelegramUser | undefined> {
		const cached = this.knownUser(userId);
		if (cached) return cached;
		if (call.chat) {
			await this.loadMembers(call.chat);
			const member = this.usersById.get(userId);
			if (member) return member;
		}
		await this.getCallParticipants(call);
		const participant = this.usersById.get(userId);
		if (participant) return participant;
		// Real Telegram usually answers userEmpty without a hash; a server that knows the user answers fully.
		const users = await this.invoke(
			new Api.users.GetUsers({ id: [new Api.InputUser({ userId: bigInt(userId), accessHash: bigInt.zero })] }),
		);
		this.remember(users);
		return this.usersById.get(userId);
	}

	async getCallParticipants(call: GroupCallHandle): Promise<CallParticipants> {
		const known = this.participantsByCall.get(call.callId);
		if (known) return known;
		const ids = new Set<string>();
		let accountJoinedAsChat = false;
		let offset = '';
		for (;;) {
			const page = await this.invoke(
				new Api.phone.GetGroupParticipants({ call: this.inputCall(call), ids: [], sources: [], offset, limit: PARTICIPANTS_PAGE }),
			);
			this.remember(page.users);
			for (const participant of page.participants) {
				if (participant.left) continue;
				if (participant.peer instanceof Api.PeerUser) ids.add(participant.peer.userId.toString());
				else if (participant.self) accountJoinedAsChat = true;
			}
			if (!page.nextOffset || page.nextOffset === offset || page.participants.length === 0) break;
			offset = page.nextOffset;
		}
		const participants: CallParticipants = { userIds: ids, accountJoinedAsChat };
		this.participantsByCall.set(call.callId, participants);
		return participants;
	}

	async inviteToGroupCall(call: GroupCallHandle, users: readonly TelegramUser[]): Promise<InviteOutcome> {
		if (!this.account) return await this.sendInvite(call, users);
		const method = Api.phone.InviteToGroupCall.className;
		this.checkFloodWait(method);
		let failure: unknown;
		try {
			return await this.sendInvite(call, users);
		} catch (error) {
			this.noteFloodWait(method, error);
			failure = error;
		}
		const refreshed = await this.refreshStaleUsers(failure, users, call);
		if (!refreshed) throw failure;
		return await this.sendInvite(call, refreshed);
	}

	/**
	 * Connects first (taking the session's lease): the slot is reserved right before the send it spaces, never
	 * before a wait for the session that would bunch the sends up again.
	 */
	async reserveInviteSlot(pauseMs: number): Promise<number> {
		if (pauseMs <= 0) return 0;
		const method = Api.phone.InviteToGroupCall.className;
		this.checkFloodWait(method);
		if (!this.connected) await this.connectFor(method);
		return await this.pacer(pauseMs);
	}

	accountHold(): AccountHold | undefined {
		return this.account?.hold(Date.now());
	}

	holdAccount(hold: AccountHold): void {
		this.account?.rememberHold(hold);
	}

	/**
	 * Telegram refused a user's access hash and some users of the request came from an earlier execution: looks
	 * them up again (by username, or among the chat's members) and gives the request's users with fresh hashes,
	 * or undefined when nothing changed (the refusal is genuine) or the look-up failed.
	 */
	private async refreshStaleUsers(
		failure: unknown,
		users: readonly TelegramUser[],
		call: GroupCallHandle,
	): Promise<TelegramUser[] | undefined> {
		if (!(failure instanceof TelegramError) || !STALE_HASH_ERRORS.has(failure.code)) return undefined;
		const stale = users.filter((user) => this.fromMemory.has(user.id));
		if (stale.length === 0) return undefined;
		const fresh = new Map<string, TelegramUser>();
		for (const user of stale) {
			this.account?.forgetUser(user.id);
			this.usersById.delete(user.id);
			this.fromMemory.delete(user.id);
			const again = await this.lookUpAgain(user, call).catch(() => undefined);
			if (again && again.accessHash !== user.accessHash) fresh.set(user.id, again);
		}
		if (fresh.size === 0) return undefined;
		return users.map((user) => fresh.get(user.id) ?? user);
	}

	private async lookUpAgain(user: TelegramUser, call: GroupCallHandle): Promise<TelegramUser | undefined> {
		if (user.username !== undefined) {
			const again = await this.resolveUsername(user.username);
			return again.id === user.id ? again : undefined;
		}
		if (call.chat) {
			const key = memberKey(call.chat);
			this.loadedMemberChats.delete(key);
			this.account?.forgetMembersListed(key);
		}
		return await this.findUserById(user.id, call);
	}

	private async sendInvite(call: GroupCallHandle, users: readonly TelegramUser[]): Promise<InviteOutcome> {
		const connection = await this.connect();
		const connectsBefore = connection.connectCount;
		const inputCall = this.inputCall(call);
		const inputUsers = users.map((user) => this.inputUser(user));
		const updates = await connection.invoke(new Api.phone.InviteToGroupCall({ call: inputCall, users: inputUsers }), this.cancel);
		const invited = invitedUserIdsFrom(updates, inputCall, users, inputUsers);
		return {
			invitedUserIds: invited ?? [],
			confirmed: invited !== undefined,
			reconnected: connection.connectCount !== connectsBefore,
		};
	}

	async listChatsWithCalls(filter?: string): Promise<ChatWithCall[]> {
		const needle = filter?.trim().toLowerCase() ?? '';
		const chats = (await this.loadDialogChats()).filter(
			(chat) => needle === '' || chat.title.toLowerCase().includes(needle) || (chat.username ?? '').toLowerCase().includes(needle),
		);
		const listed: ChatWithCall[] = [];
		for (const chat of chats.slice(0, MAX_LISTED_CHATS)) {
			const call = await this.fullChatCall(chat).catch((error: unknown) => {
				// A chat the account cannot read is simply not listed; account problems still surface.
				if (error instanceof TelegramError && error.httpCode !== 401 && error.code !== 'TIMEOUT') return undefined;
				throw error;
			});
			if (!call) continue;
			const details = await readGroupCall(this.invoker, call).catch(() => undefined);
			listed.push({
				chat,
				callTitle: details?.title ?? undefined,
				state: details === undefined || details.state === 'ended' ? undefined : details.state,
			});
		}
		return listed;
	}

	async editCallTitle(call: GroupCallHandle, title: string): Promise<CallChange> {
		return await callChanges.editCallTitle(this.invoker, this.inputCall(call), title);
	}

	async toggleCallSettings(call: GroupCallHandle, settings: CallSettingsChange): Promise<CallChange> {
		return await callChanges.toggleCallSettings(this.invoker, this.inputCall(call), settings);
	}

	async toggleCallRecording(call: GroupCallHandle, recording: RecordingChange): Promise<CallChange> {
		return await callChanges.toggleCallRecording(this.invoker, this.inputCall(call), recording);
	}

	async exportCallInvite(call: GroupCallHandle, options: { asSpeaker: boolean }): Promise<string> {
		return await callChanges.exportCallInvite(this.invoker, this.inputCall(call), options.asSpeaker);
	}

	async listChats(filter?: string): Promise<TelegramChat[]> {
		const needle = filter?.trim().toLowerCase() ?? '';
		return (await this.loadDialogChats())
			.filter((chat) => needle === '' || chat.title.toLowerCase().includes(needle) || (chat.username ?? '').toLowerCase().includes(needle))
			.sort((a, b) => Number(b.canManageCalls === true) - Number(a.canManageCalls === true) || a.title.localeCompare(b.title))
			.slice(0, MAX_LISTED_CHATS);
	}

	async createGroupCall(call: NewCall): Promise<GroupCallInfo> {
		const created = (await this.callRequests.create(call)) ?? (await this.currentCallInfo(call.chat));
		if (created === undefined) throw new TelegramError({ code: 'CREATE_CALL_FAILED', httpCode: null, method: 'phone.CreateGroupCall' });
		return created;
	}

	async startScheduledGroupCall(call: Pick<GroupCallHandle, 'callId' | 'accessHash'>): Promise<GroupCallInfo> {
		return await this.callRequests.startScheduled(call);
	}

	async discardGroupCall(call: Pick<GroupCallHandle, 'callId' | 'accessHash'>): Promise<GroupCallInfo> {
		return await this.callRequests.discard(call);
	}

	async findCall(reference: CallReference): Promise<CallLookup> {
		// The id form is checked by the request that uses it (getCall answers ended calls too).
		if (reference.kind === 'callId') return { call: { callId: reference.callId, accessHash: reference.accessHash } };
		const { chat, call } = await this.followedChatCall(await this.chatOf(reference));
		if (!call) return { call: undefined, chat };
		return { call: { callId: call.id.toString(), accessHash: call.accessHash.toString(), chat }, chat };
	}

	async getChatCalls(only?: readonly ChatRef[]): Promise<ChatCallState[]> {
		const dialogChats = await this.loadDialogChats();
		const wanted = only === undefined ? undefined : new Set(only.map((chat) => memberKey(chat)));
		// A wanted basic group Telegram upgraded is answered by its supergroup (one hop), which says so; so is every
		// upgraded group of the dialogs when all chats are wanted.
		const upgradedFrom = new Map<string, string>();
		const groups = only === undefined ? [...this.upgrades.keys()] : only.flatMap((ref) => (ref.kind === 'chat' ? [ref.id] : []));
		for (const groupId of groups) {
			const supergroup = this.upgrades.get(groupId);
			if (supergroup === undefined) continue;
			wanted?.add(memberKey(supergroup));
			upgradedFrom.set(memberKey(supergroup), groupId);
		}
		const states: ChatCallState[] = [];
		for (const chat of dialogChats) {
			const key = memberKey(chat);
			if (wanted !== undefined && !wanted.has(key)) continue;
			const details = this.dialogDetails.get(key);
			const call = details?.callActive === true ? await this.fullChatCall(chat) : undefined;
			const migratedFrom = upgradedFrom.get(key);
			states.push({
				chat: migratedFrom === undefined ? chat : this.follow(migratedFrom, chat),
				call: call === undefined ? null : await readGroupCall(this.invoker, call),
				topMessageId: details?.topMessageId ?? 0,
			});
		}
		return states;
	}

	async getCallMessages(chat: TelegramChat | ChatRef, afterMessageId: number, limit: number): Promise<CallHistoryPage> {
		const after = Math.max(0, Math.floor(afterMessageId));
		const size = Math.min(HISTORY_PAGE, Math.max(1, Math.floor(limit)));
		// Newer than `after`, oldest first: start at after + 1 and move the page towards newer messages
		// (core.telegram.org/api/offsets); min_id keeps `after` itself out whatever the start.
		const answer = await this.invoke(
			new Api.messages.GetHistory({
				peer: await this.inputPeer(chat),
				offsetId: after + 1,
				offsetDate: 0,
				addOffset: -size,
				limit: size,
				maxId: 0,
				minId: after,
				hash: bigInt.zero,
			}),
		);
		if (answer instanceof Api.messages.MessagesNotModified) return { messages: [], readUpTo: after, complete: true };
		this.remember(answer.users);
		const newer = answer.messages.filter((message) => !(message instanceof Api.MessageEmpty) && message.id > after).sort((a, b) => a.id - b.id);
		return {
			messages: newer.flatMap((message) => toCallMessage(message) ?? []),
			readUpTo: newer.at(-1)?.id ?? after,
			complete: newer.length < size,
		};
	}

	/** The InputPeer of a chat; a channel without its access hash is looked up among the account's dialogs. */
	private async inputPeer(chat: TelegramChat | ChatRef): Promise<Api.TypeInputPeer> {
		if (chat.kind === 'chat') return new Api.InputPeerChat({ chatId: bigInt(chat.id) });
		const accessHash =
			('accessHash' in chat ? chat.accessHash : undefined) ??
			(await this.loadDialogChats()).find((candidate) => candidate.kind === 'channel' && candidate.id === chat.id)?.accessHash;
		if (accessHash === undefined) throw new TelegramError({ code: 'CHAT_NOT_FOUND', httpCode: null, method: 'messages.GetDialogs' });
		return new Api.InputPeerChannel({ channelId: bigInt(chat.id), accessHash: bigInt(accessHash) });
	}

	async getCall(call: Pick<GroupCallHandle, 'callId' | 'accessHash'>): Promise<GroupCallInfo> {
		return await readGroupCall(this.invoker, this.inputCall(call));
	}

	async getParticipantsPage(call: GroupCallHandle, offset: string, limit: number): Promise<ParticipantsPage> {
		if (offset === '') {
			const answer = await this.invoke(new Api.phone.GetGroupCall({ call: this.inputCall(call), limit }));
			this.remember(answer.users);
			return {
				call: toGroupCallInfo(answer.call),
				participants: toCallParticipants(answer.participants, answer.users, answer.chats),
				nextOffset: answer.participantsNextOffset,
			};
		}
		const page = await this.invoke(
			new Api.phone.GetGroupParticipants({ call: this.inputCall(call), ids: [], sources: [], offset, limit }),
		);
		this.remember(page.users);
		return { participants: toCallParticipants(page.participants, page.users, page.chats), nextOffset: page.nextOffset };
	}

	/** A call named by its ids: checked with phone.getGroupCall, which also tells whether it is active or scheduled. */
	private async callById(callId: string, accessHash: string): Promise<GroupCallHandle> {
		const info = await this.getCall({ callId, accessHash });
		if (info.state === 'ended') throw new TelegramError({ code: 'CALL_ENDED', httpCode: null, method: 'phone.GetGroupCall' });
		return { callId, accessHash, state: info.state, title: info.title ?? undefined, participantsCount: info.participantsCount };
	}

	/** The chat's current call as Telegram describes it, or undefined when it has none. */
	private async currentCallInfo(chat: TelegramChat): Promise<GroupCallInfo | undefined> {
		const call = await this.fullChatCall(chat);
		return call === undefined ? undefined : await readGroupCall(this.invoker, call);
	}

	private async chatOf(reference: ChatReference): Promise<TelegramChat> {
		return reference.kind === 'chatUsername' ? await this.chatByUsername(reference.username) : await this.chatById(reference);
	}

	private async chatByUsername(username: string): Promise<TelegramChat> {
		const resolved = await this.invoke(new Api.contacts.ResolveUsername({ username }));
		this.remember(resolved.users);
		if (resolved.peer instanceof Api.PeerUser) {
			throw new TelegramError({ code: 'NOT_A_GROUP', httpCode: null, method: 'contacts.ResolveUsername' });
		}
		const wantedId = resolved.peer instanceof Api.PeerChannel ? resolved.peer.channelId : resolved.peer.chatId;
		const chat = resolved.chats.map(toTelegramChat).find((candidate) => candidate?.id === wantedId.toString());
		if (!chat) throw new TelegramError({ code: 'CHAT_NOT_FOUND', httpCode: null, method: 'contacts.ResolveUsername' });
		return chat;
	}

	private async chatById(reference: Extract<CallReference, { kind: 'chatId' }>): Promise<TelegramChat> {
		if (reference.chatKind === 'chat') return { kind: 'chat', id: reference.chatId, title: '' };
		const chats = await this.loadDialogChats();
		const match = chats.find(
			(chat) => chat.id === reference.chatId && (reference.chatKind === 'unknown' || chat.kind === reference.chatKind),
		);
		// An upgraded group is no chat of the dialogs any more; its full info leads to the supergroup.
		if (!match && reference.chatKind === 'unknown' && this.upgrades.has(reference.chatId)) return { kind: 'chat', id: reference.chatId, title: '' };
		if (!match) throw new TelegramError({ code: 'CHAT_NOT_FOUND', httpCode: null, method: 'messages.GetDialogs' });
		return match;
	}

	private async currentCallOf(named: TelegramChat): Promise<GroupCallHandle> {
		const { chat, call } = await this.followedChatCall(named);
		if (!call) throw new TelegramError({ code: 'NO_ACTIVE_CALL', httpCode: null, method: fullChatMethod(chat) });
		return { callId: call.id.toString(), accessHash: call.accessHash.toString(), chat };
	}

	/**
	 * The chat's current call; a basic group Telegram upgraded answers with its supergroup and that one's call
	 * (one hop: a supergroup is never upgraded again), the supergroup marked `migratedFrom`.
	 */
	private async followedChatCall(chat: TelegramChat): Promise<{ chat: TelegramChat; call: Api.InputGroupCall | undefined }> {
		const call = await this.fullChatCall(chat);
		const upgraded = chat.kind === 'chat' ? this.upgrades.get(chat.id) : undefined;
		if (upgraded === undefined) return { chat, call };
		const supergroup = this.follow(chat.id, upgraded);
		return { chat: supergroup, call: await this.fullChatCall(supergroup) };
	}

	/** The chat's current call (active or scheduled), from its full info. Basic groups also list members. */
	private async fullChatCall(chat: TelegramChat): Promise<Api.InputGroupCall | undefined> {
		const full =
			chat.kind === 'channel'
				? await this.invoke(new Api.channels.GetFullChannel({ channel: toInputChannel(chat) }))
				: await this.invoke(new Api.messages.GetFullChat({ chatId: bigInt(chat.id) }));
		this.remember(full.users);
		if (chat.kind === 'chat') {
			this.loadedMemberChats.add(memberKey(chat));
			this.account?.rememberMembersListed(memberKey(chat), Date.now());
			const known = full.chats.map(toTelegramChat).find((candidate) => candidate?.id === chat.id);
			if (known) Object.assign(chat, { title: known.title });
			this.noteUpgrades(full.chats);
		}
		return full.fullChat.call ?? undefined;
	}

	private async loadMembers(chat: TelegramChat): Promise<void> {
		const key = memberKey(chat);
		if (this.loadedMemberChats.has(key)) return;
		const listedAt = this.account?.membersListedAt(key);
		if (listedAt !== undefined && Date.now() - listedAt < MEMBER_LISTING_FRESH_MS) {
			this.loadedMemberChats.add(key);
			return;
		}
		if (chat.kind === 'chat') {
			await this.fullChatCall(chat);
			return;
		}
		let offset = 0;
		for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
			const answer = await this.invoke(
				new Api.channels.GetParticipants({
					channel: toInputChannel(chat),
					filter: new Api.ChannelParticipantsRecent(),
					offset,
					limit: MEMBERS_PAGE,
					hash: bigInt.zero,
				}),
			).catch((error: unknown) => {
				// Member lists can be hidden (CHAT_ADMIN_REQUIRED): fall back to the other lookups.
				if (error instanceof TelegramError && (error.httpCode === 400 || error.httpCode === 403)) return undefined;
				throw error;
			});
			if (!(answer instanceof Api.channels.ChannelParticipants)) break;
			this.remember(answer.users);
			offset += answer.participants.length;
			if (answer.participants.length === 0 || offset >= answer.count) break;
		}
		this.loadedMemberChats.add(key);
		this.account?.rememberMembersListed(key, Date.now());
	}

	/** Every group and channel in the account's dialogs (paged). */
	private async loadDialogChats(): Promise<TelegramChat[]> {
		if (this.dialogChats) return this.dialogChats;
		const chats = new Map<string, TelegramChat>();
		let offsetDate = 0;
		let offsetId = 0;
		let offsetPeer: Api.TypeInputPeer = new Api.InputPeerEmpty();
		for (let page = 0; page < MAX_DIALOG_PAGES; page++) {
			const answer = await this.invoke(
				new Api.messages.GetDialogs({ offsetDate, offsetId, offsetPeer, limit: DIALOGS_PAGE, hash: bigInt.zero }),
			);
			if (answer instanceof Api.messages.DialogsNotModified) break;
			this.remember(answer.users);
			for (const chat of answer.chats) {
				const converted = toTelegramChat(chat);
				if (converted && !isLeft(chat)) chats.set(memberKey(converted), converted);
			}
			this.noteUpgrades(answer.chats);
			this.noteDialogDetails(answer);
			const next = nextDialogsOffset(answer);
			if (answer instanceof Api.messages.Dialogs || answer.dialogs.length < DIALOGS_PAGE || !next) break;
			({ offsetDate, offsetId, offsetPeer } = next);
		}
		this.dialogChats = [...chats.values()];
		return this.dialogChats;
	}

	followedUpgrades(): TelegramChat[] {
		return [...this.followed.values()];
	}

	/** The supergroup as the answer for its upgraded group `groupId`, noted for followedUpgrades. */
	private follow(groupId: string, supergroup: TelegramChat): TelegramChat {
		const followed = { ...supergroup, migratedFrom: groupId };
		this.followed.set(groupId, followed);
		return followed;
	}

	/** Remembers each deactivated basic group among `chats` that points to the supergroup it became (migrated_to). */
	private noteUpgrades(chats: readonly Api.TypeChat[]): void {
		for (const chat of chats) {
			if (!(chat instanceof Api.Chat) || !chat.deactivated || !(chat.migratedTo instanceof Api.InputChannel)) continue;
			const target = chat.migratedTo;
			const sent = chats.map(toTelegramChat).find((candidate) => candidate?.kind === 'channel' && candidate.id === target.channelId.toString());
			this.upgrades.set(
				chat.id.toString(),
				sent ?? { kind: 'channel', id: target.channelId.toString(), accessHash: target.accessHash.toString(), title: chat.title },
			);
		}
	}

	/** What a dialogs page says about each chat beyond the chat itself: its newest message and call flag. */
	private noteDialogDetails(answer: Api.messages.Dialogs | Api.messages.DialogsSlice): void {
		const callActive = new Map<string, boolean>();
		for (const chat of answer.chats) {
			if (chat instanceof Api.Channel) callActive.set(`channel:${chat.id.toString()}`, Boolean(chat.callActive));
			else if (chat instanceof Api.Chat) callActive.set(`chat:${chat.id.toString()}`, Boolean(chat.callActive));
		}
		for (const dialog of answer.dialogs) {
			if (!(dialog instanceof Api.Dialog) || dialog.peer instanceof Api.PeerUser) continue;
			const key = peerKey(dialog.peer);
			this.dialogDetails.set(key, { topMessageId: dialog.topMessage, callActive: callActive.get(key) === true });
		}
	}

	private remember(users: readonly Api.TypeUser[]): void {
		const met: TelegramUser[] = [];
		for (const user of users) {
			const converted = toTelegramUser(user);
			if (!converted) continue;
			this.usersById.set(converted.id, converted);
			// toTelegramUser checked that it is an Api.User with an access hash.
			const { id, accessHash } = user as Api.User;
			if (accessHash) this.userInputs.set(converted, { userId: id, accessHash });
			if (this.account) {
				this.fromMemory.delete(converted.id);
				met.push(converted);
			}
		}
		if (met.length > 0) this.account?.rememberUsers(met, Date.now());
	}

	private rememberedUser(userId: string): TelegramUser | undefined {
		const remembered = this.account?.user(userId);
		return remembered ? this.adopt(remembered) : undefined;
	}

	/** A user from the account's memory, used in this execution like one met in an answer. */
	private adopt(remembered: TelegramUser): TelegramUser {
		const met = this.usersById.get(remembered.id);
		if (met) return met;
		this.usersById.set(remembered.id, remembered);
		this.fromMemory.add(remembered.id);
		return remembered;
	}

	/** A FLOOD_WAIT another execution met for this method and still running: fail as Telegram would, sending nothing. */
	private checkFloodWait(method: string): void {
		const now = Date.now();
		const mark = this.account?.floodWait(method, now);
		if (!mark || mark.setBy === this.execution) return;
		throw new TelegramError({
			code: 'FLOOD_WAIT',
			httpCode: 420,
			method,
			retryAfter: Math.ceil((mark.until - now) / 1000),
			detail: `remembered from an earlier request of this account, until ${new Date(mark.until).toISOString()}`,
		});
	}

	private noteFloodWait(method: string, error: unknown): void {
		if (!(error instanceof TelegramError) || error.code !== 'FLOOD_WAIT' || error.retryAfter === undefined) return;
		// A wait answered to the connect (initConnection) is about connecting, not about this method.
		if (error.method !== method) return;
		this.account?.rememberFloodWait(method, { until: Date.now() + error.retryAfter * 1000, setBy: this.execution });
	}

	/** The call's InputGroupCall, built once per handle (the handle is the same object for the whole run). */
	private inputCall(call: Pick<GroupCallHandle, 'callId' | 'accessHash'>): Api.InputGroupCall {
		let input = this.callInputs.get(call);
		if (!input) {
			input = toInputGroupCall(call);
			this.callInputs.set(call, input);
		}
		return input;
	}

	/** The user's InputUser, from the values Telegram sent (parsed from decimal text only for users from elsewhere). */
	private inputUser(user: TelegramUser): Api.InputUser {
		let known = this.userInputs.get(user);
		if (!known) {
			known = { userId: bigInt(user.id), accessHash: bigInt(user.accessHash) };
			this.userInputs.set(user, known);
		}
		known.input ??= new Api.InputUser({ userId: known.userId, accessHash: known.accessHash });
		return known.input;
	}

	private userFromCache(userId: string, method: string): TelegramUser {
		const user = this.usersById.get(userId);
		if (!user) throw new TelegramError({ code: 'USER_NOT_RESOLVED', httpCode: null, method });
		return user;
	}

	/** `invoke` for the request helpers in other files. */
	private readonly invoker: Invoke = async (request) => await this.invoke(request);

	/**
	 * Every request: refused at once while another execution's FLOOD_WAIT for its method runs, and a FLOOD_WAIT
	 * it meets is remembered for the account (without an account memory, as for the credential test: neither).
	 */
	private async invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']> {
		const method = request.className;
		this.checkFloodWait(method);
		const connection = this.connected ?? (await this.connectFor(method));
		let failure: unknown;
		try {
			return await connection.invoke(request, this.cancel);
		} catch (error) {
			failure = error;
		}
		this.noteFloodWait(method, failure);
		throw failure;
	}

	/**
	 * The first connect, for a request of `method`: taking the session's lease loads the flood waits other n8n
	 * processes met meanwhile (queue mode), so the request is checked again before it is sent.
	 */
	private async connectFor(method: string): Promise<TelegramConnection> {
		const connection = await this.connect();
		this.checkFloodWait(method);
		return connection;
	}

	private async connect(): Promise<TelegramConnection> {
		this.connected ??= await this.connection();
		return this.connected;
	}
}

function memberKey(chat: TelegramChat | ChatRef): string {
	return `${chat.kind}:${chat.id}`;
}

function fullChatMethod(chat: TelegramChat): string {
	return chat.kind === 'channel' ? 'channels.GetFullChannel' : 'messages.GetFullChat';
}

function isLeft(chat: Api.TypeChat): boolean {
	return (chat instanceof Api.Channel || chat instanceof Api.Chat) && Boolean(chat.left);
}

/** Telegram pages dialogs by the last dialog's top message (date, id) and peer. */
function nextDialogsOffset(
	answer: Api.messages.Dialogs | Api.messages.DialogsSlice,
): { offsetDate: number; offsetId: number; offsetPeer: Api.TypeInputPeer } | undefined {
	const last = answer.dialogs[answer.dialogs.length - 1];
	if (!(last instanceof Api.Dialog)) return undefined;
	const message = answer.messages.find(
		(candidate) =>
			(candidate instanceof Api.Message || candidate instanceof Api.MessageService) &&
			candidate.id === last.topMessage &&
			peerKey(candidate.peerId) === peerKey(last.peer),
	);
	const offsetPeer = inputPeerFor(last.peer, answer);
	if (!offsetPeer) return undefined;
	const date = message instanceof Api.Message || message instanceof Api.MessageService ? message.date : 0;
	return { offsetDate: date, offsetId: last.topMessage, offsetPeer };
}

function peerKey(peer: Api.TypePeer): string {
	if (peer instanceof Api.PeerUser) return `user:${peer.userId.toString()}`;
	if (peer instanceof Api.PeerChat) return `chat:${peer.chatId.toString()}`;
	return `channel:${peer.channelId.toString()}`;
}

function inputPeerFor(peer: Api.TypePeer, answer: Api.messages.Dialogs | Api.messages.DialogsSlice): Api.TypeInputPeer | undefined {
	if (peer instanceof Api.PeerChat) return new Api.InputPeerChat({ chatId: peer.chatId });
	if (peer instanceof Api.PeerChannel) {
		const channel = answer.chats.find((chat) => chat instanceof Api.Channel && chat.id.equals(peer.channelId));
		return channel instanceof Api.Channel && channel.accessHash
			? new Api.InputPeerChannel({ channelId: channel.id, accessHash: channel.accessHash })
			: undefined;
	}
	const user = answer.users.find((candidate) => candidate instanceof Api.User && candidate.id.equals(peer.userId));
	return user instanceof Api.User && user.accessHash
		? new Api.InputPeerUser({ userId: user.id, accessHash: user.accessHash })
		: undefined;
}
