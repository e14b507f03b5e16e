import bigInt from 'big-integer';
import { Api } from 'telegram';

/** Short builders for the Input* objects tests send. Ids stay decimal strings up to the TL boundary. */

export function inputUser(id: string, accessHash: string): Api.InputUser {
	return new Api.InputUser({ userId: bigInt(id), accessHash: bigInt(accessHash) });
}

export function inputCall(id: string, accessHash: string): Api.InputGroupCall {
	return new Api.InputGroupCall({ id: bigInt(id), accessHash: bigInt(accessHash) });
}

export function inputChannel(id: string, accessHash: string): Api.InputChannel {
	return new Api.InputChannel({ channelId: bigInt(id), accessHash: bigInt(accessHash) });
}

export function inputPeerChannel(id: string, accessHash: string): Api.InputPeerChannel {
	return new Api.InputPeerChannel({ channelId: bigInt(id), accessHash: bigInt(accessHash) });
}

export function inputPeerChat(id: string): Api.InputPeerChat {
	return new Api.InputPeerChat({ chatId: bigInt(id) });
}

/** A user of the default world by id: its access hash there is "7" + the last three digits ("1001" → "7001"). */
export function demoUser(id: string): Api.InputUser {
	return inputUser(id, `7${id.slice(1)}`);
}

export function invite(call: Api.InputGroupCall, users: Api.TypeInputUser[]): Api.phone.InviteToGroupCall {
	return new Api.phone.InviteToGroupCall({ call, users });
}

export const DEMO_CALL = inputCall('3001', '9001');

export function ids(values: ReadonlyArray<{ toString(): string }>): string[] {
	return values.map((value) => value.toString());
}
