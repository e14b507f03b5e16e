/** Telegram's username rule: a letter first, then letters, digits or underscores; 4 to 32 characters in all. */
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;

export function isUsername(value: string): boolean {
	return USERNAME.test(value);
}

export type CallLinkType = 'videochat' | 'voicechat' | 'livestream';

const CALL_LINK_TYPES: readonly CallLinkType[] = ['videochat', 'voicechat', 'livestream'];

export type TelegramLink =
	/** t.me/<name>, optionally a call link t.me/<name>?videochat[=hash] */
	| { kind: 'username'; username: string; callLink?: { type: CallLinkType; hash?: string } }
	/** tg://user?id=<id> */
	| { kind: 'userId'; userId: string }
	/** t.me/c/<channel id>/… : a private supergroup or channel, by id */
	| { kind: 'privateChannel'; channelId: string }
	/** t.me/+hash, t.me/joinchat/hash: joining is needed first, which this node does not do */
	| { kind: 'invite' }
	| { kind: 'unsupported'; reason: string };

const WEB_LINK = /^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.(?:me|dog)\/(.*)$/i;

/** Returns undefined when the text is not a Telegram link at all. */
export function parseTelegramLink(text: string): TelegramLink | undefined {
	const web = WEB_LINK.exec(text);
	if (web) return parseWebPath(web[1]);
	if (/^tg:\/\//i.test(text)) return parseTgUrl(text);
	return undefined;
}

function parseWebPath(rest: string): TelegramLink {
	const [pathPart, query = ''] = splitOnce(rest, '?');
	const segments = pathPart.split('/').filter((segment) => segment.length > 0);
	const first = segments[0] ?? '';
	if (first.startsWith('+') || first.toLowerCase() === 'joinchat') return { kind: 'invite' };
	if (first.toLowerCase() === 'c') {
		const channelId = segments[1] ?? '';
		return /^\d+$/.test(channelId)
			? { kind: 'privateChannel', channelId: BigInt(channelId).toString() }
			: { kind: 'unsupported', reason: 'a t.me/c/ link needs the numeric chat id after /c/' };
	}
	const name = first.startsWith('@') ? first.slice(1) : first;
	if (!isUsername(name)) return { kind: 'unsupported', reason: 'the link does not contain a valid username' };
	return withCallLink(name.toLowerCase(), new URLSearchParams(query));
}

function parseTgUrl(text: string): TelegramLink {
	const [head, query = ''] = splitOnce(text.replace(/^tg:\/\//i, ''), '?');
	const params = new URLSearchParams(query);
	const action = head.replace(/\/$/, '').toLowerCase();
	if (action === 'user') {
		const id = params.get('id') ?? '';
		return /^\d+$/.test(id)
			? { kind: 'userId', userId: BigInt(id).toString() }
			: { kind: 'unsupported', reason: 'tg://user needs a numeric id' };
	}
	if (action === 'resolve') {
		const domain = params.get('domain') ?? '';
		if (!isUsername(domain)) return { kind: 'unsupported', reason: 'tg://resolve needs a valid domain' };
		return withCallLink(domain.toLowerCase(), params);
	}
	if (action === 'join') return { kind: 'invite' };
	return { kind: 'unsupported', reason: `tg://${action} links are not supported` };
}

function withCallLink(username: string, params: URLSearchParams): TelegramLink {
	for (const type of CALL_LINK_TYPES) {
		if (params.has(type)) {
			const hash = params.get(type) ?? '';
			return { kind: 'username', username, callLink: hash ? { type, hash } : { type } };
		}
	}
	return { kind: 'username', username };
}

function splitOnce(text: string, separator: string): [string, string?] {
	const at = text.indexOf(separator);
	return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
