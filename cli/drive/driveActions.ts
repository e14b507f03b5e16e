import { parseArgs } from 'node:util';

import { DriveError, type Sandbox } from '../../sandbox';
import { parseArgsMistake } from '../usage';

/** A drive command a person typed wrong: the sentence says which word and what to type instead. */
export class DriveUsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DriveUsageError';
	}
}

export const DRIVE_ACTIONS_HELP = `Actions (ids are the world's decimal ids; "calls" lists them):
  calls                                      the chats, their calls and who is in them
  join CALL_ID USER_ID…                      users join the running call (no update is pushed, as in Telegram)
  leave CALL_ID USER_ID…                     users leave it
  schedule CHAT_ID --at WHEN [--title T]     an admin schedules a call; WHEN is ISO 8601 or +SECONDS from now
  start CHAT_ID [--title T]                  an admin starts the chat's scheduled call, or a new one
  rename CALL_ID TITLE                       an admin renames the call
  record CALL_ID start|stop                  an admin starts or stops recording
  invite CALL_ID USER_ID…                    an admin invites users (the chat gets the service message)
  end CALL_ID                                an admin ends the call (or cancels a scheduled one)
  migrate CHAT_ID                            Telegram upgrades the basic group to a new supergroup
  drop                                       the sandbox drops every connection (clients reconnect)
Admin actions take --by USER_ID (a member of the chat); default: its first member who is not the account.
`;

interface Words {
	positionals: string[];
	by?: string;
	title?: string;
	at?: string;
}

/**
 * Runs one drive command given as words (`["join", "3001", "1002"]`) against the sandbox and answers what
 * changed, as JSON-ready data. Throws DriveUsageError for words that do not make a command, and the sandbox's
 * DriveError for a command the world refuses (no such call, user not in it, ...).
 */
export function runDriveWords(sandbox: Sandbox, words: readonly string[]): unknown {
	const [action, ...rest] = words;
	const drive = sandbox.drive;
	switch (action) {
		case 'calls':
			return noArguments(action, rest, () => listCalls(sandbox));
		case 'join':
		case 'leave': {
			const { positionals } = read(action, rest, []);
			const [callId, ...userIds] = positionals;
			if (callId === undefined || userIds.length === 0) throw usage(`${action} needs a call id and at least one user id`);
			const done: unknown[] = [];
			for (const userId of userIds) {
				try {
					done.push(action === 'join' ? drive.userJoins(callId, userId) : drive.userLeaves(callId, userId));
				} catch (error) {
					// Earlier users of the same command did join (leave): say so, so nobody is lost.
					if (!(error instanceof DriveError) || done.length === 0) throw error;
					throw new DriveError(`${error.message} (${userIds.slice(0, done.length).join(', ')} did ${action} before it)`);
				}
			}
			return done;
		}
		case 'schedule': {
			const words = read(action, rest, ['by', 'title', 'at']);
			const chatId = only(action, words.positionals, 'a chat id');
			if (words.at === undefined) throw usage('schedule needs --at WHEN (ISO 8601, e.g. 2030-01-31T18:00:00Z, or +SECONDS from now)');
			return drive.adminSchedules(chatId, { date: unixTime(words.at), ...acting(words), ...titled(words) });
		}
		case 'start': {
			const words = read(action, rest, ['by', 'title']);
			return drive.adminStarts(only(action, words.positionals, 'a chat id'), { ...acting(words), ...titled(words) });
		}
		case 'rename': {
			const words = read(action, rest, ['by']);
			const [callId, ...title] = words.positionals;
			if (callId === undefined || title.length === 0) throw usage('rename needs a call id and the new title');
			return drive.adminRenames(callId, title.join(' '), acting(words));
		}
		case 'record': {
			const words = read(action, rest, ['by', 'title']);
			const [callId, what, ...extra] = words.positionals;
			if (callId === undefined || (what !== 'start' && what !== 'stop') || extra.length > 0) throw usage('record needs a call id and then start or stop');
			return drive.adminRecords(callId, what, { ...acting(words), ...titled(words) });
		}
		case 'invite': {
			const words = read(action, rest, ['by']);
			const [callId, ...userIds] = words.positionals;
			if (callId === undefined || userIds.length === 0) throw usage('invite needs a call id and at least one user id');
			return drive.adminInvites(callId, userIds, acting(words));
		}
		case 'end': {
			const words = read(action, rest, ['by']);
			return drive.adminEnds(only(action, words.positionals, 'a call id'), acting(words));
		}
		case 'migrate': {
			const words = read(action, rest, ['by']);
			return drive.migrateGroup(only(action, words.positionals, 'a chat id'), acting(words));
		}
		case 'drop':
			return noArguments(action, rest, () => ({ droppedConnections: drive.dropConnections() }));
		case undefined:
			throw usage('give an action: calls, join, leave, schedule, start, rename, record, invite, end, migrate or drop');
		default:
			throw usage(`unknown action "${action}"; the actions are calls, join, leave, schedule, start, rename, record, invite, end, migrate and drop`);
	}
}

function listCalls(sandbox: Sandbox): unknown[] {
	return sandbox.world.chats().map((chat) => {
		const call = sandbox.world.callOfChat(chat.id);
		return {
			chatId: chat.id,
			chatTitle: chat.title,
			members: chat.members,
			call:
				call === undefined
					? null
					: { callId: call.id, state: call.state, title: call.call.title ?? null, participants: [...call.call.participants] },
		};
	});
}

function read(action: string, args: string[], allowed: ReadonlyArray<'by' | 'title' | 'at'>): Words {
	let parsed;
	try {
		parsed = parseArgs({
			args,
			options: { by: { type: 'string' }, title: { type: 'string' }, at: { type: 'string' } },
			allowPositionals: true,
			strict: true,
		});
	} catch (error) {
		throw usage(`${action}: ${parseArgsMistake(error)}`);
	}
	for (const name of ['by', 'title', 'at'] as const) {
		if (parsed.values[name] !== undefined && !allowed.includes(name)) throw usage(`${action} takes no --${name}`);
	}
	return { positionals: parsed.positionals, ...parsed.values };
}

function only(action: string, positionals: string[], what: string): string {
	if (positionals.length !== 1) throw usage(`${action} needs exactly ${what} (got ${positionals.length} words)`);
	return positionals[0];
}

function noArguments(action: string, rest: string[], run: () => unknown): unknown {
	if (rest.length > 0) throw usage(`${action} takes no arguments (got "${rest.join(' ')}")`);
	return run();
}

const acting = (words: Words): { by?: string } => (words.by === undefined ? {} : { by: words.by });
const titled = (words: Words): { title?: string } => (words.title === undefined ? {} : { title: words.title });

/** ISO 8601 with a time zone, or "+SECONDS" from now; answers Unix seconds. */
function unixTime(when: string): number {
	const relative = /^\+(\d{1,9})$/.exec(when.trim());
	if (relative !== null) return Math.floor(Date.now() / 1000) + Number(relative[1]);
	const millis = /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(when.trim()) ? Date.parse(when) : NaN;
	if (Number.isNaN(millis)) throw usage(`--at "${when}" is not a date: give ISO 8601 with a time zone (2030-01-31T18:00:00Z) or +SECONDS from now`);
	return Math.floor(millis / 1000);
}

const usage = (sentence: string): DriveUsageError => new DriveUsageError(sentence);
