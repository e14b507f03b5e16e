/**
 * Turns a GramJS TL object into plain JSON for the request log: `_` is the class name, 64-bit values become
 * decimal strings, bytes become base64. Fields that could carry a secret are replaced by "[redacted]".
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const HIDDEN_KEYS = new Set(['CONSTRUCTOR_ID', 'SUBCLASS_OF_ID', 'className', 'classType', 'originalArgs']);
/**
 * Request fields that hold a secret: the API hash, login codes and the hash binding them to a login, 2FA passwords
 * and their SRP proofs (`password` holds `A` and `M1`), login tokens, exported authorizations and bot tokens.
 */
const SECRET_KEYS = new Set([
	'apiHash',
	'phoneCode',
	'phoneCodeHash',
	'code',
	'emailVerification',
	'password',
	'newSettings',
	'M1',
	'A',
	'bytes',
	'token',
	'botAuthToken',
]);

interface BigIntegerLike {
	toString(): string;
	isNegative(): boolean;
	shiftLeft(bits: number): unknown;
}

function isBigInteger(value: object): value is BigIntegerLike {
	return 'isNegative' in value && 'shiftLeft' in value && typeof (value as BigIntegerLike).toString === 'function';
}

export function tlToJson(value: unknown, depth = 0): JsonValue {
	if (value === null || value === undefined) return null;
	if (depth > 12) return '[too deep]';
	switch (typeof value) {
		case 'string':
		case 'number':
		case 'boolean':
			return value;
		case 'bigint':
			return value.toString();
		case 'object':
			break;
		default:
			return String(value);
	}
	if (Buffer.isBuffer(value)) return value.toString('base64');
	if (Array.isArray(value)) return value.map((item) => tlToJson(item, depth + 1));
	if (isBigInteger(value)) return value.toString();
	const object = value as Record<string, unknown>;
	const json: { [key: string]: JsonValue } = {};
	if (typeof object.className === 'string') json._ = object.className;
	// Object.keys rather than Object.entries: the same fields, without a [key, value] array per field per request.
	for (const key of Object.keys(object)) {
		const field = object[key];
		if (HIDDEN_KEYS.has(key) || field === undefined) continue;
		json[key] = SECRET_KEYS.has(key) ? '[redacted]' : tlToJson(field, depth + 1);
	}
	return json;
}
