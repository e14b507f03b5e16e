import type { LiveCall, Person, WorldState } from '../world/worldState';
import { telegramError, type TelegramErrorName } from './errors';
import { lookupUser } from './lookups';

/**
 * Telegram's invite checks, in the order docs/sandbox-world.md lists them. Call-level checks throw;
 * user-level checks give a verdict per user, which the batch mode then acts on.
 */

export type InviteVerdict =
	| { readonly kind: 'invite'; readonly person: Person }
	/** The account itself: dropped silently, as TDLib does. */
	| { readonly kind: 'self' }
	| { readonly kind: 'fail'; readonly error: TelegramErrorName };

/** After the call was found (GROUPCALL_INVALID), the checks that refuse the whole request. */
export function checkInviteRequest(world: WorldState, call: LiveCall, accountId: string, userCount: number): void {
	if (!world.isMember(call.chat.id, accountId)) throw telegramError('GROUPCALL_FORBIDDEN');
	if (call.state === 'ended') throw telegramError('GROUPCALL_FORBIDDEN');
	if (call.state === 'scheduled') throw telegramError('GROUPCALL_FORBIDDEN');
	if (call.call.joinedAs === 'channel') throw telegramError('INVITE_FORBIDDEN_WITH_JOINAS');
	if (userCount > world.behaviour.maxUsersPerInvite) throw telegramError('USERS_TOO_MUCH');
	const floodAfter = world.behaviour.peerFloodAfterInvites;
	if (floodAfter !== undefined && world.invitesBy(accountId) >= floodAfter) throw telegramError('PEER_FLOOD');
}

export function judgeInvitee(world: WorldState, call: LiveCall, input: unknown, accountId: string): InviteVerdict {
	const person = lookupUser(world, input, accountId);
	if (person === undefined) return fail('USER_ID_INVALID');
	if (person.id === accountId) return { kind: 'self' };
	if (person.deleted) return fail('INPUT_USER_DEACTIVATED');
	if (person.bot) return fail('CHAT_TYPE_INVALID');
	if (!world.isMember(call.chat.id, person.id)) return fail('USER_NOT_PARTICIPANT');
	if (call.hasInvited(person.id) || call.isParticipant(person.id)) return fail('USER_ALREADY_INVITED');
	if (person.inviteRestricted) return fail('USER_PRIVACY_RESTRICTED');
	return { kind: 'invite', person };
}

function fail(error: TelegramErrorName): InviteVerdict {
	return { kind: 'fail', error };
}
