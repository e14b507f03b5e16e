// docs/trigger.md is the trigger's reference: every event, parameter and item field must be explained there.
// Read from the node's own description and item builder, so a new event, parameter or field that is not
// documented fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { eventItem } from '../../nodes/TelegramGroupCallTrigger/activation/eventItem';
import { triggerProperties } from '../../nodes/TelegramGroupCallTrigger/description/properties';
import { TRIGGER_EVENTS } from '../../nodes/TelegramGroupCallTrigger/watcher/events';

const reference = readFileSync(join(__dirname, '..', '..', 'docs', 'trigger.md'), 'utf8');
const mentions = (word: string): boolean => new RegExp(`(^|[^A-Za-z0-9_])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`).test(reference);

function displayNames(properties: readonly INodeProperties[]): string[] {
	return properties.flatMap((property) => [
		property.displayName,
		...(property.options ?? []).flatMap((option) => ('values' in option ? displayNames(option.values) : 'type' in option ? displayNames([option as INodeProperties]) : [option.name])),
	]);
}

function fieldPaths(json: IDataObject, prefix = ''): string[] {
	return Object.entries(json).flatMap(([key, value]) => {
		const nested = value !== null && typeof value === 'object' && !Array.isArray(value) ? fieldPaths(value as IDataObject, `${key}.`) : [];
		return [`${prefix}${key}`, ...nested];
	});
}

describe('docs/trigger.md, the trigger reference', () => {
	it('names every event, by value and by its name in the editor', () => {
		const missing = TRIGGER_EVENTS.filter((event) => !mentions(event));
		assert.deepEqual(missing, []);
		const names = displayNames(triggerProperties).filter((name) => !reference.includes(name));
		assert.deepEqual(names, [], 'parameters, options and event names the reference does not mention');
	});

	it('explains every field of every event\'s item', () => {
		const peer = { id: '5', kind: 'user' as const, username: 'ann', firstName: 'Ann', lastName: null, title: null, joinedAt: 1_800_000_000 };
		const call = { id: '7', accessHash: '799', phase: 'active' as const, title: 'T', recording: false, version: 1, participantsCount: 1, scheduledFor: null, startedAt: 1 };
		const missing = new Set<string>();
		for (const event of TRIGGER_EVENTS) {
			const item = eventItem({ event, at: 1_800_000_000, chat: { kind: 'channel', id: '1', title: 'C', username: null }, call, peer, duration: 1, previousTitle: 'S', invitedUserIds: ['5'], inviterId: '6', timeInCall: 3 });
			for (const path of fieldPaths(item)) if (!mentions(path.split('.').at(-1) as string)) missing.add(path);
		}
		assert.deepEqual([...missing], []);
	});
});
