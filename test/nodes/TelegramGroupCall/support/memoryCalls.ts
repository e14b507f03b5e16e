import { parseCallReference } from '../../../../nodes/TelegramGroupCall/input/parseCallReference';
import { parseChatReference } from '../../../../nodes/TelegramGroupCall/input/parseChatReference';
import type {
	CallParticipant,
	GroupCallHandle,
	GroupCallInfo,
	NewCall,
	TelegramChat,
} from '../../../../nodes/TelegramGroupCall/transport';
import { telegramError } from './memoryGateway';

type CallIds = Pick<GroupCallHandle, 'callId' | 'accessHash'>;

/** One call of the memory world: the ground truth every gateway method reads and changes. */
export interface MemoryCall {
	callId: string;
	/** Undefined for a call only given a participant list: any hash names it. */
	accessHash: string | undefined;
	/** The chat's id, when the call was put in a chat. */
	chatId: string | undefined;
	state: GroupCallInfo['state'];
	title: string | null;
	scheduledFor: number | null;
	joinMuted: boolean;
	canChangeJoinMuted: boolean;
	/** The account may manage the call (title, settings, recording, speaker links). */
	canManage: boolean;
	/** The chat's public username; null in a private chat (no call link: PUBLIC_CHANNEL_MISSING). */
	username: string | null;
	/** Grows with every reset_invite_hash; speaker links carry it. */
	inviteHash: number;
	recording: { since: number; title?: string; video: boolean; videoPortrait?: boolean } | null;
	version: number;
	/** Unix seconds the call started; null while scheduled. */
	startedAt: number | null;
	/** Ended calls: how long they lasted. */
	duration: number | null;
	/** Users in the call (what Invite Users checks). */
	participantIds: Set<string>;
	/** The entries the participant list pages through, in order (Get Participants). */
	participantList: CallParticipant[] | undefined;
}

/**
 * The calls and chats of the in-memory gateway, with Telegram's rules as the sandbox models them: creating needs
 * the right to manage calls and ends a running call; the same random_id creates once; a date outside 10 s to
 * 8 days ahead is SCHEDULE_DATE_INVALID; starting a running call is GROUPCALL_ALREADY_STARTED; ending an ended
 * one GROUPCALL_ALREADY_DISCARDED. `now` is the clock (Unix seconds), set by tests.
 */
export class MemoryCalls {
	now = 1_800_000_000;

	/** Calls created through createGroupCall, in order (the ground truth of "created once"). */
	readonly created: GroupCallInfo[] = [];

	private readonly chatsByKey = new Map<string, TelegramChat>();
	private readonly calls = new Map<string, MemoryCall>();
	/** Call references as written ("@group") → the handle resolveCall answers. */
	private readonly handlesByKey = new Map<string, GroupCallHandle>();
	/** Chat id → its latest call's id. */
	private readonly current = new Map<string, string>();
	private readonly creations = new Map<number, string>();
	private nextId = 5001;

	/** A chat found by its reference as written ("@group", "-1000000002006"); `canManageCalls` defaults to true. */
	addChat(reference: string, chat: TelegramChat): TelegramChat {
		const parsed = parseChatReference(reference);
		if (!parsed.ok) throw new Error(`Not a chat reference: ${reference}`);
		const stored = { canManageCalls: true, ...chat };
		this.chatsByKey.set(parsed.reference.key, stored);
		return stored;
	}

	/** Puts a call in the chat (as if made in Telegram before the run). */
	addCall(chat: TelegramChat, state: 'active' | 'scheduled' | 'ended', title: string | null = null): GroupCallInfo {
		const call = this.newCall(chat, { title, scheduledFor: state === 'scheduled' ? this.now + 3600 : null });
		if (state === 'ended') this.end(call);
		return this.info(call);
	}

	/** A call named by a Call reference as written ("@group", "3001:9001"), answered as `handle` by resolveCall. */
	addHandle(reference: string, handle: GroupCallHandle, participantIds: string[]): GroupCallHandle {
		const parsed = parseCallReference(reference);
		if (!parsed.ok) throw new Error(`Not a call reference: ${reference}`);
		this.handlesByKey.set(parsed.reference.key, handle);
		const call = this.calls.get(handle.callId) ?? this.blankCall(handle.callId, handle.accessHash);
		call.state = handle.state ?? 'active';
		call.title = handle.title ?? null;
		call.username = handle.chat?.username ?? null;
		call.participantIds = new Set(participantIds);
		return handle;
	}

	/** The entries the call's participant list gives, in order. */
	listParticipants(callId: string, participants: CallParticipant[]): void {
		(this.calls.get(callId) ?? this.blankCall(callId, undefined)).participantList = participants;
	}

	/** The call now (ground truth); change it to set up a world. */
	call(callId: string): MemoryCall {
		const call = this.calls.get(callId);
		if (!call) throw new Error(`no call ${callId} in the memory world`);
		return call;
	}

	chats(): TelegramChat[] {
		return [...this.chatsByKey.values()];
	}

	handle(key: string): GroupCallHandle | undefined {
		return this.handlesByKey.get(key);
	}

	chat(key: string): TelegramChat | undefined {
		return this.chatsByKey.get(key);
	}

	/** The chat's call unless it ended. */
	currentCall(chat: TelegramChat): MemoryCall | undefined {
		const id = this.current.get(chat.id);
		const call = id === undefined ? undefined : this.calls.get(id);
		return call === undefined || call.state === 'ended' ? undefined : call;
	}

	/** The call a request names: GROUPCALL_INVALID for an unknown call or a wrong access hash. */
	lookup(ids: CallIds): MemoryCall {
		const call = this.calls.get(ids.callId);
		if (call === undefined || (call.accessHash !== undefined && call.accessHash !== ids.accessHash)) throw telegramError('GROUPCALL_INVALID');
		return call;
	}

	/** The call as Telegram describes it, named by `ids` (a handle's hash stands for a call without one). */
	info(call: MemoryCall, ids?: CallIds): GroupCallInfo {
		return {
			callId: call.callId,
			accessHash: call.accessHash ?? ids?.accessHash ?? '',
			state: call.state,
			title: call.title,
			participantsCount: call.participantList?.length ?? call.participantIds.size,
			scheduledFor: call.scheduledFor,
			recordingSince: call.recording?.since ?? null,
			joinMuted: call.joinMuted,
			canChangeJoinMuted: call.canChangeJoinMuted,
			listenersHidden: false,
			duration: call.duration,
			version: call.version,
		};
	}

	create(request: NewCall): GroupCallInfo {
		if (request.chat.canManageCalls !== true) throw telegramError('CHAT_ADMIN_REQUIRED');
		const earlier = this.creations.get(request.randomId);
		if (earlier !== undefined) return this.info(this.call(earlier));
		const date = request.scheduleDate;
		if (date !== undefined && (date < this.now + 10 || date > this.now + 8 * 24 * 3600)) throw telegramError('SCHEDULE_DATE_INVALID');
		const running = this.currentCall(request.chat);
		if (running !== undefined) this.end(running);
		const info = this.info(this.newCall(request.chat, { title: request.title ?? null, scheduledFor: date ?? null }));
		this.creations.set(request.randomId, info.callId);
		this.created.push({ ...info });
		return info;
	}

	start(ids: CallIds): GroupCallInfo {
		const call = this.lookup(ids);
		if (call.state === 'ended') throw telegramError('GROUPCALL_FORBIDDEN');
		if (call.state === 'active') throw telegramError('GROUPCALL_ALREADY_STARTED', { httpCode: 403 });
		Object.assign(call, { state: 'active', scheduledFor: null, version: call.version + 1, startedAt: this.now });
		return this.info(call, ids);
	}

	discard(ids: CallIds): GroupCallInfo {
		const call = this.lookup(ids);
		if (call.state === 'ended') throw telegramError('GROUPCALL_ALREADY_DISCARDED');
		this.end(call);
		return this.info(call, ids);
	}

	private end(call: MemoryCall): void {
		const duration = call.startedAt === null ? 0 : this.now - call.startedAt;
		Object.assign(call, { state: 'ended', title: null, scheduledFor: null, duration, version: 0, participantList: [] });
		call.participantIds.clear();
	}

	private newCall(chat: TelegramChat, fields: { title: string | null; scheduledFor: number | null }): MemoryCall {
		const callId = String(this.nextId++);
		const call = this.blankCall(callId, `${callId}99`);
		Object.assign(call, {
			chatId: chat.id,
			state: fields.scheduledFor === null ? 'active' : 'scheduled',
			title: fields.title,
			scheduledFor: fields.scheduledFor,
			canChangeJoinMuted: chat.canManageCalls === true,
			canManage: chat.canManageCalls === true,
			username: chat.username ?? null,
			startedAt: fields.scheduledFor === null ? this.now : null,
		});
		this.current.set(chat.id, callId);
		return call;
	}

	private blankCall(callId: string, accessHash: string | undefined): MemoryCall {
		const call: MemoryCall = {
			callId,
			accessHash,
			chatId: undefined,
			state: 'active',
			title: null,
			scheduledFor: null,
			joinMuted: false,
			canChangeJoinMuted: true,
			canManage: true,
			username: null,
			inviteHash: 1,
			recording: null,
			version: 1,
			startedAt: null,
			duration: null,
			participantIds: new Set(),
			participantList: undefined,
		};
		this.calls.set(callId, call);
		return call;
	}
}
