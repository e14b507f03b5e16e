import { isTelegramMethodName } from '../telegramMethods';
import type { Fault } from '../worldFile';
import { Fields } from './fields';
import { ERROR_MESSAGE_PATTERN, INT32_MAX } from './formats';
import { childPath, describe, type Issues } from './issues';

type FaultAction = Fault['action'];

/** The fields each kind of fault takes besides method, call and action. */
const ACTION_FIELDS: Readonly<Record<FaultAction, readonly string[]>> = {
	floodWait: ['seconds'],
	drop: ['when'],
	hang: [],
	error: ['code', 'message'],
};
const ACTIONS = Object.keys(ACTION_FIELDS) as FaultAction[];
const COMMON_FIELDS = ['method', 'call', 'action'];

export function parseFaults(list: readonly unknown[] | undefined, path: string, issues: Issues): Fault[] {
	const faults: Fault[] = [];
	const planned = new Map<string, number>();
	(list ?? []).forEach((value, index) => {
		const faultPath = childPath(path, index);
		const fault = parseFault(value, faultPath, issues);
		if (fault === undefined) return;
		const key = `${fault.method.toLowerCase()}#${fault.call}`;
		const earlier = planned.get(key);
		if (earlier !== undefined) {
			issues.add(faultPath, `call ${fault.call} of ${fault.method} already has a fault (${childPath(path, earlier)}): keep one`);
			return;
		}
		planned.set(key, index);
		faults.push(fault);
	});
	return faults;
}

function parseFault(value: unknown, path: string, issues: Issues): Fault | undefined {
	const rawAction = typeof value === 'object' && value !== null && 'action' in value ? value.action : undefined;
	const action = ACTIONS.find((candidate) => candidate === rawAction);
	const allowed = action === undefined ? [...COMMON_FIELDS, ...ACTIONS.flatMap((a) => ACTION_FIELDS[a])] : [...COMMON_FIELDS, ...ACTION_FIELDS[action]];
	const fields = Fields.of(value, path, issues, allowed, 'a fault');
	if (fields === undefined) return undefined;
	const method = fields.text('method', { required: true, expect: 'a Telegram method name such as "phone.inviteToGroupCall"' });
	if (method !== undefined && !isTelegramMethodName(method)) {
		fields.problem('method', `is not a method of the Telegram API layer the sandbox speaks (got ${describe(method)}): check the spelling, e.g. "phone.inviteToGroupCall"`);
	}
	const call = fields.integer('call', { required: true, min: 1, max: INT32_MAX });
	if (action === undefined) fields.oneOf('action', ACTIONS, { required: true });
	const base = method === undefined || call === undefined ? undefined : { method, call };
	switch (action) {
		case 'floodWait': {
			const seconds = fields.integer('seconds', { required: true, min: 1, max: INT32_MAX });
			return base && seconds !== undefined ? { ...base, action, seconds } : undefined;
		}
		case 'drop': {
			const when = fields.oneOf('when', ['before', 'after'] as const, { required: true });
			return base && when !== undefined ? { ...base, action, when } : undefined;
		}
		case 'hang':
			return base && { ...base, action };
		case 'error': {
			const code = fields.integer('code', { required: true, min: -999, max: 999 });
			const message = fields.text('message', { required: true, pattern: ERROR_MESSAGE_PATTERN, expect: 'an upper-case Telegram error such as "USER_PRIVACY_RESTRICTED"' });
			return base && code !== undefined && message !== undefined ? { ...base, action, code, message } : undefined;
		}
		case undefined:
			return undefined;
	}
}
