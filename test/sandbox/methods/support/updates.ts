import assert from 'node:assert/strict';

import { Api } from 'telegram';

import { ids } from './tl';

/** The messageService a successful invite answer carries, with the update that delivered it. */
export function serviceMessageOf(updates: Api.TypeUpdates): {
	update: Api.UpdateNewChannelMessage | Api.UpdateNewMessage;
	message: Api.MessageService;
} {
	assert.ok(updates instanceof Api.Updates, 'expected an updates envelope');
	const update = updates.updates.find((u) => u instanceof Api.UpdateNewChannelMessage || u instanceof Api.UpdateNewMessage);
	assert.ok(update instanceof Api.UpdateNewChannelMessage || update instanceof Api.UpdateNewMessage, 'expected a new-message update');
	assert.ok(update.message instanceof Api.MessageService, 'expected a service message');
	return { update, message: update.message };
}

/** The user ids listed by the answer's messageActionInviteToGroupCall. */
export function invitedUserIds(updates: Api.TypeUpdates): string[] {
	const { message } = serviceMessageOf(updates);
	assert.ok(message.action instanceof Api.MessageActionInviteToGroupCall, 'expected messageActionInviteToGroupCall');
	return ids(message.action.users);
}

export function isEmptyUpdates(updates: Api.TypeUpdates): boolean {
	return updates instanceof Api.Updates && updates.updates.length === 0;
}
