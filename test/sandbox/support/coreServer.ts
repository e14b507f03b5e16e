import bigInt from 'big-integer';
import { Api } from 'telegram';

import { encodeStringSession } from '../../../gramjs/stringSession';
import type { MethodTable } from '../../../sandbox/methods/types';
import { RpcFailure } from '../../../sandbox/methods/types';
import { SandboxServer } from '../../../sandbox/server/sandboxServer';
import type { WorldBehaviour } from '../../../sandbox/world/worldFile';
import { defaultBehaviour, TEST_API_HASH, TEST_API_ID } from '../../support/worldBuilder';

export const API_ID = TEST_API_ID;
export const API_HASH = TEST_API_HASH;
export const ACCOUNT_ID = '1000';

/**
 * The protocol core with a tiny method table of its own, so core tests do not depend on the world's rules.
 * `users.getUsers` answers the account itself (GramJS also calls it after every reconnect);
 * `contacts.getContacts` counts its calls; `contacts.block` fails.
 */
export async function startCoreServer(methods: MethodTable = {}): Promise<{
	server: SandboxServer;
	behaviour: WorldBehaviour;
	session: string;
	handled: Map<string, number>;
}> {
	const behaviour: WorldBehaviour = defaultBehaviour();
	const handled = new Map<string, number>();
	const count = (name: string): void => {
		handled.set(name, (handled.get(name) ?? 0) + 1);
	};
	const server = new SandboxServer({
		host: '127.0.0.1',
		port: 0,
		apiId: API_ID,
		behaviour: () => behaviour,
		methods: {
			'users.GetUsers': (_request: Api.users.GetUsers, context) => {
				count('users.getUsers');
				context.markApplied();
				return [new Api.User({ id: bigInt(ACCOUNT_ID), self: true, firstName: 'Ops', accessHash: bigInt(1) })];
			},
			'contacts.GetContacts': (_request: Api.contacts.GetContacts, context) => {
				count('contacts.getContacts');
				context.markApplied();
				return new Api.contacts.ContactsNotModified();
			},
			'contacts.Block': () => {
				throw new RpcFailure(400, 'CONTACT_ID_INVALID');
			},
			...methods,
		},
	});
	await server.listen();
	const key = server.keys.deriveFor(ACCOUNT_ID, 'core-test');
	return { server, behaviour, handled, session: encodeStringSession(2, '127.0.0.1', server.port, key.authKey) };
}

export const getSelf = (): Api.users.GetUsers => new Api.users.GetUsers({ id: [new Api.InputUserSelf()] });

export const getContacts = (): Api.contacts.GetContacts => new Api.contacts.GetContacts({ hash: bigInt(0) });
