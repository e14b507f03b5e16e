import { parseChatReference } from '../../../../nodes/TelegramGroupCall/input/parseChatReference';
import type { ChatReference, GroupCallHandle, GroupCallInfo, NewCall, TelegramChat } from '../../../../nodes/TelegramGroupCall/transport';
import { telegramError } from './memoryGateway';

type CallIds = Pick<GroupCallHandle, 'callId' | 'accessHash'>;

interface MemoryCall {
	info: GroupCallInfo;
	chatId: string;
	startedAt: number | null;
}

/**
 * The call lifecycle of the in-memory gateway, with Telegram's rules as the sandbox models them: creating needs
 * the right to manage calls and ends a running call; the same random_id creates once; a date outside 10 s to
 * 8 days ahead is SCHEDULE_DATE_INVALID; starting a running call is GROUPCALL_ALREADY_STARTED; ending an ended
 * one GROUPCALL_ALREADY_DISCARDED. `now` is the clock (Unix seconds), set by tests.
 */
export class MemoryCalls {
	now = 1_800_000_000;

	private readonly chatsByKey = new Map<string, TelegramChat>();
	private readonly calls = new Map<string, MemoryCall>();
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
		const info = this.newCall(chat, { title, scheduledFor: state === 'scheduled' ? this.now + 3600 : null });
		const call = this.calls.get(info.callId) as MemoryCall;
		if (state === 'ended') this.end(call);
		return call.info;
	}

	/** Calls created through createGroupCall, in order (the ground truth of "created once"). */
	readonly created: GroupCallInfo[] = [];

	chats(): TelegramChat[] {
		return [...this.chatsByKey.values()];
	}

	resolveChat(reference: ChatReference): TelegramChat {
		const chat = this.chatsByKey.get(reference.key);
		if (!chat) throw telegramError('CHAT_NOT_FOUND', { httpCode: null });
		return chat;
	}

	callOfChat(chat: TelegramChat): GroupCallInfo | undefined {
		const id = this.current.get(chat.id);
		const call = id === undefined ? undefined : this.calls.get(id);
		return call === undefined || call.info.state === 'ended' ? undefined : { ...call.info };
	}

	callInfo(ids: CallIds): GroupCallInfo {
		return { ...this.lookup(ids).info };
	}

	create(request: NewCall): GroupCallInfo {
		if (request.chat.canManageCalls !== true) throw telegramError('CHAT_ADMIN_REQUIRED');
		const earlier = this.creations.get(request.randomId);
		if (earlier !== undefined) return { ...(this.calls.get(earlier) as MemoryCall).info };
		const date = request.scheduleDate;
		if (date !== undefined && (date < this.now + 10 || date > this.now + 8 * 24 * 3600)) throw telegramError('SCHEDULE_DATE_INVALID');
		const running = this.current.get(request.chat.id);
		if (running !== undefined) this.end(this.calls.get(running) as MemoryCall);
		const info = this.newCall(request.chat, { title: request.title ?? null, scheduledFor: date ?? null });
		this.creations.set(request.randomId, info.callId);
		this.created.push({ ...info });
		return { ...info };
	}

	start(ids: CallIds): GroupCallInfo {
		const call = this.lookup(ids);
		if (call.info.state === 'ended') throw telegramError('GROUPCALL_FORBIDDEN');
		if (call.info.state === 'active') throw telegramError('GROUPCALL_ALREADY_STARTED', { httpCode: 403 });
		call.info = { ...call.info, state: 'active', scheduledFor: null, version: call.info.version + 1 };
		call.startedAt = this.now;
		return { ...call.info };
	}

	discard(ids: CallIds): GroupCallInfo {
		const call = this.lookup(ids);
		if (call.info.state === 'ended') throw telegramError('GROUPCALL_ALREADY_DISCARDED');
		this.end(call);
		return { ...call.info };
	}

	private lookup(ids: CallIds): MemoryCall {
		const call = this.calls.get(ids.callId);
		if (call === undefined || call.info.accessHash !== ids.accessHash) throw telegramError('GROUPCALL_INVALID');
		return call;
	}

	private end(call: MemoryCall): void {
		const duration = call.startedAt === null ? 0 : this.now - call.startedAt;
		call.info = { ...call.info, state: 'ended', title: null, participantsCount: 0, scheduledFor: null, duration, version: 0 };
	}

	private newCall(chat: TelegramChat, fields: { title: string | null; scheduledFor: number | null }): GroupCallInfo {
		const callId = String(this.nextId++);
		const info: GroupCallInfo = {
			callId,
			accessHash: `${callId}99`,
			state: fields.scheduledFor === null ? 'active' : 'scheduled',
			title: fields.title,
			participantsCount: 0,
			scheduledFor: fields.scheduledFor,
			recordingSince: null,
			joinMuted: false,
			canChangeJoinMuted: chat.canManageCalls === true,
			listenersHidden: false,
			duration: null,
			version: 1,
		};
		this.calls.set(callId, { info, chatId: chat.id, startedAt: fields.scheduledFor === null ? this.now : null });
		this.current.set(chat.id, callId);
		return info;
	}
}
