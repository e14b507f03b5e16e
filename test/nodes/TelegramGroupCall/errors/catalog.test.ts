import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { describeError, isKnownError, knownErrorCodes } from '../../../../nodes/TelegramGroupCall/errors/catalog';

/** Telegram's errors as docs/node.md lists them, and the node's own codes, each with its routing scope. */
const EXPECTED_SCOPES: Record<string, string> = {
	USER_ALREADY_INVITED: 'user',
	USER_NOT_PARTICIPANT: 'user',
	CHAT_TYPE_INVALID: 'user',
	USER_ID_INVALID: 'user',
	INPUT_USER_DEACTIVATED: 'user',
	USER_PRIVACY_RESTRICTED: 'user',
	GROUPCALL_FORBIDDEN: 'call',
	GROUPCALL_INVALID: 'call',
	INVITE_FORBIDDEN_WITH_JOINAS: 'call',
	CHAT_ADMIN_REQUIRED: 'call',
	CHAT_WRITE_FORBIDDEN: 'call',
	CHANNEL_PRIVATE: 'call',
	PEER_ID_INVALID: 'call',
	FLOOD_WAIT: 'transient',
	PEER_FLOOD: 'limit',
	AUTH_KEY_UNREGISTERED: 'account',
	SESSION_REVOKED: 'account',
	USER_DEACTIVATED: 'account',
	USER_DEACTIVATED_BAN: 'account',
	RPC_CALL_FAIL: 'transient',
	INTERNAL: 'transient',
	USERNAME_NOT_OCCUPIED: 'user',
	USER_NOT_RESOLVED: 'user',
	INVALID_USER_REFERENCE: 'user',
	DUPLICATE_IN_INPUT: 'user',
	NO_USERS: 'user',
	NO_ACTIVE_CALL: 'call',
	CALL_NOT_STARTED: 'call',
	SERVER_UNREACHABLE: 'account',
	TIMEOUT: 'account',
	// Queue mode (issue 11): another process held the session's lease for longer than the timeout.
	SESSION_BUSY: 'account',
	LEASE_STORE_UNREACHABLE: 'account',
	API_ID_INVALID: 'account',
	// Create, Start Scheduled and End (issue 10): the methods' documented errors and the node's own.
	GROUPCALL_ALREADY_DISCARDED: 'call',
	GROUPCALL_ALREADY_STARTED: 'call',
	SCHEDULE_DATE_INVALID: 'call',
	CREATE_CALL_FAILED: 'call',
	CALL_ALREADY_EXISTS: 'call',
	CALL_ENDED: 'call',
	NO_CALL: 'call',
	// messages.getHistory (issue 12: the trigger re-reads a chat's call messages).
	CHANNEL_INVALID: 'call',
	CHAT_ID_INVALID: 'call',
	MSG_ID_INVALID: 'call',
	FROZEN_PARTICIPANT_MISSING: 'account',
};

describe('error catalog', () => {
	it('covers every error of the group-call notes and the node, with the documented scope', () => {
		for (const [code, scope] of Object.entries(EXPECTED_SCOPES)) {
			assert.ok(isKnownError(code), `${code} is missing`);
			assert.equal(describeError(code).scope, scope, code);
		}
	});

	it('gives every code a full sentence with something to do', () => {
		for (const code of knownErrorCodes()) {
			const { message } = describeError(code);
			assert.match(message, /^[A-Z].{30,}[.)]$/s, `${code}: "${message}"`);
			assert.ok(!message.includes(code) || code === 'FLOOD_WAIT', `${code} should be explained, not repeated`);
		}
	});

	it('keeps the HTTP code Telegram actually sent', () => {
		assert.equal(describeError('CHANNEL_PRIVATE', 406).httpCode, 406);
		assert.equal(describeError('CHANNEL_PRIVATE').httpCode, 400);
		assert.equal(describeError('DUPLICATE_IN_INPUT').httpCode, null);
		assert.equal(describeError('NO_USERS').httpCode, null, 'decided by the node, like the other codes without a Telegram answer');
		assert.match(describeError('NO_USERS').message, /Users field/);
	});

	it('describes unknown codes honestly, scoped by their HTTP code', () => {
		const unknown = describeError('SOMETHING_NEW', 400);
		assert.equal(unknown.scope, 'user');
		assert.match(unknown.message, /SOMETHING_NEW/);
		assert.match(unknown.message, /does not know/);
		assert.equal(describeError('SOME_AUTH_THING', 401).scope, 'account');
		assert.equal(describeError('SOME_SERVER_THING', 503).scope, 'transient');
		assert.equal(describeError('NO_HTTP_CODE').httpCode, null);
	});
});
