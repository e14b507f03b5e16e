/** What a service message says; converted to a TL `MessageAction` by sandbox/methods. */
export type ServiceAction =
	| { readonly kind: 'chatCreate' }
	| { readonly kind: 'groupCall'; readonly callId: string; readonly duration?: number }
	| { readonly kind: 'groupCallScheduled'; readonly callId: string; readonly scheduleDate: number }
	| { readonly kind: 'inviteToGroupCall'; readonly callId: string; readonly userIds: readonly string[] }
	/** In a basic group that was upgraded: the supergroup it became. */
	| { readonly kind: 'chatMigrateTo'; readonly channelId: string }
	/** The first message of a supergroup made from a basic group. */
	| { readonly kind: 'channelMigrateFrom'; readonly chatId: string; readonly title: string };

export interface ServiceMessage {
	readonly id: number;
	readonly chatId: string;
	readonly fromId: string;
	/** Unix seconds. */
	readonly date: number;
	readonly action: ServiceAction;
}

export interface PostedMessage {
	readonly message: ServiceMessage;
	/** The box's pts after this message (pts_count is 1). */
	readonly pts: number;
}

interface Box {
	lastMessageId: number;
	pts: number;
}

/**
 * Message numbering as in Telegram: each channel or supergroup has its own box (message ids and pts),
 * while basic groups share the account's common box. Ids and pts only ever grow, so clients see
 * service messages in order.
 */
export class MessageBoxes {
	private readonly common: Box = { lastMessageId: 0, pts: 0 };
	private readonly channels = new Map<string, Box>();
	private readonly history = new Map<string, ServiceMessage[]>();
	private seqValue = 0;

	post(chatId: string, inChannelBox: boolean, fromId: string, date: number, action: ServiceAction): PostedMessage {
		const box = inChannelBox ? this.channelBox(chatId) : this.common;
		box.lastMessageId += 1;
		box.pts += 1;
		const message: ServiceMessage = { id: box.lastMessageId, chatId, fromId, date, action };
		const chatHistory = this.history.get(chatId);
		if (chatHistory === undefined) this.history.set(chatId, [message]);
		else chatHistory.push(message);
		return { message, pts: box.pts };
	}

	lastMessage(chatId: string): ServiceMessage | undefined {
		const chatHistory = this.history.get(chatId);
		return chatHistory?.[chatHistory.length - 1];
	}

	/** The chat's messages, oldest first (a copy). */
	messages(chatId: string): ServiceMessage[] {
		return [...(this.history.get(chatId) ?? [])];
	}

	commonPts(): number {
		return this.common.pts;
	}

	channelPts(chatId: string): number {
		return this.channelBox(chatId).pts;
	}

	/** The account's update sequence number: advanced for each Updates carrying common-box updates. */
	get seq(): number {
		return this.seqValue;
	}

	nextSeq(): number {
		this.seqValue += 1;
		return this.seqValue;
	}

	private channelBox(chatId: string): Box {
		let box = this.channels.get(chatId);
		if (box === undefined) {
			box = { lastMessageId: 0, pts: 0 };
			this.channels.set(chatId, box);
		}
		return box;
	}
}
