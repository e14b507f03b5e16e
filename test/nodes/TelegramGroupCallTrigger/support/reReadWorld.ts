import type { CallHistoryPage, CallMessage, ChatRef, GroupCallHandle, GroupCallInfo, TelegramChat, TelegramError } from '../../../../nodes/TelegramGroupCall/transport';
import { memoryParticipant, telegramError } from '../../TelegramGroupCall/support/memoryGateway';
import { HistoryGateway } from './watcherRig';

/** The chats, calls and messages of the re-read tests: two chats with running calls, service messages posted meanwhile. */

export const OPS: TelegramChat = { kind: 'channel', id: '2006', title: 'Ops', username: 'ops' };
export const TEAM: TelegramChat = { kind: 'chat', id: '3007', title: 'Team' };

/** The memory gateway where reading a chat (its history, or one of its calls) fails while `unreadable` says so. */
export class FlakyGateway extends HistoryGateway {
	unreadable: (chatId: string, read: 'history' | 'call') => boolean = () => false;
	/** What a read of an unreadable chat fails with. */
	failure: () => TelegramError = () => telegramError('INTERNAL');
	/** The chat ids of the reads that failed, in order. */
	readonly failedReads: string[] = [];

	override async getCallMessages(chat: TelegramChat | ChatRef, afterMessageId: number, limit: number): Promise<CallHistoryPage> {
		this.failIfUnreadable(chat.id, 'history');
		return await super.getCallMessages(chat, afterMessageId, limit);
	}

	override async getCall(call: Pick<GroupCallHandle, 'callId' | 'accessHash'>): Promise<GroupCallInfo> {
		const chatId = this.world.call(call.callId).chatId;
		if (chatId !== undefined) this.failIfUnreadable(chatId, 'call');
		return await super.getCall(call);
	}

	private failIfUnreadable(chatId: string, read: 'history' | 'call'): void {
		if (!this.unreadable(chatId, read)) return;
		this.failedReads.push(chatId);
		throw this.failure();
	}
}

/** Ops (a channel) with a running call, people 5 and 6 in it; Team (a basic group) with a running call, person 7 in it. */
export function world(): { gateway: FlakyGateway; standup: GroupCallInfo; weekly: GroupCallInfo } {
	const gateway = new FlakyGateway();
	gateway.world.addChat('-1000000002006', OPS);
	gateway.world.addChat('-3007', TEAM);
	const standup = gateway.world.addCall(OPS, 'active', 'Standup');
	gateway.listParticipants(standup.callId, [memoryParticipant('5'), memoryParticipant('6')]);
	const weekly = gateway.world.addCall(TEAM, 'active', 'Weekly');
	gateway.listParticipants(weekly.callId, [memoryParticipant('7')]);
	return { gateway, standup, weekly };
}

/** Posts a call's service message in the chat; gives it with its id. */
export function message(gateway: HistoryGateway, chat: TelegramChat, call: GroupCallInfo, action: CallMessage['action']): CallMessage {
	const body = { date: 1_800_000_100, fromUserId: '42', call: { callId: call.callId, accessHash: call.accessHash }, action };
	const messageId = gateway.postMessage(chat, body);
	return { ...body, chat: { kind: chat.kind, id: chat.id }, messageId };
}

/** Meanwhile in the chat: someone is invited, then the call ends (the service messages and Telegram's state). */
export async function inviteThenEnd(gateway: HistoryGateway, chat: TelegramChat, call: GroupCallInfo, userId: string): Promise<{ ended: CallMessage; endedCall: GroupCallInfo }> {
	message(gateway, chat, call, { kind: 'invited', userIds: [userId] });
	const endedCall = await gateway.discardGroupCall(call);
	return { ended: message(gateway, chat, call, { kind: 'ended', duration: 60 }), endedCall };
}

export function historyReads(gateway: HistoryGateway, chat: TelegramChat): number {
	return gateway.requests('getCallMessages').filter((request) => request.args[0] === `${chat.kind}:${chat.id}`).length;
}
