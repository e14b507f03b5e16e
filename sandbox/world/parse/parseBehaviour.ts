import type { BatchMode, ResolveUsernameLimit, WorldBehaviour } from '../worldFile';
import { Fields } from './fields';
import { INT32_MAX } from './formats';
import type { Issues } from './issues';
import { parseFaults } from './parseFaults';

export const BEHAVIOUR_FIELDS = [
	'batch',
	'maxUsersPerInvite',
	'latencyMs',
	'peerFloodAfterInvites',
	'resolveUsernameLimit',
	'authKeyDuplicated',
	'faults',
];
const LIMIT_FIELDS = ['requests', 'windowSeconds'];
const BATCH_MODES: readonly BatchMode[] = ['atomic', 'partial', 'lenient'];

export function defaultBehaviour(): WorldBehaviour {
	return { batch: 'atomic', maxUsersPerInvite: 10, latencyMs: 0, faults: [] };
}

/** `behaviour` is optional as a whole and field by field; absent fields take the defaults above. */
export function parseBehaviour(value: unknown, issues: Issues, path = 'behaviour'): WorldBehaviour | undefined {
	const defaults = defaultBehaviour();
	if (value === undefined) return defaults;
	const fields = Fields.of(value, path, issues, BEHAVIOUR_FIELDS, 'the sandbox behaviour settings');
	if (fields === undefined) return undefined;
	const behaviour: WorldBehaviour = {
		batch: fields.oneOf('batch', BATCH_MODES) ?? defaults.batch,
		maxUsersPerInvite: fields.integer('maxUsersPerInvite', { min: 1, max: 10_000 }) ?? defaults.maxUsersPerInvite,
		latencyMs: fields.integer('latencyMs', { min: 0, max: 600_000 }) ?? defaults.latencyMs,
		faults: parseFaults(fields.array('faults'), fields.at('faults'), issues),
	};
	const peerFloodAfterInvites = fields.integer('peerFloodAfterInvites', { min: 0, max: INT32_MAX });
	if (peerFloodAfterInvites !== undefined) behaviour.peerFloodAfterInvites = peerFloodAfterInvites;
	if (fields.flag('authKeyDuplicated') === true) behaviour.authKeyDuplicated = true;
	const limit = fields.raw('resolveUsernameLimit');
	if (limit !== undefined) {
		const parsed = parseLimit(limit, fields.at('resolveUsernameLimit'), issues);
		if (parsed !== undefined) behaviour.resolveUsernameLimit = parsed;
	}
	return behaviour;
}

function parseLimit(value: unknown, path: string, issues: Issues): ResolveUsernameLimit | undefined {
	const fields = Fields.of(value, path, issues, LIMIT_FIELDS, 'a request limit ({ "requests": 50, "windowSeconds": 86400 })');
	if (fields === undefined) return undefined;
	const requests = fields.integer('requests', { min: 1, max: INT32_MAX, required: true });
	const windowSeconds = fields.integer('windowSeconds', { min: 1, max: 31_536_000, required: true });
	return requests === undefined || windowSeconds === undefined ? undefined : { requests, windowSeconds };
}
