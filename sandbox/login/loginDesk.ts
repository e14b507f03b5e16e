import { randomBytes } from 'node:crypto';

import type { WorldState } from '../world/worldState';
import { createChallenge, verifierFor, verifyProof, type SrpChallenge, type SrpSalts } from './srp';

/** The code auth.sendCode "sends" when the world file gives none. */
export const DEFAULT_LOGIN_CODE = '12345';

export interface LoginTimings {
	/** How long a sent code stays valid. Default 300 s. */
	codeSeconds: number;
	/** How long a QR login token stays valid (the `expires` of auth.loginToken). Default 30 s, as on Telegram. */
	qrTokenSeconds: number;
}

export const DEFAULT_LOGIN_TIMINGS: LoginTimings = { codeSeconds: 300, qrTokenSeconds: 30 };

/** A code "sent" by auth.sendCode, named by its phone_code_hash. */
export interface SentCode {
	readonly hash: string;
	/** Digits only. */
	readonly phone: string;
	readonly authKeyId: string;
	readonly code: string;
	/** Whether the phone belongs to the world's account (else signIn answers "sign up required"). */
	readonly accountId: string | undefined;
	expiresAt: number;
	/** Deliveries so far: the app first, then SMS, then none left. */
	deliveries: number;
}

interface QrToken {
	readonly token: Buffer;
	readonly authKeyId: string;
	readonly expiresAt: number;
	scannedBy?: string;
	/** A newer token of the same key lapsed this one before its time. */
	replaced?: boolean;
}

/** Why a test's scan of a QR token failed; the message is the one Telegram's app would get. */
export class QrScanError extends Error {
	constructor(readonly reason: 'AUTH_TOKEN_INVALID' | 'AUTH_TOKEN_EXPIRED' | 'AUTH_TOKEN_ALREADY_ACCEPTED') {
		super(`cannot scan this login token: ${reason}`);
		this.name = 'QrScanError';
	}
}

export type QrExport = { kind: 'token'; token: Buffer; expires: number } | { kind: 'scanned'; accountId: string };

export type PasswordCheck = 'ok' | 'unknown-challenge' | 'wrong';

/**
 * What a login in progress has got so far, per auth key: codes sent, a 2FA step reached, QR tokens shown and
 * scanned. The auth.* / account.getPassword handlers read and change it; `logIn` binds a key to the account
 * when a login succeeds.
 */
export class LoginDesk {
	private readonly codes = new Map<string, SentCode>();
	private readonly tokens = new Map<string, QrToken>();
	/** Keys past the code (or QR) step of an account with 2FA, waiting for auth.checkPassword. */
	private readonly awaitingPassword = new Map<string, string>();
	private readonly challenges = new Map<string, SrpChallenge>();
	private passwordMaterial: { password: string; salts: SrpSalts; verifier: bigint } | undefined;

	constructor(
		private readonly world: WorldState,
		private readonly logIn: (authKeyId: string, accountId: string) => void,
		readonly timings: LoginTimings = DEFAULT_LOGIN_TIMINGS,
	) {}

	// --- codes ---

	sendCode(authKeyId: string, phone: string, now: number): SentCode {
		const me = this.world.me;
		const sent: SentCode = {
			hash: randomBytes(9).toString('hex'),
			phone,
			authKeyId,
			code: me.loginCode ?? DEFAULT_LOGIN_CODE,
			accountId: phone === me.phone ? me.id : undefined,
			expiresAt: now + this.timings.codeSeconds,
			deliveries: 1,
		};
		this.codes.set(sent.hash, sent);
		return sent;
	}

	/** The code named by a hash, if this key asked for it for this phone. Expired codes are returned too. */
	codeFor(authKeyId: string, phone: string, hash: string): SentCode | undefined {
		const sent = this.codes.get(hash);
		return sent !== undefined && sent.authKeyId === authKeyId && sent.phone === phone ? sent : undefined;
	}

	forgetCode(hash: string): void {
		this.codes.delete(hash);
	}

	/** Test hook: every code sent so far is expired from now on. */
	expireCodes(): void {
		for (const sent of this.codes.values()) sent.expiresAt = 0;
	}

	// --- 2FA ---

	get accountHasPassword(): boolean {
		return this.world.me.password !== undefined;
	}

	awaitPassword(authKeyId: string, accountId: string): void {
		this.awaitingPassword.set(authKeyId, accountId);
	}

	/** The account whose password this key may check: the one its login reached, or the one it is logged in to. */
	passwordAccountOf(authKeyId: string, loggedInAccountId: string | undefined): string | undefined {
		return this.awaitingPassword.get(authKeyId) ?? loggedInAccountId;
	}

	get passwordHint(): string | undefined {
		return this.world.me.passwordHint;
	}

	get passwordSalts(): SrpSalts {
		return this.material().salts;
	}

	/** A new SRP challenge for the key (each account.getPassword gets a new one; the previous one lapses). */
	newChallenge(authKeyId: string): SrpChallenge {
		const challenge = createChallenge(this.material().verifier);
		this.challenges.set(authKeyId, challenge);
		return challenge;
	}

	/** Checks an SRP proof; a challenge is good for one check, right or wrong. */
	checkPassword(authKeyId: string, srpId: string, clientPublic: Buffer, clientProof: Buffer): PasswordCheck {
		const challenge = this.challenges.get(authKeyId);
		if (challenge === undefined || challenge.id !== srpId) return 'unknown-challenge';
		this.challenges.delete(authKeyId);
		const { verifier, salts } = this.material();
		return verifyProof(challenge, verifier, salts, clientPublic, clientProof) ? 'ok' : 'wrong';
	}

	private material(): { password: string; salts: SrpSalts; verifier: bigint } {
		const password = this.world.me.password;
		if (password === undefined) throw new Error('the world account has no 2FA password');
		if (this.passwordMaterial?.password !== password) {
			// salt1 as Telegram stores it: the server's 8 bytes plus the 32 the client added when setting the password.
			const salts = { salt1: randomBytes(40), salt2: randomBytes(16) };
			this.passwordMaterial = { password, salts, verifier: verifierFor(password, salts) };
		}
		return this.passwordMaterial;
	}

	// --- QR login ---

	/**
	 * auth.exportLoginToken: a new token (earlier ones of the key lapse), or, once one of the key's tokens was
	 * scanned, the account that scanned it.
	 */
	exportToken(authKeyId: string, now: number): QrExport {
		for (const [id, token] of this.tokens) {
			if (token.authKeyId !== authKeyId) continue;
			if (token.scannedBy !== undefined) return { kind: 'scanned', accountId: token.scannedBy };
			// Kept a while after lapsing, so a late scan is told "expired" rather than "unknown".
			if (token.expiresAt + this.timings.qrTokenSeconds <= now) this.tokens.delete(id);
			else token.replaced = true;
		}
		const token: QrToken = { token: randomBytes(32), authKeyId, expiresAt: now + this.timings.qrTokenSeconds };
		this.tokens.set(token.token.toString('hex'), token);
		return { kind: 'token', token: token.token, expires: token.expiresAt };
	}

	/** auth.importLoginToken (a token scanned on another DC): the scanning account, or the token's state. */
	importToken(token: Buffer, now: number): QrExport | QrScanError {
		const known = this.tokens.get(token.toString('hex'));
		if (known === undefined) return new QrScanError('AUTH_TOKEN_INVALID');
		if (known.scannedBy !== undefined) return { kind: 'scanned', accountId: known.scannedBy };
		if (known.expiresAt <= now || known.replaced === true) return new QrScanError('AUTH_TOKEN_EXPIRED');
		return { kind: 'token', token: known.token, expires: known.expiresAt };
	}

	/** What Telegram does when the account's app scans a QR code: accepts the token; returns the key to notify. */
	scan(token: Buffer, now: number): string {
		const known = this.tokens.get(token.toString('hex'));
		if (known === undefined) throw new QrScanError('AUTH_TOKEN_INVALID');
		if (known.scannedBy !== undefined) throw new QrScanError('AUTH_TOKEN_ALREADY_ACCEPTED');
		if (known.expiresAt <= now || known.replaced === true) throw new QrScanError('AUTH_TOKEN_EXPIRED');
		known.scannedBy = this.world.me.id;
		return known.authKeyId;
	}

	// --- the end of a login ---

	/** The login on this key succeeded: bind it to the account and forget what the login left behind. */
	complete(authKeyId: string, accountId: string): void {
		this.logIn(authKeyId, accountId);
		this.awaitingPassword.delete(authKeyId);
		this.challenges.delete(authKeyId);
		for (const [hash, sent] of this.codes) if (sent.authKeyId === authKeyId) this.codes.delete(hash);
		for (const [id, token] of this.tokens) if (token.authKeyId === authKeyId) this.tokens.delete(id);
	}
}
