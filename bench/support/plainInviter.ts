import bigInt from 'big-integer';
import { Api, type TelegramClient } from 'telegram';

/** Telegram's page size limit for channels.getParticipants (the node uses the same). */
const MEMBERS_PAGE = 200;

export interface PlainOutcome {
	invited: number;
	failed: number;
}

/**
 * The baseline the node is compared with: what a hand-written GramJS script does for the same job, with the
 * same requests the node sends for numeric ids — find the chat by username, take its current call from the full
 * channel, page through the members for the access hashes, then one phone.inviteToGroupCall per user.
 * No result records, no per-user checks, no timeouts: only what the job needs.
 */
export async function plainInvite(client: TelegramClient, chatUsername: string, userIds: readonly string[]): Promise<PlainOutcome> {
	const resolved = await client.invoke(new Api.contacts.ResolveUsername({ username: chatUsername }));
	const channel = resolved.chats.find((chat): chat is Api.Channel => chat instanceof Api.Channel);
	if (!channel?.accessHash) throw new Error(`@${chatUsername} is not a channel`);
	const inputChannel = new Api.InputChannel({ channelId: channel.id, accessHash: channel.accessHash });
	const full = await client.invoke(new Api.channels.GetFullChannel({ channel: inputChannel }));
	const call = full.fullChat.call;
	if (!call) throw new Error(`@${chatUsername} has no call`);
	const hashes = await memberAccessHashes(client, inputChannel);
	const outcome: PlainOutcome = { invited: 0, failed: 0 };
	for (const id of userIds) {
		const accessHash = hashes.get(id);
		if (accessHash === undefined) {
			outcome.failed++;
			continue;
		}
		try {
			await client.invoke(new Api.phone.InviteToGroupCall({ call, users: [new Api.InputUser({ userId: bigInt(id), accessHash })] }));
			outcome.invited++;
		} catch {
			outcome.failed++;
		}
	}
	return outcome;
}

/** Member id (decimal string) → access hash, all pages. */
async function memberAccessHashes(client: TelegramClient, channel: Api.InputChannel): Promise<Map<string, bigInt.BigInteger>> {
	const hashes = new Map<string, bigInt.BigInteger>();
	let offset = 0;
	for (;;) {
		const page = await client.invoke(
			new Api.channels.GetParticipants({ channel, filter: new Api.ChannelParticipantsRecent(), offset, limit: MEMBERS_PAGE, hash: bigInt.zero }),
		);
		if (!(page instanceof Api.channels.ChannelParticipants)) break;
		for (const user of page.users) {
			if (user instanceof Api.User && user.accessHash) hashes.set(user.id.toString(), user.accessHash);
		}
		offset += page.participants.length;
		if (page.participants.length === 0 || offset >= page.count) break;
	}
	return hashes;
}
