/**
 * Reading the sandbox's request log: the parameters of a logged request are JSON (tlToJson), with 64-bit ids
 * as decimal strings. One reader for the in-process runs (actions/sandboxInviteRun.ts) and the engine runs.
 */
import type { RequestLogEntry } from '../../../../sandbox';
import type { JsonValue } from '../../../../sandbox/protocol/tlToJson';

export const INVITE_METHOD = 'phone.inviteToGroupCall';

function isRecord(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The user ids an invite request carried, as the sandbox logged them. */
export function invitedIdsOf(entry: RequestLogEntry): string[] {
	const params = entry.params;
	if (!isRecord(params) || !Array.isArray(params.users)) throw new Error(`not an invite request: ${JSON.stringify(params)}`);
	return params.users.map((user) => {
		if (!isRecord(user) || typeof user.userId !== 'string') throw new Error(`unexpected InputUser in the log: ${JSON.stringify(user)}`);
		return user.userId;
	});
}

/** The call id an invite request named. */
export function callIdOf(entry: RequestLogEntry): string {
	const params = entry.params;
	if (!isRecord(params) || !isRecord(params.call) || typeof params.call.id !== 'string') {
		throw new Error(`not an invite request: ${JSON.stringify(params)}`);
	}
	return params.call.id;
}

/** A string parameter of a request, e.g. the username contacts.resolveUsername was asked for. */
export function stringParamOf(entry: RequestLogEntry, name: string): string {
	const params = entry.params;
	const value = isRecord(params) ? params[name] : undefined;
	if (typeof value !== 'string') throw new Error(`${entry.method} without ${name}: ${JSON.stringify(params)}`);
	return value;
}
