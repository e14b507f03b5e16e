import type { IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';

import { botApiChatId } from '../../../input/parseCallReference';
import type { TelegramChat, TelegramGateway } from '../../../transport';

/**
 * The sentence that tells the user a chat they named was upgraded: the node acted on the supergroup, and the
 * workflow should name it from now on (the old group keeps working only while Telegram keeps pointing to it).
 */
export function upgradeNotice(supergroup: TelegramChat & { migratedFrom: string }): string {
	const from = botApiChatId('chat', supergroup.migratedFrom);
	const to = botApiChatId('channel', supergroup.id);
	return `Telegram upgraded the group ${from} to a supergroup: this node used the supergroup ${to} ("${supergroup.title}"). Change the chat to ${to}, or pick it From List.`;
}

/** The old group's Bot API id for the output's `chat.migratedFrom`, or nothing when no upgrade was followed. */
export function migratedFromJson(chat: TelegramChat): { migratedFrom?: string } {
	return chat.migratedFrom === undefined ? {} : { migratedFrom: botApiChatId('chat', chat.migratedFrom) };
}

/** Shows one execution hint per upgrade the gateway followed in this execution (n8n shows it above the output). */
export function addUpgradeHints(context: IExecuteFunctions, gateway: TelegramGateway | undefined): void {
	const hints: NodeExecutionHint[] = (gateway?.followedUpgrades() ?? []).flatMap((chat) =>
		chat.migratedFrom === undefined ? [] : [{ message: upgradeNotice({ ...chat, migratedFrom: chat.migratedFrom }), type: 'warning', location: 'outputPane' }],
	);
	if (hints.length > 0) context.addExecutionHints(...hints);
}
