/**
 * Encodes a GramJS StringSession: "1" + base64(dc_id:u8 | address length:int16BE | address | port:int16BE | key).
 * Written here rather than with GramJS's StringSession.save(), which throws for ports above 32767: GramJS stores
 * the port as a signed int16 and ignores it when connecting, so such ports wrap here and clients reach the
 * server through a targeted socket (./countingSocket) instead.
 */
export function encodeStringSession(dcId: number, host: string, port: number, authKey: Buffer): string {
	const address = Buffer.from(host, 'utf8');
	const header = Buffer.alloc(3);
	header.writeUInt8(dcId, 0);
	header.writeInt16BE(address.length, 1);
	const portBytes = Buffer.alloc(2);
	portBytes.writeUInt16BE(port & 0xffff, 0);
	return '1' + Buffer.concat([header, address, portBytes, authKey]).toString('base64');
}
