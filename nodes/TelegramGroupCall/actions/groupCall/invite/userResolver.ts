import { describeError } from '../../../errors/catalog';
import type { UserToken } from '../../../input/parseUserTokens';
import { isTelegramError, TelegramError, type GroupCallHandle, type TelegramGateway, type TelegramUser } from '../../../transport';

export type ResolvableToken = Exclude<UserToken, { kind: 'invalid' | 'duplicate' }>;

/** Sends one request with the run's retry policy (flood waits, server hiccups). */
export type RequestRunner = <T>(what: string, send: () => Promise<T>) => Promise<T>;

/**
 * Turns user tokens into Telegram users for one run: each username and phone is asked once, numeric ids are
 * looked up among the call's chat members and participants. After a flood wait beyond the limit, more
 * look-ups of the same kind fail at once with the remaining wait: asking again would only extend the limit.
 */
export class UserResolver {
	private readonly byUsername = new Map<string, Promise<TelegramUser>>();

	private readonly byPhone = new Map<string, Promise<TelegramUser>>();

	private readonly blockedUntil = new Map<ResolvableToken['kind'], number>();

	constructor(
		private readonly gateway: TelegramGateway,
		private readonly request: RequestRunner,
	) {}

	/**
	 * The user without a request, when that is certain: a numeric id the gateway already met, while look-ups
	 * by id are not blocked. Undefined otherwise (then resolve() decides). Saves the per-user async path for
	 * ids, which are mostly found in one member listing.
	 */
	known(token: ResolvableToken): TelegramUser | undefined {
		if (token.kind !== 'id') return undefined;
		const blockedUntil = this.blockedUntil.get(token.kind);
		if (blockedUntil !== undefined && blockedUntil > Date.now()) return undefined;
		return this.gateway.knownUser(token.userId);
	}

	async resolve(token: ResolvableToken, call: GroupCallHandle): Promise<TelegramUser> {
		const blockedUntil = this.blockedUntil.get(token.kind);
		const now = Date.now();
		if (blockedUntil !== undefined && blockedUntil > now) {
			throw new TelegramError({
				code: 'FLOOD_WAIT',
				httpCode: 420,
				method: `${token.kind} lookup`,
				retryAfter: Math.ceil((blockedUntil - now) / 1000),
			});
		}
		// Not settle(): one async layer less on a path taken per user. The error is routed outside the catch.
		let failure: unknown;
		try {
			return await this.lookUp(token, call);
		} catch (error) {
			failure = error;
		}
		if (isTelegramError(failure) && failure.retryAfter !== undefined) {
			this.blockedUntil.set(token.kind, Date.now() + failure.retryAfter * 1000);
		}
		throw failure;
	}

	private async lookUp(token: ResolvableToken, call: GroupCallHandle): Promise<TelegramUser> {
		switch (token.kind) {
			case 'username':
				return await once(this.byUsername, token.username, async () =>
					await this.request(`resolving @${token.username}`, async () => await this.gateway.resolveUsername(token.username)),
				);
			case 'phone':
				return await once(this.byPhone, token.phone, async () =>
					await this.request('resolving a phone number', async () => await this.gateway.resolvePhone(token.phone)),
				);
			case 'id': {
				const user = await this.request(`looking up user ${token.userId}`, () => this.gateway.findUserById(token.userId, call));
				if (!user) throw new TelegramError({ code: 'USER_NOT_RESOLVED', httpCode: null, method: 'findUserById' });
				return user;
			}
		}
	}
}

/**
 * One request per key and run. A refusal about the user (unknown username, ...) is kept: asking again gives the
 * same answer. Any other failure (a flood wait, a timeout) is forgotten, so the next look-up asks again once
 * the wait is over instead of repeating a stale retryAfter.
 */
async function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
	let pending = cache.get(key);
	if (!pending) {
		pending = load();
		cache.set(key, pending);
		pending.catch((error: unknown) => {
			if (!isTelegramError(error) || describeError(error.code, error.httpCode).scope !== 'user') cache.delete(key);
		});
	}
	return await pending;
}
