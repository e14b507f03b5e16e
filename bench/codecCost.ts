/**
 * The sandbox's per-request codec work, each piece alone, in this process: CPU µs per call for the fast codec and
 * GramJS's own (sandbox/protocol/wireCodec.ts). Not part of `npm run bench`; decision 0007 quotes it.
 * Run: node --import tsx bench/codecCost.ts
 */
import bigInt from 'big-integer';
import { Api } from 'telegram';

import { fastCodec, gramjsCodec, type WireCodec } from '../sandbox/protocol/wireCodec';

// What a users.getUsers(self) round trip and an invite make the sandbox read and write, with 64-bit ids.
const self = new Api.User({
	id: bigInt('9007199254740993'),
	accessHash: bigInt('-8070450532247928832'),
	firstName: 'Demo',
	lastName: 'Account',
	username: 'demo',
	phone: '15550001',
	self: true,
	contact: true,
});
const getUsers = new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }).getBytes();
const invite = new Api.phone.InviteToGroupCall({
	call: new Api.InputGroupCall({ id: bigInt('9007199254740993'), accessHash: bigInt('-1234567890123456789') }),
	users: [new Api.InputUser({ userId: bigInt('9007199254740995'), accessHash: bigInt('777777777777777777') })],
}).getBytes();

const work: Array<[string, (codec: WireCodec) => unknown]> = [
	['write [User] (the answer)', (codec) => codec.serialize(self)],
	['read users.getUsers(self)', (codec) => codec.read(getUsers)],
	['read phone.inviteToGroupCall', (codec) => codec.read(invite)],
];

function cpuMicrosPerCall(run: () => unknown, calls: number): number {
	for (let i = 0; i < calls / 5; i++) run();
	const before = process.cpuUsage();
	for (let i = 0; i < calls; i++) run();
	const cpu = process.cpuUsage(before);
	return (cpu.user + cpu.system) / calls;
}

const rows = work.map(([what, run]) => {
	const [fast, gramjs] = [fastCodec, gramjsCodec].map((codec) => cpuMicrosPerCall(() => run(codec), 20_000));
	return `| ${what} | ${fast.toFixed(1)} | ${gramjs.toFixed(1)} |`;
});
console.log(['| work | fast µs | GramJS µs |', '| --- | --- | --- |', ...rows].join('\n'));
