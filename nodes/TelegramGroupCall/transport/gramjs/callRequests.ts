import bigInt from 'big-integer';
import { Api } from 'telegram';

import { TelegramError } from '../telegramError';
import type { GroupCallHandle, GroupCallInfo, NewCall, TelegramChat } from '../types';
import { groupCallFrom, toGroupCallInfo, toInputGroupCall } from './convert';

type CallIds = Pick<GroupCallHandle, 'callId' | 'accessHash'>;

/** Sends one request over the gateway's connection, with its cancellation and deadlines. */
export type Invoke = <R extends Api.AnyRequest>(request: R) => Promise<R['__response']>;

/** phone.getGroupCall without participants: the call as it is now, ended calls included. */
export async function readGroupCall(invoke: Invoke, call: Api.InputGroupCall): Promise<GroupCallInfo> {
	const answer = await invoke(new Api.phone.GetGroupCall({ call, limit: 0 }));
	return toGroupCallInfo(answer.call);
}

/**
 * The requests that read or change one call's lifecycle (create, start, end, read). Their answers are
 * `updates` carrying updateGroupCall; an answer without one (Telegram does not promise it) is followed by
 * phone.getGroupCall, so the caller always gets the call as it is now.
 */
export class CallRequests {
	constructor(private readonly invoke: Invoke) {}

	/** Undefined when the answer does not say which call was created (the caller then reads the chat). */
	async create(call: NewCall): Promise<GroupCallInfo | undefined> {
		const updates = await this.invoke(
			new Api.phone.CreateGroupCall({
				peer: toInputPeer(call.chat),
				randomId: call.randomId,
				...(call.title === undefined ? {} : { title: call.title }),
				...(call.scheduleDate === undefined ? {} : { scheduleDate: call.scheduleDate }),
			}),
		);
		return groupCallFrom(updates, undefined);
	}

	async startScheduled(call: CallIds): Promise<GroupCallInfo> {
		const updates = await this.invoke(new Api.phone.StartScheduledGroupCall({ call: toInputGroupCall(call) }));
		return groupCallFrom(updates, call.callId) ?? (await readGroupCall(this.invoke, toInputGroupCall(call)));
	}

	async discard(call: CallIds): Promise<GroupCallInfo> {
		const updates = await this.invoke(new Api.phone.DiscardGroupCall({ call: toInputGroupCall(call) }));
		return groupCallFrom(updates, call.callId) ?? (await readGroupCall(this.invoke, toInputGroupCall(call)));
	}
}

export function toInputPeer(chat: TelegramChat): Api.TypeInputPeer {
	if (chat.kind === 'chat') return new Api.InputPeerChat({ chatId: bigInt(chat.id) });
	if (chat.accessHash === undefined) {
		throw new TelegramError({ code: 'CHAT_NOT_FOUND', httpCode: null, method: 'phone.CreateGroupCall' });
	}
	return new Api.InputPeerChannel({ channelId: bigInt(chat.id), accessHash: bigInt(chat.accessHash) });
}
