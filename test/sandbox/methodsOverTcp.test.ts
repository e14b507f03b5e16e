/**
 * The sandbox's Telegram methods driven by a plain GramJS TelegramClient over TCP (no node code): lookups, call
 * reads, call management, phone.inviteToGroupCall with each documented error in its order, and each batch mode.
 * Every outcome is checked twice: as GramJS surfaces it (answers, errors.RPCError) and against the sandbox's
 * ground truth (world state, request log). Semantics: docs/sandbox-world.md. The method handlers' details are
 * tested in memory in test/sandbox/methods/; this file proves the same behaviour survives the real wire.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';

import bigInt from 'big-integer';
import { Api } from 'telegram';

import { defaultWorld } from '../../sandbox/world/defaultWorld';
import type { BatchMode, CallState, WorldBehaviour, WorldFile } from '../../sandbox/world/worldFile';
import { buildWorld, FAR_FUTURE, worldCall } from '../support/worldBuilder';
import { demoUser, ids, inputCall, inputChannel, inputPeerChannel, inputUser, invite } from './methods/support/tl';
import { invitedUserIds, serviceMessageOf } from './methods/support/updates';
import { TcpSandbox, type SurfacedError } from './support/tcpSandbox';

// The default world (docs/sandbox-world.md, "The built-in world").
const ME = '1000';
const ALICE = '1001';
const BOB = '1002';
const CAROL = '1003';
const FRANK_INVITED = '1006';
const GRACE_IN_CALL = '1007';
const BOT = '1008';
const DELETED = '1009';
const OUTSIDER = '1010';
const JUDY_PRIVATE = '1011';
const DEMO_MEMBERS = ['1000', '1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009', '1011', '1012', '1013', '1014'];

const DEMO_CALL = inputCall('3001', '9001');
const BASIC_CALL = inputCall('3002', '9002');
const SCHEDULED_CALL = inputCall('3003', '9003');
const ENDED_CALL = inputCall('3004', '9004');
const JOINED_AS_CHANNEL_CALL = inputCall('3005', '9005');
const CHANNEL_CALL = inputCall('3007', '9007');
const NOT_MEMBER_CALL = inputCall('3008', '9008');

const INVITE = 'phone.inviteToGroupCall';

/** A sandbox and a connected client for one test, both stopped after it. */
async function openFor(t: TestContext, world?: WorldFile): Promise<TcpSandbox> {
	const tcp = await TcpSandbox.open(world);
	t.after(() => tcp.close());
	return tcp;
}

/** A sandbox and a connected client shared by a describe block's tests (which must leave it as they found it). */
function sharedSandbox(world?: () => WorldFile): () => TcpSandbox {
	let tcp: TcpSandbox | undefined;
	before(async () => {
		tcp = await TcpSandbox.open(world?.());
	});
	after(() => tcp?.close());
	return () => {
		assert.ok(tcp, 'the shared sandbox did not start');
		return tcp;
	};
}

function withBehaviour(change: Partial<WorldBehaviour>): WorldFile {
	const world = defaultWorld();
	return { ...world, behaviour: { ...world.behaviour, ...change } };
}

const users = (...userIds: string[]): Api.InputUser[] => userIds.map(demoUser);

/** Eleven entries naming invitable Demo members (some twice): one more than the default maxUsersPerInvite. */
const ELEVEN_MEMBERS = users('1001', '1002', '1003', '1004', '1005', '1012', '1013', '1014', '1001', '1002', '1003');

const isInviteMessage = (update: Api.TypeUpdate): update is Api.UpdateNewChannelMessage =>
	update instanceof Api.UpdateNewChannelMessage &&
	update.message instanceof Api.MessageService &&
	update.message.action instanceof Api.MessageActionInviteToGroupCall;

const isGroupCallUpdate = (update: Api.TypeUpdate): update is Api.UpdateGroupCall => update instanceof Api.UpdateGroupCall;

function updatesOf(answer: Api.TypeUpdates): Api.TypeUpdate[] {
	assert.ok(answer instanceof Api.Updates, `expected an updates envelope, got ${answer.className}`);
	return answer.updates;
}

function groupCallsIn(answer: Api.TypeUpdates): Api.TypeGroupCall[] {
	return updatesOf(answer)
		.filter(isGroupCallUpdate)
		.map((update) => update.call);
}

function asGroupCall(call: Api.TypeGroupCall | undefined): Api.GroupCall {
	assert.ok(call instanceof Api.GroupCall, `expected groupCall, got ${call?.className ?? 'nothing'}`);
	return call;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Telegram's method name, as the request log keys it: "phone.DiscardGroupCall" → "phone.discardGroupCall". */
const methodName = (request: Api.AnyRequest): string => request.className.replace(/\.(.)/, (_, first: string) => `.${first.toLowerCase()}`);

describe('over TCP: connecting with the sandbox credentials', () => {
	it('connects with credentials() and its session, and is logged in as the world account', async (t) => {
		const tcp = await openFor(t);
		const { server, apiId } = tcp.sandbox.credentials();
		assert.equal(server, `127.0.0.1:${tcp.sandbox.port}`);
		assert.equal(apiId, 12345);
		assert.equal(tcp.client.connected, true);
		assert.equal(tcp.sandbox.openConnections, 1);
		const me = await tcp.client.getMe();
		assert.equal(me.id.toString(), ME);
		assert.equal(me.self, true);
		assert.equal(me.username, 'ops_owner');
		const first = tcp.sandbox.requests()[0];
		assert.equal(first?.method, 'help.getConfig');
		assert.equal(first?.accountId, ME);
	});
});

describe('over TCP: lookups (default world, read-only)', () => {
	const tcp = sharedSandbox();

	describe('contacts.resolveUsername', () => {
		const found: Array<[string, 'user' | 'channel', string]> = [
			['alice', 'user', ALICE],
			['ALICE', 'user', ALICE],
			['demo_group', 'channel', '2001'],
			['Ops_News', 'channel', '2007'],
		];
		for (const [username, kind, id] of found) {
			it(`resolves @${username} to ${kind} ${id}`, async () => {
				const resolved = await tcp().invoke(new Api.contacts.ResolveUsername({ username }));
				if (kind === 'user') {
					assert.ok(resolved.peer instanceof Api.PeerUser);
					assert.equal(resolved.peer.userId.toString(), id);
					const [user] = resolved.users;
					assert.ok(user instanceof Api.User);
					assert.equal(user.accessHash?.toString(), `7${id.slice(1)}`);
				} else {
					assert.ok(resolved.peer instanceof Api.PeerChannel);
					assert.equal(resolved.peer.channelId.toString(), id);
					const [chat] = resolved.chats;
					assert.ok(chat instanceof Api.Channel);
					assert.equal(chat.accessHash?.toString(), `8${id.slice(1)}`);
					assert.equal(chat.megagroup, id === '2001');
					assert.equal(chat.broadcast, id === '2007');
				}
			});
		}

		const refused: Array<[string, string]> = [
			['nobody_lives_here', 'USERNAME_NOT_OCCUPIED'],
			['abc', 'USERNAME_INVALID'],
			['1alice', 'USERNAME_INVALID'],
			['double__underscore', 'USERNAME_INVALID'],
		];
		for (const [username, message] of refused) {
			it(`answers 400 ${message} for "${username}"`, async () => {
				assert.deepEqual(await tcp().rpcError(new Api.contacts.ResolveUsername({ username })), { code: 400, message });
			});
		}
	});

	it('contacts.resolvePhone finds a non-contact by number (+ and spaces allowed) and shows the phone', async () => {
		const resolved = await tcp().invoke(new Api.contacts.ResolvePhone({ phone: '+1 555 000 1010' }));
		assert.ok(resolved.peer instanceof Api.PeerUser);
		assert.equal(resolved.peer.userId.toString(), OUTSIDER);
		const [user] = resolved.users;
		assert.ok(user instanceof Api.User);
		assert.equal(user.phone, '15550001010');
		assert.equal(user.contact, false);
		assert.deepEqual(await tcp().rpcError(new Api.contacts.ResolvePhone({ phone: '15550009999' })), { code: 400, message: 'PHONE_NOT_OCCUPIED' });
		assert.deepEqual(await tcp().rpcError(new Api.contacts.ResolvePhone({ phone: 'not a phone' })), { code: 400, message: 'PHONE_NUMBER_INVALID' });
	});

	it('contacts.getContacts lists the contact users with their phones', async () => {
		const contacts = await tcp().invoke(new Api.contacts.GetContacts({ hash: bigInt('0') }));
		assert.ok(contacts instanceof Api.contacts.Contacts);
		assert.deepEqual(ids(contacts.contacts.map((contact) => contact.userId)), ['1004', '1014']);
		assert.deepEqual(
			contacts.users.map((user) => (user instanceof Api.User ? [user.id.toString(), user.phone, user.contact] : [])),
			[
				['1004', '15550001004', true],
				['1014', '15550001014', true],
			],
		);
	});

	it('users.getUsers answers one entry per input: the user, self, or userEmpty for an unknown id or a zero/wrong hash', async () => {
		const answer = await tcp().invoke(
			new Api.users.GetUsers({
				id: [new Api.InputUserSelf(), demoUser(ALICE), inputUser('999999', '1'), inputUser(ALICE, '0'), inputUser(ALICE, '7002')],
			}),
		);
		assert.deepEqual(
			answer.map((user) => [user.className, user.id.toString()]),
			[
				['User', ME],
				['User', ALICE],
				['UserEmpty', '999999'],
				['UserEmpty', ALICE],
				['UserEmpty', ALICE],
			],
		);
		const [self, alice] = answer;
		assert.ok(self instanceof Api.User && alice instanceof Api.User);
		assert.equal(self.self, true);
		assert.equal(alice.firstName, 'Alice');
		assert.equal(alice.accessHash?.toString(), '7001');
	});

	it('users.getFullUser counts common chats, and answers 400 USER_ID_INVALID for an unknown user', async () => {
		const alice = await tcp().invoke(new Api.users.GetFullUser({ id: demoUser(ALICE) }));
		assert.equal(alice.fullUser.id.toString(), ALICE);
		// Alice shares 2001–2007 with the account; 2008 (Members Only) is not the account's.
		assert.equal(alice.fullUser.commonChatsCount, 7);
		const ivan = await tcp().invoke(new Api.users.GetFullUser({ id: demoUser(OUTSIDER) }));
		assert.equal(ivan.fullUser.commonChatsCount, 0);
		assert.deepEqual(await tcp().rpcError(new Api.users.GetFullUser({ id: inputUser('999999', '1') })), { code: 400, message: 'USER_ID_INVALID' });
	});

	describe('channels.getFullChannel', () => {
		const cases: Array<[string, Api.InputChannel, string | undefined]> = [
			['Demo: its active call', inputChannel('2001', '8001'), '3001/9001'],
			['Town Hall: its scheduled call', inputChannel('2003', '8003'), '3003/9003'],
			['Last Week: no call once it ended', inputChannel('2004', '8004'), undefined],
			['Quiet Room: no call', inputChannel('2006', '8006'), undefined],
		];
		for (const [what, channel, call] of cases) {
			it(`answers channelFull for ${what}`, async () => {
				const full = await tcp().invoke(new Api.channels.GetFullChannel({ channel }));
				assert.ok(full.fullChat instanceof Api.ChannelFull);
				assert.equal(full.fullChat.id.toString(), channel.channelId.toString());
				const fullCall = full.fullChat.call ?? undefined;
				assert.equal(fullCall === undefined ? undefined : `${fullCall.id.toString()}/${fullCall.accessHash.toString()}`, call);
				assert.deepEqual(ids(full.chats.map((chat) => chat.id)), [channel.channelId.toString()]);
			});
		}

		it('gives the member count of Demo', async () => {
			const full = await tcp().invoke(new Api.channels.GetFullChannel({ channel: inputChannel('2001', '8001') }));
			assert.ok(full.fullChat instanceof Api.ChannelFull);
			assert.equal(full.fullChat.participantsCount, DEMO_MEMBERS.length);
		});

		const refused: Array<[string, Api.InputChannel, SurfacedError]> = [
			['a private chat the account is not in', inputChannel('2008', '8008'), { code: 406, message: 'CHANNEL_PRIVATE' }],
			['a wrong access hash', inputChannel('2001', '8002'), { code: 400, message: 'CHANNEL_INVALID' }],
			['an unknown channel', inputChannel('2999', '8001'), { code: 400, message: 'CHANNEL_INVALID' }],
		];
		for (const [what, channel, error] of refused) {
			it(`answers ${error.code} ${error.message} for ${what}`, async () => {
				assert.deepEqual(await tcp().rpcError(new Api.channels.GetFullChannel({ channel })), error);
			});
		}
	});

	it('messages.getFullChat answers a basic group with its members (with access hashes) and its call', async () => {
		const full = await tcp().invoke(new Api.messages.GetFullChat({ chatId: bigInt('2002') }));
		assert.ok(full.fullChat instanceof Api.ChatFull);
		assert.equal(full.fullChat.id.toString(), '2002');
		assert.ok(full.fullChat.participants instanceof Api.ChatParticipants);
		assert.deepEqual(ids(full.fullChat.participants.participants.map((participant) => participant.userId)), [ME, ALICE, BOB, '1004']);
		assert.equal(`${full.fullChat.call?.id.toString()}/${full.fullChat.call?.accessHash.toString()}`, '3002/9002');
		assert.deepEqual(
			full.users.map((user) => (user instanceof Api.User ? `${user.id.toString()}:${user.accessHash?.toString()}` : user.className)),
			[`${ME}:${tcp().sandbox.world.account.accessHash}`, '1001:7001', '1002:7002', '1004:7004'],
		);
		assert.deepEqual(await tcp().rpcError(new Api.messages.GetFullChat({ chatId: bigInt('2001') })), { code: 400, message: 'CHAT_ID_INVALID' });
	});

	describe('channels.getParticipants', () => {
		const page = async (filter: Api.TypeChannelParticipantsFilter, offset: number, limit: number): Promise<{ ids: string[]; count: number }> => {
			const answer = await tcp().invoke(
				new Api.channels.GetParticipants({ channel: inputChannel('2001', '8001'), filter, offset, limit, hash: bigInt('0') }),
			);
			assert.ok(answer instanceof Api.channels.ChannelParticipants);
			const userIds = answer.participants.map((participant) => ('userId' in participant ? participant.userId.toString() : participant.className));
			assert.deepEqual(ids(answer.users.map((user) => user.id)), userIds);
			return { ids: userIds, count: answer.count };
		};

		it('pages Demo\'s members by offset/limit over three pages, in file order, with the full count on each', async () => {
			const recent = new Api.ChannelParticipantsRecent();
			const pages = [await page(recent, 0, 5), await page(recent, 5, 5), await page(recent, 10, 5), await page(recent, 15, 5)];
			assert.deepEqual(
				pages.map((p) => p.ids.length),
				[5, 5, 4, 0],
			);
			assert.deepEqual(pages.flatMap((p) => p.ids), DEMO_MEMBERS);
			assert.deepEqual(
				pages.map((p) => p.count),
				[14, 14, 14, 14],
			);
		});

		it('searches names and usernames (any case) and pages the matches', async () => {
			const search = new Api.ChannelParticipantsSearch({ q: 'AN' });
			// "an": Alice Anders, Erin Evans, frank_invited.
			assert.deepEqual(await page(search, 0, 2), { ids: [ALICE, '1005'], count: 3 });
			assert.deepEqual(await page(search, 2, 2), { ids: [FRANK_INVITED], count: 3 });
			assert.deepEqual(await page(new Api.ChannelParticipantsSearch({ q: 'brown' }), 0, 10), { ids: [BOB], count: 1 });
		});
	});

	describe('messages.getDialogs', () => {
		const dialogs = (limit: number, offsetPeer: Api.TypeInputPeer = new Api.InputPeerEmpty()): Promise<Api.messages.TypeDialogs> =>
			tcp().invoke(new Api.messages.GetDialogs({ offsetDate: 0, offsetId: 0, offsetPeer, limit, hash: bigInt('0') }));
		const chatIdsOf = (answer: Api.messages.TypeDialogs): string[] => {
			assert.ok(!(answer instanceof Api.messages.DialogsNotModified));
			assert.equal(answer.messages.length, answer.dialogs.length, 'each dialog comes with its top message');
			return answer.dialogs.map((dialog) => {
				const peer = dialog.peer;
				return peer instanceof Api.PeerChannel ? peer.channelId.toString() : peer instanceof Api.PeerChat ? peer.chatId.toString() : '?';
			});
		};

		it('lists the chats the account is in (not Members Only) in one answer', async () => {
			const answer = await dialogs(100);
			assert.ok(answer instanceof Api.messages.Dialogs);
			assert.deepEqual(chatIdsOf(answer), ['2001', '2002', '2003', '2004', '2005', '2006', '2007']);
		});

		it('pages as a dialogsSlice continuing after offset_peer', async () => {
			const first = await dialogs(3);
			assert.ok(first instanceof Api.messages.DialogsSlice);
			assert.equal(first.count, 7);
			assert.deepEqual(chatIdsOf(first), ['2001', '2002', '2003']);
			const second = await dialogs(3, inputPeerChannel('2003', '8003'));
			assert.deepEqual(chatIdsOf(second), ['2004', '2005', '2006']);
			const last = await dialogs(3, inputPeerChannel('2006', '8006'));
			assert.deepEqual(chatIdsOf(last), ['2007']);
		});
	});

	it('updates.getState answers the common-box pts and seq the world holds, qts 0', async () => {
		const state = await tcp().invoke(new Api.updates.GetState());
		const { pts, seq } = tcp().sandbox.world.updateCounters();
		assert.deepEqual([state.pts, state.seq, state.qts], [pts, seq, 0]);
		assert.ok(Math.abs(state.date - nowSeconds()) <= 5);
	});

	describe('phone.getGroupCall', () => {
		it('answers an active call with the first `limit` participants and where to continue', async () => {
			const answer = await tcp().invoke(new Api.phone.GetGroupCall({ call: DEMO_CALL, limit: 1 }));
			const call = asGroupCall(answer.call);
			assert.equal(call.id.toString(), '3001');
			assert.equal(call.title, 'Weekly sync');
			assert.equal(call.participantsCount, 2);
			assert.deepEqual(ids(answer.participants.map((p) => (p.peer as Api.PeerUser).userId)), [ME]);
			assert.equal(answer.participants[0]?.self, true);
			assert.equal(answer.participantsNextOffset, '1');
			const all = await tcp().invoke(new Api.phone.GetGroupCall({ call: DEMO_CALL, limit: 10 }));
			assert.deepEqual(ids(all.participants.map((p) => (p.peer as Api.PeerUser).userId)), [ME, GRACE_IN_CALL]);
			assert.equal(all.participantsNextOffset, '');
		});

		it('answers a scheduled call with its date and an ended one as groupCallDiscarded', async () => {
			const scheduled = asGroupCall((await tcp().invoke(new Api.phone.GetGroupCall({ call: SCHEDULED_CALL, limit: 5 }))).call);
			assert.equal(scheduled.scheduleDate, 2_000_000_000);
			const ended = (await tcp().invoke(new Api.phone.GetGroupCall({ call: ENDED_CALL, limit: 5 }))).call;
			assert.ok(ended instanceof Api.GroupCallDiscarded);
			assert.equal(ended.id.toString(), '3004');
		});

		const refused: Array<[string, Api.InputGroupCall, SurfacedError]> = [
			['an unknown call', inputCall('3999', '9001'), { code: 400, message: 'GROUPCALL_INVALID' }],
			['a wrong access hash', inputCall('3001', '9002'), { code: 400, message: 'GROUPCALL_INVALID' }],
			['a call in a chat the account is not in', NOT_MEMBER_CALL, { code: 403, message: 'GROUPCALL_FORBIDDEN' }],
		];
		for (const [what, call, error] of refused) {
			it(`answers ${error.code} ${error.message} for ${what}`, async () => {
				assert.deepEqual(await tcp().rpcError(new Api.phone.GetGroupCall({ call, limit: 5 })), error);
			});
		}
	});

	describe('phone.getGroupParticipants', () => {
		const participants = (offset: string, limit: number, peers: Api.TypeInputPeer[] = []): Promise<Api.phone.GroupParticipants> =>
			tcp().invoke(new Api.phone.GetGroupParticipants({ call: DEMO_CALL, ids: peers, sources: [], offset, limit }));
		const userIdsOf = (answer: Api.phone.GroupParticipants): string[] => ids(answer.participants.map((p) => (p.peer as Api.PeerUser).userId));

		it('pages by next_offset until it is empty', async () => {
			const first = await participants('', 1);
			assert.deepEqual([userIdsOf(first), first.nextOffset, first.count], [[ME], '1', 2]);
			const second = await participants(first.nextOffset, 1);
			assert.deepEqual([userIdsOf(second), second.nextOffset, second.count], [[GRACE_IN_CALL], '', 2]);
			assert.deepEqual(ids(second.users.map((user) => user.id)), [GRACE_IN_CALL]);
		});

		it('filters by peer', async () => {
			const grace = await participants('', 10, [new Api.InputPeerUser({ userId: bigInt(GRACE_IN_CALL), accessHash: bigInt('7007') })]);
			assert.deepEqual([userIdsOf(grace), grace.count], [[GRACE_IN_CALL], 1]);
		});

		it('answers 403 GROUPCALL_FORBIDDEN for an ended call', async () => {
			const request = new Api.phone.GetGroupParticipants({ call: ENDED_CALL, ids: [], sources: [], offset: '', limit: 10 });
			assert.deepEqual(await tcp().rpcError(request), { code: 403, message: 'GROUPCALL_FORBIDDEN' });
		});
	});

	it('applied nothing: every request above only read the world', () => {
		assert.deepEqual(
			tcp()
				.sandbox.requests()
				.filter((entry) => entry.applied)
				.map((entry) => entry.method),
			[],
		);
	});
});

describe('over TCP: managing calls (a fresh default world per test)', () => {
	const create = (peer: Api.TypeInputPeer, randomId: number, extra: { title?: string; scheduleDate?: number } = {}): Api.phone.CreateGroupCall =>
		new Api.phone.CreateGroupCall({ peer, randomId, ...extra });

	it('phone.createGroupCall starts a call in Quiet Room; a resent request (same random_id) gets the same call, unapplied', async (t) => {
		const tcp = await openFor(t);
		const answer = await tcp.invoke(create(inputPeerChannel('2006', '8006'), 77, { title: '  Drop-in  ' }));
		const call = asGroupCall(groupCallsIn(answer)[0]);
		assert.equal(call.title, 'Drop-in');
		const { message } = serviceMessageOf(answer);
		assert.ok(message.action instanceof Api.MessageActionGroupCall);
		// Ground truth: the chat has a new active call, which a follow-up request sees too.
		const live = tcp.sandbox.world.callOfChat('2006');
		assert.ok(live);
		assert.deepEqual([live.id, live.state, live.call.title], [call.id.toString(), 'active', 'Drop-in']);
		const full = await tcp.invoke(new Api.channels.GetFullChannel({ channel: inputChannel('2006', '8006') }));
		assert.equal(full.fullChat.call?.id.toString(), call.id.toString());
		const pushed = await tcp.waitForPush(isGroupCallUpdate, 'updateGroupCall');
		assert.equal(pushed.call.id.toString(), call.id.toString());

		const again = asGroupCall(groupCallsIn(await tcp.invoke(create(inputPeerChannel('2006', '8006'), 77)))[0]);
		assert.equal(again.id.toString(), call.id.toString());
		assert.deepEqual(
			tcp.sandbox.requests('phone.createGroupCall').map((entry) => entry.applied),
			[true, false],
		);
	});

	it('phone.createGroupCall with schedule_date schedules the call', async (t) => {
		const tcp = await openFor(t);
		const start = nowSeconds() + 3600;
		const answer = await tcp.invoke(create(inputPeerChannel('2006', '8006'), 1, { scheduleDate: start }));
		const call = asGroupCall(groupCallsIn(answer)[0]);
		assert.equal(call.scheduleDate, start);
		assert.ok(serviceMessageOf(answer).message.action instanceof Api.MessageActionGroupCallScheduled);
		assert.deepEqual(
			{ ...tcp.sandbox.world.toJSON().chats.find((chat) => chat.id === '2006')?.call },
			{ id: call.id.toString(), accessHash: call.accessHash.toString(), state: 'scheduled', scheduleDate: start, participants: [], invited: [], joinedAs: 'self' },
		);
		const read = asGroupCall((await tcp.invoke(new Api.phone.GetGroupCall({ call: inputCall(call.id.toString(), call.accessHash.toString()), limit: 1 }))).call);
		assert.equal(read.scheduleDate, start);
	});

	it('phone.discardGroupCall ends Demo\'s call: participants leave, the call reads back discarded, invites are refused', async (t) => {
		const tcp = await openFor(t);
		const answer = await tcp.invoke(new Api.phone.DiscardGroupCall({ call: DEMO_CALL }));
		assert.ok(groupCallsIn(answer)[0] instanceof Api.GroupCallDiscarded);
		const left = updatesOf(answer).find((update) => update instanceof Api.UpdateGroupCallParticipants);
		assert.ok(left instanceof Api.UpdateGroupCallParticipants);
		assert.deepEqual(
			left.participants.map((p) => [(p.peer as Api.PeerUser).userId.toString(), p.left]),
			[
				[ME, true],
				[GRACE_IN_CALL, true],
			],
		);
		const demo = tcp.sandbox.world.toJSON().chats.find((chat) => chat.id === '2001')?.call;
		assert.ok(demo);
		assert.deepEqual([demo.state, demo.participants], ['ended', []]);
		assert.ok((await tcp.invoke(new Api.phone.GetGroupCall({ call: DEMO_CALL, limit: 5 }))).call instanceof Api.GroupCallDiscarded);
		assert.deepEqual(await tcp.rpcError(invite(DEMO_CALL, users(ALICE))), { code: 403, message: 'GROUPCALL_FORBIDDEN' });
		assert.deepEqual(await tcp.rpcError(new Api.phone.DiscardGroupCall({ call: DEMO_CALL })), { code: 400, message: 'GROUPCALL_ALREADY_DISCARDED' });
		assert.deepEqual(
			tcp.sandbox.requests('phone.discardGroupCall').map((entry) => entry.applied),
			[true, false],
		);
	});

	it('phone.editGroupCallTitle sets a trimmed title, and an empty one removes it', async (t) => {
		const tcp = await openFor(t);
		const answer = await tcp.invoke(new Api.phone.EditGroupCallTitle({ call: DEMO_CALL, title: '  Monday sync  ' }));
		assert.equal(asGroupCall(groupCallsIn(answer)[0]).title, 'Monday sync');
		assert.equal(tcp.sandbox.world.call('3001')?.call.title, 'Monday sync');
		assert.equal(asGroupCall((await tcp.invoke(new Api.phone.GetGroupCall({ call: DEMO_CALL, limit: 0 }))).call).title, 'Monday sync');
		await tcp.invoke(new Api.phone.EditGroupCallTitle({ call: DEMO_CALL, title: '' }));
		assert.equal(tcp.sandbox.world.call('3001')?.call.title, undefined);
		assert.equal(asGroupCall((await tcp.invoke(new Api.phone.GetGroupCall({ call: DEMO_CALL, limit: 0 }))).call).title ?? undefined, undefined);
	});

	it('phone.exportGroupCallInvite links public chats (videochat, livestream, speaker link) and changes nothing', async (t) => {
		const tcp = await openFor(t);
		const link = async (call: Api.InputGroupCall, canSelfUnmute?: boolean): Promise<string> =>
			(await tcp.invoke(new Api.phone.ExportGroupCallInvite({ call, canSelfUnmute }))).link;
		assert.equal(await link(DEMO_CALL), 'https://t.me/demo_group?videochat');
		assert.equal(await link(CHANNEL_CALL), 'https://t.me/ops_news?livestream');
		const speaker = await link(DEMO_CALL, true);
		assert.match(speaker, /^https:\/\/t\.me\/demo_group\?videochat=[0-9a-f]+$/);
		assert.equal(await link(DEMO_CALL, true), speaker, 'the speaker link is stable');
		assert.deepEqual(await tcp.rpcError(new Api.phone.ExportGroupCallInvite({ call: BASIC_CALL })), { code: 403, message: 'PUBLIC_CHANNEL_MISSING' });
		assert.deepEqual(
			tcp.sandbox.requests('phone.exportGroupCallInvite').map((entry) => entry.applied),
			[false, false, false, false, false],
		);
	});

	it('phone.startScheduledGroupCall starts Town Hall: it becomes active and invites into it now work', async (t) => {
		const tcp = await openFor(t);
		assert.deepEqual(await tcp.rpcError(invite(SCHEDULED_CALL, users(ALICE))), { code: 403, message: 'GROUPCALL_FORBIDDEN' });
		const answer = await tcp.invoke(new Api.phone.StartScheduledGroupCall({ call: SCHEDULED_CALL }));
		const call = asGroupCall(groupCallsIn(answer)[0]);
		assert.equal(call.scheduleDate ?? undefined, undefined);
		assert.ok(serviceMessageOf(answer).message.action instanceof Api.MessageActionGroupCall);
		const townHall = tcp.sandbox.world.toJSON().chats.find((chat) => chat.id === '2003')?.call;
		assert.ok(townHall);
		assert.deepEqual([townHall.state, townHall.scheduleDate], ['active', undefined]);
		assert.deepEqual(invitedUserIds(await tcp.invoke(invite(SCHEDULED_CALL, users(ALICE)))), [ALICE]);
		assert.deepEqual(tcp.sandbox.world.invitedUsers('3003'), [ALICE]);
		assert.deepEqual(await tcp.rpcError(new Api.phone.StartScheduledGroupCall({ call: SCHEDULED_CALL })), { code: 403, message: 'GROUPCALL_ALREADY_STARTED' });
	});

	it('phone.toggleGroupCallRecord starts and stops recording (record_start_date)', async (t) => {
		const tcp = await openFor(t);
		const before = nowSeconds();
		await tcp.invoke(new Api.phone.ToggleGroupCallRecord({ call: DEMO_CALL, start: true }));
		const recording = asGroupCall((await tcp.invoke(new Api.phone.GetGroupCall({ call: DEMO_CALL, limit: 0 }))).call);
		assert.ok(recording.recordStartDate !== undefined && recording.recordStartDate >= before && recording.recordStartDate <= nowSeconds());
		assert.equal(tcp.sandbox.world.call('3001')?.recordStartDate, recording.recordStartDate);
		await tcp.invoke(new Api.phone.ToggleGroupCallRecord({ call: DEMO_CALL, start: false }));
		const stopped = asGroupCall((await tcp.invoke(new Api.phone.GetGroupCall({ call: DEMO_CALL, limit: 0 }))).call);
		assert.equal(stopped.recordStartDate ?? undefined, undefined);
		assert.equal(tcp.sandbox.world.call('3001')?.recordStartDate, undefined);
		assert.deepEqual(
			tcp.sandbox.requests('phone.toggleGroupCallRecord').map((entry) => entry.applied),
			[true, true],
		);
	});

	describe('refusals apply nothing (one shared default world)', () => {
		const tcp = sharedSandbox();
		const cases: Array<[string, Api.AnyRequest, SurfacedError]> = [
			['createGroupCall without call rights', create(inputPeerChannel('2005', '8005'), 1), { code: 400, message: 'CHAT_ADMIN_REQUIRED' }],
			['createGroupCall for a user', create(new Api.InputPeerUser({ userId: bigInt(ALICE), accessHash: bigInt('7001') }), 2), { code: 400, message: 'PEER_ID_INVALID' }],
			['createGroupCall scheduled 5 s ahead', create(inputPeerChannel('2006', '8006'), 3, { scheduleDate: nowSeconds() + 5 }), { code: 400, message: 'SCHEDULE_DATE_INVALID' }],
			['discardGroupCall without call rights', new Api.phone.DiscardGroupCall({ call: JOINED_AS_CHANNEL_CALL }), { code: 400, message: 'CHAT_ADMIN_REQUIRED' }],
			['discardGroupCall of an ended call', new Api.phone.DiscardGroupCall({ call: ENDED_CALL }), { code: 400, message: 'GROUPCALL_ALREADY_DISCARDED' }],
			['editGroupCallTitle of an ended call', new Api.phone.EditGroupCallTitle({ call: ENDED_CALL, title: 'x' }), { code: 403, message: 'GROUPCALL_FORBIDDEN' }],
			['exportGroupCallInvite in a chat the account is not in', new Api.phone.ExportGroupCallInvite({ call: NOT_MEMBER_CALL }), { code: 403, message: 'GROUPCALL_FORBIDDEN' }],
			['a speaker link without call rights', new Api.phone.ExportGroupCallInvite({ call: JOINED_AS_CHANNEL_CALL, canSelfUnmute: true }), { code: 400, message: 'CHAT_ADMIN_REQUIRED' }],
			['startScheduledGroupCall of an active call', new Api.phone.StartScheduledGroupCall({ call: DEMO_CALL }), { code: 403, message: 'GROUPCALL_ALREADY_STARTED' }],
			['toggleGroupCallRecord of a scheduled call', new Api.phone.ToggleGroupCallRecord({ call: SCHEDULED_CALL, start: true }), { code: 403, message: 'GROUPCALL_FORBIDDEN' }],
			['toggleGroupCallRecord of an unknown call', new Api.phone.ToggleGroupCallRecord({ call: inputCall('3999', '9999'), start: true }), { code: 400, message: 'GROUPCALL_INVALID' }],
		];
		for (const [what, request, error] of cases) {
			it(`${what}: ${error.code} ${error.message}`, async () => {
				assert.deepEqual(await tcp().rpcError(request), error);
				const entry = tcp().lastRequest(methodName(request));
				assert.deepEqual([entry.outcome, entry.error, entry.applied], ['error', { code: error.code, message: error.message }, false]);
			});
		}
	});
});

describe('over TCP: phone.inviteToGroupCall succeeds', () => {
	it('invites Demo members: the answer carries a messageActionInviteToGroupCall listing exactly them', async (t) => {
		const tcp = await openFor(t);
		const answer = await tcp.invoke(invite(DEMO_CALL, users(ALICE, BOB)));
		const { update, message } = serviceMessageOf(answer);
		assert.ok(update instanceof Api.UpdateNewChannelMessage);
		assert.ok(message.peerId instanceof Api.PeerChannel);
		assert.equal(message.peerId.channelId.toString(), '2001');
		assert.ok(message.action instanceof Api.MessageActionInviteToGroupCall);
		assert.equal(message.action.call.id.toString(), '3001');
		assert.deepEqual(ids(message.action.users), [ALICE, BOB]);
		assert.ok(answer instanceof Api.Updates);
		assert.deepEqual(ids(answer.users.map((user) => user.id)), [ME, ALICE, BOB]);
		// Ground truth.
		assert.deepEqual(tcp.sandbox.world.invitedUsers('3001'), [ALICE, BOB]);
		assert.deepEqual(tcp.sandbox.world.toJSON().chats[0]?.call?.invited, [FRANK_INVITED, ALICE, BOB]);
		const entry = tcp.lastRequest(INVITE);
		assert.deepEqual([entry.outcome, entry.resultType, entry.applied], ['answered', 'Updates', true]);
		assert.deepEqual(entry.params, {
			_: 'phone.InviteToGroupCall',
			call: { _: 'InputGroupCall', id: '3001', accessHash: '9001' },
			users: [
				{ _: 'InputUser', userId: ALICE, accessHash: '7001' },
				{ _: 'InputUser', userId: BOB, accessHash: '7002' },
			],
		});

		// A second invite of Alice is refused and not recorded again.
		assert.deepEqual(await tcp.rpcError(invite(DEMO_CALL, users(ALICE))), { code: 400, message: 'USER_ALREADY_INVITED' });
		assert.equal(tcp.sandbox.world.inviteCount('3001', ALICE), 1);
		assert.equal(tcp.lastRequest(INVITE).applied, false);
	});

	it('in a basic group: updateNewMessage in the common box, which updates.getState then reports', async (t) => {
		const tcp = await openFor(t);
		const answer = await tcp.invoke(invite(BASIC_CALL, users(ALICE, BOB)));
		const { update, message } = serviceMessageOf(answer);
		assert.ok(update instanceof Api.UpdateNewMessage);
		assert.ok(message.peerId instanceof Api.PeerChat);
		assert.equal(message.peerId.chatId.toString(), '2002');
		assert.deepEqual(invitedUserIds(answer), [ALICE, BOB]);
		assert.ok(answer instanceof Api.Updates && answer.seq > 0);
		const state = await tcp.invoke(new Api.updates.GetState());
		assert.deepEqual([state.pts, state.seq], [update.pts, answer.seq]);
		assert.deepEqual(tcp.sandbox.world.invitedUsers('3002'), [ALICE, BOB]);
	});

	it('in a broadcast channel: posted as the channel', async (t) => {
		const tcp = await openFor(t);
		const { message } = serviceMessageOf(await tcp.invoke(invite(CHANNEL_CALL, users(CAROL))));
		assert.equal(message.post, true);
		assert.equal(message.fromId ?? undefined, undefined);
		assert.deepEqual(tcp.sandbox.world.invitedUsers('3007'), [CAROL]);
	});

	it('drops the account itself silently (inputUserSelf or its own id) and invites a user listed twice once', async (t) => {
		const tcp = await openFor(t);
		const me = tcp.sandbox.world.account;
		const answer = await tcp.invoke(invite(DEMO_CALL, [new Api.InputUserSelf(), demoUser(ALICE), inputUser(me.id, me.accessHash), demoUser(ALICE)]));
		assert.deepEqual(invitedUserIds(answer), [ALICE]);
		assert.deepEqual(tcp.sandbox.world.inviteLog().map((record) => [record.callId, record.userId, record.byAccountId]), [['3001', ALICE, ME]]);
	});

	it('answers empty updates and applies nothing when only the account itself is listed', async (t) => {
		const tcp = await openFor(t);
		const answer = await tcp.invoke(invite(DEMO_CALL, [new Api.InputUserSelf()]));
		assert.deepEqual(updatesOf(answer), []);
		assert.deepEqual(tcp.sandbox.world.inviteLog(), []);
		assert.deepEqual([tcp.lastRequest(INVITE).outcome, tcp.lastRequest(INVITE).applied], ['answered', false]);
	});
});

describe('over TCP: phone.inviteToGroupCall errors, in the documented order (atomic, one shared default world)', () => {
	const tcp = sharedSandbox();

	/** Asserts the error GramJS surfaced and that the sandbox logged the same error and applied nothing. */
	async function expectRefused(request: Api.phone.InviteToGroupCall, error: SurfacedError): Promise<void> {
		assert.deepEqual(await tcp().rpcError(request), error);
		const entry = tcp().lastRequest(INVITE);
		assert.deepEqual([entry.outcome, entry.error, entry.applied], ['error', { code: error.code, message: error.message }, false]);
		assert.deepEqual(tcp().sandbox.world.inviteLog(), [], 'no invite was ever applied');
		assert.deepEqual(tcp().sandbox.world.toJSON().chats[0]?.call?.invited, [FRANK_INVITED], "Demo's invited list is unchanged");
	}

	// Call-level checks 1–6. Each request also lists a bot and eleven users, so a later check would fail too:
	// the answer shows which check runs first.
	const callCases: Array<[string, Api.InputGroupCall, SurfacedError]> = [
		['1: an unknown call', inputCall('3999', '9001'), { code: 400, message: 'GROUPCALL_INVALID' }],
		['1: a wrong access hash (of an ended call)', inputCall('3004', '9001'), { code: 400, message: 'GROUPCALL_INVALID' }],
		['2: a call in a chat the account is not in', NOT_MEMBER_CALL, { code: 403, message: 'GROUPCALL_FORBIDDEN' }],
		['3: an ended call', ENDED_CALL, { code: 403, message: 'GROUPCALL_FORBIDDEN' }],
		['4: a scheduled call', SCHEDULED_CALL, { code: 403, message: 'GROUPCALL_FORBIDDEN' }],
		['5: a call the account joined as a channel', JOINED_AS_CHANNEL_CALL, { code: 400, message: 'INVITE_FORBIDDEN_WITH_JOINAS' }],
		['6: more users than maxUsersPerInvite', DEMO_CALL, { code: 400, message: 'USERS_TOO_MUCH' }],
	];
	for (const [what, call, error] of callCases) {
		it(`check ${what}: ${error.code} ${error.message}`, async () => {
			await expectRefused(invite(call, [demoUser(BOT), ...ELEVEN_MEMBERS]), error);
		});
	}

	it('counts users as sent: ten entries (with self and a duplicate) pass check 6 and reach the per-user checks', async () => {
		const ten = [new Api.InputUserSelf(), ...users(ALICE, ALICE, BOB, CAROL, '1004', '1005', '1012', '1013'), demoUser(BOT)];
		assert.equal(ten.length, 10);
		await expectRefused(invite(DEMO_CALL, ten), { code: 403, message: 'CHAT_TYPE_INVALID' });
	});

	// Per-user checks b–g, each user alone.
	const userCases: Array<[string, Api.TypeInputUser, SurfacedError]> = [
		['b: an unknown user', inputUser('999999', '1'), { code: 400, message: 'USER_ID_INVALID' }],
		['b: a wrong access hash', inputUser(ALICE, '7002'), { code: 400, message: 'USER_ID_INVALID' }],
		['b: a zero access hash', inputUser(ALICE, '0'), { code: 400, message: 'USER_ID_INVALID' }],
		['b: inputUserEmpty', new Api.InputUserEmpty(), { code: 400, message: 'USER_ID_INVALID' }],
		['b: a deleted account with a wrong hash', inputUser(DELETED, '7001'), { code: 400, message: 'USER_ID_INVALID' }],
		['c: a deleted account', demoUser(DELETED), { code: 400, message: 'INPUT_USER_DEACTIVATED' }],
		['d: a bot', demoUser(BOT), { code: 403, message: 'CHAT_TYPE_INVALID' }],
		['e: a non-member', demoUser(OUTSIDER), { code: 403, message: 'USER_NOT_PARTICIPANT' }],
		['f: a user already invited', demoUser(FRANK_INVITED), { code: 400, message: 'USER_ALREADY_INVITED' }],
		['f: a user already in the call', demoUser(GRACE_IN_CALL), { code: 400, message: 'USER_ALREADY_INVITED' }],
		['g: a privacy-restricted user', demoUser(JUDY_PRIVATE), { code: 403, message: 'USER_PRIVACY_RESTRICTED' }],
	];
	for (const [what, user, error] of userCases) {
		it(`check ${what}: ${error.code} ${error.message}, nobody invited`, async () => {
			await expectRefused(invite(DEMO_CALL, [user]), error);
		});
	}

	it('answers the first failing user in request order, not the earliest check, and invites none of the valid ones', async () => {
		await expectRefused(invite(DEMO_CALL, users(ALICE, JUDY_PRIVATE, BOT, DELETED)), { code: 403, message: 'USER_PRIVACY_RESTRICTED' });
		await expectRefused(invite(DEMO_CALL, [new Api.InputUserSelf(), ...users(BOB, OUTSIDER, FRANK_INVITED)]), { code: 403, message: 'USER_NOT_PARTICIPANT' });
	});
});

/**
 * Users that fail several per-user checks at once, so each answer shows which check comes first; with ids beyond
 * 2^53 and negative access hashes, which only big-integer carries intact (a JS number would round them).
 */
const BIG = {
	me: { id: '5000000000' },
	member: { id: '9007199254740993', accessHash: '-9223372036854775808' },
	deletedOutsider: { id: '9007199254740995', accessHash: '-1' },
	botOutsider: { id: '9007199254740997', accessHash: '4611686018427387905' },
	privateOutsider: { id: '9223372036854775807', accessHash: '-4611686018427387905' },
	privateInvited: { id: '18014398509481985', accessHash: '9223372036854775807' },
	privateInCall: { id: '18014398509481987', accessHash: '-9007199254740993' },
	chat: { id: '1099511627776', accessHash: '-7777777777777777777' },
	call: { id: '9223372036854775806', accessHash: '-9223372036854775807' },
} as const;

function bigIdWorld(): WorldFile {
	const { me, member, deletedOutsider, botOutsider, privateOutsider, privateInvited, privateInCall } = BIG;
	const call = (id: string, state: CallState) =>
		worldCall(id, '77', { state, joinedAs: 'channel', ...(state === 'scheduled' ? { scheduleDate: FAR_FUTURE } : {}) });
	return buildWorld({
		// An API pair of its own: the client must take the sandbox's, not assume the default one.
		apiId: 777,
		apiHash: 'fedcba9876543210fedcba9876543210',
		me: { id: me.id, firstName: 'Big', phone: '15550002000' },
		users: [
			{ ...member, firstName: 'Member' },
			{ ...deletedOutsider, firstName: 'Gone', deleted: true },
			{ ...botOutsider, firstName: 'Robot', bot: true },
			{ ...privateOutsider, firstName: 'Private', inviteRestricted: true },
			{ ...privateInvited, firstName: 'Asked', inviteRestricted: true },
			{ ...privateInCall, firstName: 'Talking', inviteRestricted: true },
		],
		chats: [
			{
				...BIG.chat,
				kind: 'supergroup',
				title: 'Big ids',
				members: [me.id, member.id, privateInvited.id, privateInCall.id],
				call: worldCall(BIG.call.id, BIG.call.accessHash, { participants: [privateInCall.id], invited: [privateInvited.id] }),
			},
			// Calls the account joined as a channel that also fail an earlier call-level check.
			{ id: '11', accessHash: '11', kind: 'supergroup', title: 'Not in it', members: [member.id], call: call('21', 'active') },
			{ id: '12', accessHash: '12', kind: 'supergroup', title: 'Ended', members: [me.id], call: call('22', 'ended') },
			{ id: '13', accessHash: '13', kind: 'supergroup', title: 'Later', members: [me.id], call: call('23', 'scheduled') },
		],
	});
}

const bigUser = (user: { id: string; accessHash: string }, accessHash = user.accessHash): Api.InputUser => inputUser(user.id, accessHash);
const BIG_CALL = inputCall(BIG.call.id, BIG.call.accessHash);

describe('over TCP: invite checks that overlap, in a custom world with 64-bit ids', () => {
	const tcp = sharedSandbox(bigIdWorld);

	const cases: Array<[string, Api.InputGroupCall, Api.TypeInputUser[], SurfacedError]> = [
		['2 before 5: not in the chat, joined as a channel', inputCall('21', '77'), [bigUser(BIG.member)], { code: 403, message: 'GROUPCALL_FORBIDDEN' }],
		['3 before 5: ended, joined as a channel', inputCall('22', '77'), [bigUser(BIG.member)], { code: 403, message: 'GROUPCALL_FORBIDDEN' }],
		['4 before 5: scheduled, joined as a channel', inputCall('23', '77'), [bigUser(BIG.member)], { code: 403, message: 'GROUPCALL_FORBIDDEN' }],
		['b before c: deleted, with a wrong hash', BIG_CALL, [bigUser(BIG.deletedOutsider, '1')], { code: 400, message: 'USER_ID_INVALID' }],
		['c before e: deleted and not a member', BIG_CALL, [bigUser(BIG.deletedOutsider)], { code: 400, message: 'INPUT_USER_DEACTIVATED' }],
		['d before e: a bot and not a member', BIG_CALL, [bigUser(BIG.botOutsider)], { code: 403, message: 'CHAT_TYPE_INVALID' }],
		['e before g: restricted and not a member', BIG_CALL, [bigUser(BIG.privateOutsider)], { code: 403, message: 'USER_NOT_PARTICIPANT' }],
		['f before g: restricted and already invited', BIG_CALL, [bigUser(BIG.privateInvited)], { code: 400, message: 'USER_ALREADY_INVITED' }],
		['f before g: restricted and in the call', BIG_CALL, [bigUser(BIG.privateInCall)], { code: 400, message: 'USER_ALREADY_INVITED' }],
	];
	for (const [what, call, invitees, error] of cases) {
		it(`${what}: ${error.code} ${error.message}`, async () => {
			assert.deepEqual(await tcp().rpcError(invite(call, invitees)), error);
			assert.equal(tcp().lastRequest(INVITE).applied, false);
			assert.deepEqual(tcp().sandbox.world.inviteLog(), []);
		});
	}

	it('carries 64-bit ids and negative hashes intact both ways (on a fresh copy of the world)', async (t) => {
		const fresh = await openFor(t, bigIdWorld());
		const me = fresh.sandbox.world.account;
		const answer = await fresh.invoke(invite(BIG_CALL, [inputUser(me.id, me.accessHash), bigUser(BIG.member)]));
		const { message } = serviceMessageOf(answer);
		assert.ok(message.peerId instanceof Api.PeerChannel);
		assert.equal(message.peerId.channelId.toString(), BIG.chat.id);
		assert.ok(message.action instanceof Api.MessageActionInviteToGroupCall);
		assert.deepEqual([message.action.call.id.toString(), message.action.call.accessHash.toString()], [BIG.call.id, BIG.call.accessHash]);
		assert.deepEqual(ids(message.action.users), [BIG.member.id]);
		assert.deepEqual(fresh.sandbox.world.invitedUsers(BIG.call.id), [BIG.member.id]);
		const sent = fresh.lastRequest(INVITE).params as { users: unknown[] };
		assert.deepEqual(sent.users[1], { _: 'InputUser', userId: BIG.member.id, accessHash: BIG.member.accessHash });
		const [member] = await fresh.invoke(new Api.users.GetUsers({ id: [bigUser(BIG.member)] }));
		assert.ok(member instanceof Api.User);
		assert.deepEqual([member.id.toString(), member.accessHash?.toString()], [BIG.member.id, BIG.member.accessHash]);
	});
});

describe('over TCP: PEER_FLOOD (check 7)', () => {
	it('once the account invited peerFloodAfterInvites users, every invite answers 400 PEER_FLOOD; check 6 still comes first', async (t) => {
		const tcp = await openFor(t, withBehaviour({ peerFloodAfterInvites: 2 }));
		// A batch crossing the limit is applied whole.
		assert.deepEqual(invitedUserIds(await tcp.invoke(invite(DEMO_CALL, users(ALICE, BOB, CAROL)))), [ALICE, BOB, CAROL]);
		assert.deepEqual(await tcp.rpcError(invite(DEMO_CALL, [demoUser(BOT)])), { code: 400, message: 'PEER_FLOOD' });
		assert.deepEqual(await tcp.rpcError(invite(DEMO_CALL, ELEVEN_MEMBERS)), { code: 400, message: 'USERS_TOO_MUCH' });
		assert.deepEqual(tcp.sandbox.world.invitedUsers('3001'), [ALICE, BOB, CAROL]);
		assert.deepEqual(
			tcp.sandbox.requests(INVITE).map((entry) => [entry.error?.message ?? entry.outcome, entry.applied]),
			[
				['answered', true],
				['PEER_FLOOD', false],
				['USERS_TOO_MUCH', false],
			],
		);
	});
});

describe('over TCP: batch modes with a mixed batch', () => {
	// Alice and Bob pass; the bot fails first (403 CHAT_TYPE_INVALID), the outsider after it; the account drops out.
	const mixedBatch = (): Api.TypeInputUser[] => [demoUser(ALICE), demoUser(BOT), demoUser(BOB), new Api.InputUserSelf(), demoUser(OUTSIDER)];
	const allFailing = (): Api.TypeInputUser[] => [demoUser(BOT), demoUser(OUTSIDER)];
	const chatTypeInvalid: SurfacedError = { code: 403, message: 'CHAT_TYPE_INVALID' };

	interface Expected {
		/** The error GramJS surfaces, or undefined for a success whose message lists `invited`. */
		error?: SurfacedError;
		invited: string[];
		/** The partial mode tells the client of what it applied only through a pushed update. */
		pushed: boolean;
	}
	const cases: Array<[BatchMode, 'mixed' | 'all failing', Expected]> = [
		['atomic', 'mixed', { error: chatTypeInvalid, invited: [], pushed: false }],
		['partial', 'mixed', { error: chatTypeInvalid, invited: [ALICE, BOB], pushed: true }],
		['lenient', 'mixed', { invited: [ALICE, BOB], pushed: false }],
		['atomic', 'all failing', { error: chatTypeInvalid, invited: [], pushed: false }],
		['partial', 'all failing', { error: chatTypeInvalid, invited: [], pushed: false }],
		['lenient', 'all failing', { invited: [], pushed: false }],
	];

	for (const [batch, kind, expected] of cases) {
		const outcome = expected.error === undefined ? 'succeeds' : `answers ${expected.error.code} ${expected.error.message}`;
		it(`${batch}, ${kind} batch: ${outcome} and invites [${expected.invited.join(', ')}]`, async (t) => {
			const tcp = await openFor(t, withBehaviour({ batch }));
			const request = invite(DEMO_CALL, kind === 'mixed' ? mixedBatch() : allFailing());
			if (expected.error === undefined) {
				const answer = await tcp.invoke(request);
				if (expected.invited.length === 0) assert.deepEqual(updatesOf(answer), [], 'nobody left: empty updates');
				else assert.deepEqual(invitedUserIds(answer), expected.invited, 'the message lists only the invited users');
			} else {
				assert.deepEqual(await tcp.rpcError(request), expected.error);
			}

			// Ground truth: who is invited, and whether the request log says it was applied.
			assert.deepEqual(tcp.sandbox.world.invitedUsers('3001'), expected.invited);
			assert.deepEqual(tcp.sandbox.world.toJSON().chats[0]?.call?.invited, [FRANK_INVITED, ...expected.invited]);
			const entry = tcp.lastRequest(INVITE);
			assert.equal(entry.outcome, expected.error === undefined ? 'answered' : 'error');
			assert.equal(entry.applied, expected.invited.length > 0);

			const pushes = (await tcp.pushesSettled()).filter(isInviteMessage);
			if (expected.pushed) {
				assert.equal(pushes.length, 1);
				const action = (pushes[0]?.message as Api.MessageService).action as Api.MessageActionInviteToGroupCall;
				assert.deepEqual(ids(action.users), expected.invited);
			} else {
				assert.deepEqual(pushes, []);
			}
		});
	}

	it('switches mode at run time with setBehaviour', async (t) => {
		const tcp = await openFor(t);
		assert.deepEqual(await tcp.rpcError(invite(DEMO_CALL, mixedBatch())), chatTypeInvalid);
		tcp.sandbox.setBehaviour({ batch: 'lenient' });
		assert.deepEqual(invitedUserIds(await tcp.invoke(invite(DEMO_CALL, mixedBatch()))), [ALICE, BOB]);
		assert.deepEqual(
			tcp.sandbox.requests(INVITE).map((entry) => entry.applied),
			[false, true],
		);
	});
});
