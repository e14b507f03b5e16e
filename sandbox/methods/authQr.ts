import { Api } from 'telegram';

import { QrScanError, type LoginDesk, type QrExport } from '../login/loginDesk';
import type { WorldState } from '../world/worldState';
import { authorizeOrAskPassword, checkApiCredentials } from './authCommon';
import { telegramError } from './errors';
import type { MethodTable, RequestContext } from './types';

/**
 * The QR login: auth.exportLoginToken shows a token (tg://login?token=…); once the account's app has scanned it
 * (the sandbox's `scanQrToken`), the key gets updateLoginToken and the next export answers the login.
 */
export function authQrMethods(world: WorldState, desk: LoginDesk): MethodTable {
	const answer = (exported: QrExport, context: RequestContext): Api.auth.TypeLoginToken => {
		if (exported.kind === 'token') return new Api.auth.LoginToken({ token: exported.token, expires: exported.expires });
		return new Api.auth.LoginTokenSuccess({ authorization: authorizeOrAskPassword(world, desk, context, exported.accountId) });
	};
	return {
		[Api.auth.ExportLoginToken.className]: (request: Api.auth.ExportLoginToken, context: RequestContext) => {
			checkApiCredentials(world, request.apiId, request.apiHash);
			return answer(desk.exportToken(context.authKeyId, context.now), context);
		},
		[Api.auth.ImportLoginToken.className]: (request: Api.auth.ImportLoginToken, context: RequestContext) => {
			const imported = desk.importToken(request.token, context.now);
			if (imported instanceof QrScanError) throw telegramError(imported.reason);
			return answer(imported, context);
		},
	};
}
