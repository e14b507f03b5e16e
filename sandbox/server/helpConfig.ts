import { Api } from 'telegram';

/** The sandbox is one data centre; help.getConfig points every client back at it. */
export const SANDBOX_DC_ID = 2;

export function sandboxConfig(host: string, port: number, now: number): Api.Config {
	return new Api.Config({
		date: now,
		expires: now + 3600,
		testMode: false,
		thisDc: SANDBOX_DC_ID,
		dcOptions: [new Api.DcOption({ id: SANDBOX_DC_ID, ipAddress: host, port, thisPortOnly: true })],
		dcTxtDomainName: 'sandbox.invalid',
		chatSizeMax: 200,
		megagroupSizeMax: 200000,
		forwardedCountMax: 100,
		onlineUpdatePeriodMs: 210000,
		offlineBlurTimeoutMs: 5000,
		offlineIdleTimeoutMs: 30000,
		onlineCloudTimeoutMs: 300000,
		notifyCloudDelayMs: 30000,
		notifyDefaultDelayMs: 1500,
		pushChatPeriodMs: 60000,
		pushChatLimit: 2,
		editTimeLimit: 172800,
		revokeTimeLimit: 2147483647,
		revokePmTimeLimit: 2147483647,
		ratingEDecay: 2419200,
		stickersRecentLimit: 200,
		channelsReadMediaPeriod: 604800,
		callReceiveTimeoutMs: 20000,
		callRingTimeoutMs: 90000,
		callConnectTimeoutMs: 30000,
		callPacketTimeoutMs: 10000,
		meUrlPrefix: 'https://t.me/',
		captionLengthMax: 1024,
		messageLengthMax: 4096,
		webfileDcId: SANDBOX_DC_ID,
	});
}
